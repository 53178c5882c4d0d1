"""Who may see and act on a § 30 course (need to know).

- Starting one: a caseworker or team leader of the child's municipality; for a child with a caseworker only
  the child's caseworker or their team leader (as for network meetings).
- Seeing one: its caseworker, the assigned consultant or family worker, and whoever may see the child's case.
- Acting on one (meetings, goals, worker, end): its caseworker, the child's case owners, the team leader of
  the course's caseworker. The worker reads it; they do not decide the end.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidlig.cases.access import can_see_case, is_case_owner
from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child
from tidlig.people.selectors import children_visible_to

from .models import Course

HOLDERS = frozenset({Role.CASEWORKER, Role.TEAM_LEADER})
# A consultant or family worker: the preventive social worker, a specialist, a psychologist, or a caseworker.
WORKERS = frozenset({Role.SOCIAL_WORKER, Role.SPECIALIST, Role.PSYCHOLOGIST, Role.CASEWORKER})


def holds_courses(actor: Staff) -> bool:
    return actor.is_authenticated and actor.role in HOLDERS and actor.municipality_id is not None


def may_start(actor: Staff, child: Child) -> bool:
    if not holds_courses(actor) or actor.municipality_id != child.municipality_id:
        return False
    if child.caseworker_id is not None:
        return is_case_owner(actor, child)
    return children_visible_to(actor).filter(pk=child.pk).exists()


def _leads_team_of(actor: Staff, staff: Staff) -> bool:
    return actor.role == Role.TEAM_LEADER and actor.team_id is not None and staff.team_id == actor.team_id


def can_act(actor: Staff, course: Course) -> bool:
    if not holds_courses(actor) or actor.municipality_id != course.municipality_id:
        return False
    return (
        course.caseworker_id == actor.pk
        or _leads_team_of(actor, course.caseworker)
        or is_case_owner(actor, course.child)
    )


def can_see(actor: Staff, course: Course) -> bool:
    if not actor.is_authenticated or actor.municipality_id != course.municipality_id:
        return False
    return course.worker_id == actor.pk or can_act(actor, course) or can_see_case(actor, course.child)


def require_start(actor: Staff, child: Child) -> None:
    if not may_start(actor, child):
        raise PermissionDenied(
            _("Kun barnets rådgiver og teamlederen kan starte et forløb. Bed en af dem om at starte det.")
        )


def require_act(actor: Staff, course: Course) -> None:
    if not can_act(actor, course):
        raise PermissionDenied(
            _(
                "Kun forløbets rådgiver, barnets rådgiver og teamlederen kan gøre dette. Bed en af dem om at gøre det."
            )
        )
