"""Who sees what of the cross-disciplinary team (need to know).

- The institution leader and the team's active members see the institution's meetings and agenda.
- A team member sees the child of a named item only while the parents' consent stands (RSL § 11 e;
  withdrawn consent hides the name from then on).
- An educator sees only the items they raised; nobody else sees anything.
- An early course (BL §§ 29–30) is the social worker's own; the leader sees counts without names.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tidlig.organisation.models import Institution, Role, Staff

from .models import CrossTeamMember, MeetingItem, Profession, TeamMeeting


def _active(actor: Staff) -> bool:
    return bool(actor.is_authenticated and actor.municipality_id)


def led_institution_ids(actor: Staff) -> set[int]:
    if _active(actor) and actor.role == Role.INSTITUTION_LEADER and actor.institution_id:
        return {actor.institution_id}
    return set()


def seat_institution_ids(actor: Staff) -> set[int]:
    """The institutions whose team the actor sits on (active seats only)."""
    if not _active(actor):
        return set()
    return set(
        CrossTeamMember.objects.filter(
            staff=actor, active=True, institution__municipality_id=actor.municipality_id
        ).values_list("institution_id", flat=True)
    )


def team_institution_ids(actor: Staff) -> set[int]:
    """The institutions whose meetings the actor sees: led or sat on."""
    return led_institution_ids(actor) | seat_institution_ids(actor)


def is_leader_of(actor: Staff, institution_id: int | None) -> bool:
    return institution_id is not None and institution_id in led_institution_ids(actor)


def is_social_worker(actor: Staff) -> bool:
    return (
        _active(actor)
        and CrossTeamMember.objects.filter(
            staff=actor, active=True, profession=Profession.SOCIAL_WORKER
        ).exists()
    )


def institutions_for(actor: Staff) -> QuerySet[Institution]:
    return Institution.objects.filter(pk__in=team_institution_ids(actor)).order_by("name")


def sees_meetings_of(actor: Staff, institution_id: int | None) -> bool:
    """Whether the actor may open the institution's meetings: the one test for a link to a meeting and
    for the meeting page itself (an educator sees the items she raised, not the meeting they are on)."""
    return institution_id is not None and institution_id in team_institution_ids(actor)


def meetings_visible_to(actor: Staff) -> QuerySet[TeamMeeting]:
    ids = team_institution_ids(actor)
    if not ids:
        return TeamMeeting.objects.none()
    return TeamMeeting.objects.filter(
        institution_id__in=ids, institution__municipality_id=actor.municipality_id
    )


def items_visible_to(actor: Staff) -> QuerySet[MeetingItem]:
    """Items on the actor's institutions' meetings (and proposals, for the leader), or those they raised."""
    if not _active(actor):
        return MeetingItem.objects.none()
    seats = seat_institution_ids(actor)
    led = led_institution_ids(actor)
    q = Q(raised_by=actor)
    if led:
        q |= Q(institution_id__in=led)
    if seats:
        q |= Q(institution_id__in=seats, meeting__isnull=False)
    return MeetingItem.objects.filter(q, institution__municipality_id=actor.municipality_id)


def sees_child_of(
    actor: Staff, item: MeetingItem, *, led: set[int] | None = None, seats: set[int] | None = None
) -> bool:
    """Whether the item's child may be shown by name to the actor (call only for a visible item).

    `led` and `seats` (the actor's institutions) may be passed in so a list costs no query per item.
    """
    if item.child_id is None:
        return False
    led = led_institution_ids(actor) if led is None else led
    if item.raised_by_id == actor.pk or item.institution_id in led:
        return True
    seats = seat_institution_ids(actor) if seats is None else seats
    return item.consent_withdrawn_on is None and item.institution_id in seats


def require_leader(actor: Staff, institution_id: int | None) -> None:
    if not is_leader_of(actor, institution_id):
        raise PermissionDenied(_("Kun lederen af institutionen kan gøre dette. Bed lederen om at gøre det."))


def require_minute_taker(actor: Staff, institution_id: int | None) -> None:
    """The leader or a member of the team writes the minutes."""
    if institution_id not in team_institution_ids(actor):
        raise PermissionDenied(
            _("Kun lederen og teamets medlemmer kan skrive referat. Bed lederen om at skrive det.")
        )


def require_social_worker(actor: Staff) -> None:
    if not is_social_worker(actor):
        raise PermissionDenied(
            _(
                "Kun teamets socialrådgiver kan starte og afslutte et rådgivningsforløb. Bed socialrådgiveren om at gøre det."
            )
        )
