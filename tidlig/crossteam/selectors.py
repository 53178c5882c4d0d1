"""Reads of the team, its meetings and items, scoped to the actor; every named child shown is logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.core import consents
from tidlig.core.consents import Consent
from tidlig.organisation.models import Institution, Staff
from tidlig.people.models import Child

from .access import (
    is_leader_of,
    items_visible_to,
    led_institution_ids,
    meetings_visible_to,
    seat_institution_ids,
    sees_child_of,
    team_institution_ids,
)
from .models import CrossTeamMember, MeetingItem, TeamMeeting


def present(actor: Staff, items: Iterable[MeetingItem], *, what: str) -> list[MeetingItem]:
    """Set `label`, `child_shown` and `redacted` on each item and log the named children the actor is shown."""
    items = list(items)
    shown: list[int] = []
    led, seats = led_institution_ids(actor), seat_institution_ids(actor)
    for item in items:
        item.child_shown, item.redacted = sees_child_of(actor, item, led=led, seats=seats), False
        if item.child_shown:
            item.label = item.child.display_name
            shown.append(item.child_id)
        elif item.kind == MeetingItem.Kind.NAMED:
            # The free texts of a named item may name the child: hidden with the name (never saved).
            item.label = _("Barn med navn (samtykket er trukket tilbage)")
            item.redacted = True
            item.question = item.advice = item.agreements = item.responsible = item.consent_note = ""
        else:
            item.label = item.anonymous_label
    audit.record_access(actor=actor, child_ids=shown, what=what)
    return items


def _items(qs: QuerySet[MeetingItem]) -> QuerySet[MeetingItem]:
    return qs.select_related("child", "raised_by", "consent_by", "meeting", "follow_up_of__meeting")


def meeting_for(actor: Staff, pk: int) -> TeamMeeting:
    meeting = meetings_visible_to(actor).select_related("institution", "created_by").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    meeting.agenda = present(actor, _items(meeting.items.all()), what="crossteam_meeting")
    return meeting


def item_for(actor: Staff, pk: int, *, what: str = "crossteam_item") -> MeetingItem:
    item = _items(items_visible_to(actor)).filter(pk=pk).first()
    if item is None:
        raise Http404
    present(actor, [item], what=what)
    return item


def meeting_children(actor: Staff, meeting: TeamMeeting) -> QuerySet[Child]:
    """The children an item on the meeting's agenda may be about: those of its institution (page and API)."""
    return Child.objects.filter(institution_id=meeting.institution_id, municipality_id=actor.municipality_id)


def item_form_choices(
    actor: Staff, children: Iterable[Child], institution_id: int
) -> tuple[list[Child], QuerySet[MeetingItem]]:
    """The children to pick from on the item form and the earlier named items offered for a follow-up:
    the leader's, or the educator's own. The picker shows names: that is a read like any other, logged."""
    earlier = MeetingItem.objects.filter(
        institution_id=institution_id, kind=MeetingItem.Kind.NAMED, meeting__isnull=False, child__in=children
    )
    if not is_leader_of(actor, institution_id):
        earlier = earlier.filter(raised_by=actor)
    earlier = earlier.select_related("meeting", "child").order_by("-meeting__starts_at")[:50]
    children = list(children)
    audit.record_access(actor=actor, child_ids=[c.pk for c in children], what="crossteam_item_form")
    return children, earlier


def proposals_for(actor: Staff) -> list[MeetingItem]:
    """Items proposed for the leader's institutions, not yet on a meeting."""
    qs = items_visible_to(actor).filter(meeting__isnull=True, institution_id__in=team_institution_ids(actor))
    return present(actor, _items(qs).order_by("created_at"), what="crossteam_proposals")


def upcoming_meetings(actor: Staff, *, today: dt.date | None = None) -> QuerySet[TeamMeeting]:
    today = today or timezone.localdate()
    return (
        meetings_visible_to(actor)
        .filter(status=TeamMeeting.Status.PLANNED, starts_at__date__gte=today)
        .select_related("institution")
        .order_by("starts_at")
    )


def planned_meetings(actor: Staff, institution_id: int) -> QuerySet[TeamMeeting]:
    return upcoming_meetings(actor).filter(institution_id=institution_id)


def recent_meetings(actor: Staff, *, today: dt.date | None = None, limit: int = 10) -> QuerySet[TeamMeeting]:
    today = today or timezone.localdate()
    return (
        meetings_visible_to(actor)
        .exclude(status=TeamMeeting.Status.PLANNED, starts_at__date__gte=today)
        .select_related("institution")
        .order_by("-starts_at")[:limit]
    )


# An agreement whose follow-up date passed longer ago than this without a follow-up item was followed up
# outside Tidlig (a conversation, the next meeting's general minutes); it no longer asks for action.
AGREEMENT_HORIZON = dt.timedelta(days=60)


def open_agreements(actor: Staff, *, today: dt.date | None = None) -> list[MeetingItem]:
    """Items with a follow-up date from the last two months on that no later item follows up, soonest first
    (the most overdue at the top); each carries `days_overdue` (0 when not yet due)."""
    today = today or timezone.localdate()
    followed = MeetingItem.objects.filter(follow_up_of=OuterRef("pk"))
    qs = items_visible_to(actor).filter(follow_up_on__gte=today - AGREEMENT_HORIZON, meeting__isnull=False)
    qs = (
        _items(qs).select_related("institution").filter(~Exists(followed)).order_by("follow_up_on", "pk")[:50]
    )
    items = present(actor, qs, what="crossteam_agreements")
    for item in items:
        item.days_overdue = max(0, (today - item.follow_up_on).days)
    return items


def follow_up_overdue_days(item: MeetingItem, *, today: dt.date | None = None) -> int:
    """Days past the item's follow-up date while no later item follows it up; 0 when not overdue."""
    today = today or timezone.localdate()
    if item.follow_up_on is None or item.follow_up_on >= today:
        return 0
    if MeetingItem.objects.filter(follow_up_of=item).exists():
        return 0
    return (today - item.follow_up_on).days


@dataclass
class AgreementGroup:
    institution: Institution
    items: list[MeetingItem]
    shown: int  # the first rows shown; the rest behind "flere"

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.days_overdue)

    @property
    def first(self) -> list[MeetingItem]:
        return self.items[: self.shown]

    @property
    def rest(self) -> list[MeetingItem]:
        return self.items[self.shown :]


def agreements_by_institution(items: list[MeetingItem], *, shown: int = 3) -> list[AgreementGroup]:
    """A team member sits on many institutions' teams (issue 10: 50 rows that looked alike): the open
    agreements grouped by institution, the group with the most urgent first; the first `shown` of each
    (the most overdue) in view, the rest one click away, the number overdue in the group's heading."""
    groups: dict[int, AgreementGroup] = {}
    for item in items:  # already by due date
        group = groups.setdefault(item.institution_id, AgreementGroup(item.institution, [], shown))
        group.items.append(item)
    return list(groups.values())


def my_raised_items(actor: Staff) -> list[MeetingItem]:
    qs = _items(
        MeetingItem.objects.filter(raised_by=actor, institution__municipality_id=actor.municipality_id)
    )
    return present(actor, qs.order_by("-created_at")[:30], what="crossteam_my_items")


def team_of(actor: Staff, institution_id: int) -> QuerySet[CrossTeamMember]:
    if institution_id not in team_institution_ids(actor):
        raise Http404
    return (
        CrossTeamMember.objects.filter(institution_id=institution_id, active=True)
        .select_related("staff")
        .order_by("-fixed", "profession", "staff__first_name")
    )


# --- the consents parents gave (issue 14 § 2) -----------------------------------------------------------------


def _day(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def consents_for_children(child_ids: Iterable[int]) -> list[Consent]:
    """The consents behind named items about these children, one row per consent (a parent, a date), with
    what withdrawing it does or did. The caller (the family's selector) checks who asks and logs the read."""
    items = (
        MeetingItem.objects.filter(kind=MeetingItem.Kind.NAMED, child_id__in=list(child_ids))
        .select_related("meeting", "institution", "consent_by", "consent_withdrawn_by")
        .order_by("consent_on", "pk")
    )
    groups: dict[tuple, list[MeetingItem]] = {}
    for item in items:
        groups.setdefault((item.child_id, item.consent_by_id, item.consent_on), []).append(item)
    rows = []
    for group in groups.values():
        first = group[0]
        withdrawn = next((i for i in group if i.consent_withdrawn_on), None)
        rows.append(
            Consent(
                kind=consents.CROSSTEAM,
                id=first.pk,
                child_id=first.child_id,
                title=_("Drøftelse med navn i det tværfaglige team"),
                given_to=_("Det tværfaglige team på %(institution)s") % {"institution": first.institution},
                given_by=str(first.consent_by),
                given_on=first.consent_on,
                withdrawn_on=withdrawn.consent_withdrawn_on if withdrawn else None,
                withdrawn_by_family=bool(withdrawn and withdrawn.consent_withdrawn_by_id),
                effect=_crossteam_effect(group, withdrawn is not None),
            )
        )
    return rows


def _held_part(held: list[MeetingItem]) -> str:
    """What a withdrawal cannot undo: the team already talked about the child (RSL § 11 e)."""
    return _(
        "Teamet talte om jeres barn den %(day)s. Det kan ikke gøres om. Men teamet kan ikke længere se jeres barns navn."
    ) % {"day": _day(timezone.localtime(held[0].meeting.starts_at).date())}


def _crossteam_effect(group: list[MeetingItem], withdrawn: bool) -> str:
    held = [i for i in group if i.meeting_id and i.meeting.status == TeamMeeting.Status.HELD]
    planned = [i for i in group if i.meeting_id and i.meeting.status == TeamMeeting.Status.PLANNED]
    parts = []
    if withdrawn:
        if any(i.meeting_id is None for i in group):
            parts.append(_("Punktet om jeres barn er taget af dagsordenen."))
        if held:
            parts.append(_held_part(held))
        return " ".join(parts) or _("Teamet kan ikke tale om jeres barn med navn.")
    if planned:
        parts.append(
            _("Punktet om jeres barn bliver taget af dagsordenen til mødet den %(day)s.")
            % {"day": _day(timezone.localtime(planned[0].meeting.starts_at).date())}
        )
    elif any(i.meeting_id is None for i in group):
        parts.append(_("Punktet om jeres barn kommer ikke på et møde."))
    if held:
        parts.append(_held_part(held))
    parts.append(_("Teamet kan kun tale om jeres barn med navn, hvis I giver et nyt samtykke."))
    return " ".join(parts)
