"""Who may see and act on network meetings and slots (need to know).

- A meeting: its caseworker, and whoever may see the child's case (the child's caseworker, their team
  leader, colleagues they added; `cases.access`). Acting on it: its caseworker or a case owner.
- Slots: caseworkers publish their own. A school or daycare leader sees every slot of the municipality as
  free or busy only, and books for a child of their own institution; of a booked slot they see the child only
  when their institution booked it. They never see the minutes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidlig.cases.access import can_see_case, is_case_owner
from tidlig.organisation.models import Role, Staff

from .models import NetworkMeeting

HOLDERS = frozenset({Role.CASEWORKER, Role.TEAM_LEADER})
BOOKERS = frozenset({Role.INSTITUTION_LEADER})


def holds_meetings(actor: Staff) -> bool:
    return actor.is_authenticated and actor.role in HOLDERS and actor.municipality_id is not None


def books_slots(actor: Staff) -> bool:
    return (
        actor.is_authenticated
        and actor.role in BOOKERS
        and actor.institution_id is not None
        and actor.municipality_id is not None
    )


def _leads_team_of(actor: Staff, staff: Staff) -> bool:
    return actor.role == Role.TEAM_LEADER and actor.team_id is not None and staff.team_id == actor.team_id


def can_see_meeting(actor: Staff, meeting: NetworkMeeting) -> bool:
    if not holds_meetings(actor) or actor.municipality_id != meeting.municipality_id:
        return False
    return (
        meeting.caseworker_id == actor.pk
        or _leads_team_of(actor, meeting.caseworker)
        or can_see_case(actor, meeting.child)
    )


def can_act_on_meeting(actor: Staff, meeting: NetworkMeeting) -> bool:
    if not holds_meetings(actor) or actor.municipality_id != meeting.municipality_id:
        return False
    return (
        meeting.caseworker_id == actor.pk
        or _leads_team_of(actor, meeting.caseworker)
        or is_case_owner(actor, meeting.child)
    )


def require_act_on_meeting(actor: Staff, meeting: NetworkMeeting) -> None:
    if not can_act_on_meeting(actor, meeting):
        raise PermissionDenied(
            _(
                "Kun mødets rådgiver, barnets rådgiver og teamlederen kan gøre dette. Bed en af dem om at gøre det."
            )
        )


def require_holder(actor: Staff) -> None:
    if not holds_meetings(actor):
        raise PermissionDenied(
            _("Kun rådgivere og teamledere holder netværksmøder. Bed barnets rådgiver om et møde.")
        )


def require_booker(actor: Staff) -> None:
    if not books_slots(actor):
        raise PermissionDenied(
            _(
                "Kun ledere af skoler og dagtilbud booker tider til netværksmøder. Bed din leder om at booke tiden."
            )
        )
