"""Who may do what with a notification: need to know, by role and by relation to the child."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from tidlig.organisation.models import Role, Staff

from .models import Notification

SUBMITTERS = {
    Role.RECEPTION,
    Role.EDUCATOR,
    Role.INSTITUTION_LEADER,
    Role.CASEWORKER,
    Role.TEAM_LEADER,
    # The cross-disciplinary team's professionals have the same duty to notify (BL § 133).
    Role.SOCIAL_WORKER,
    Role.PSYCHOLOGIST,
    Role.HEALTH_VISITOR,
    Role.SPECIALIST,
}


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _same_municipality(actor: Staff, n: Notification) -> bool:
    return (
        actor.is_authenticated
        and actor.municipality_id is not None
        and actor.municipality_id == n.municipality_id
    )


def can_submit_notification(actor: Staff) -> bool:
    return actor.is_authenticated and actor.municipality_id is not None and actor.role in SUBMITTERS


def can_register_for_anyone(actor: Staff) -> bool:
    """Reception registers notifications from anyone; others submit as themselves (§ 133)."""
    return actor.role == Role.RECEPTION


def can_see_case(actor: Staff, n: Notification) -> bool:
    """Sees the notification's content and the child's case."""
    if not _same_municipality(actor, n):
        return False
    if actor.role == Role.RECEPTION:
        return True
    if actor.role == Role.CASEWORKER:
        return n.assignee_id == actor.pk or n.child.caseworker_id == actor.pk
    if actor.role == Role.TEAM_LEADER:
        return actor.team_id is not None and (
            n.team_id == actor.team_id
            or (n.child.caseworker_id is not None and n.child.caseworker.team_id == actor.team_id)
        )
    return False


def can_assess_acute(actor: Staff, n: Notification) -> bool:
    return can_see_case(actor, n) and actor.role in (Role.RECEPTION, Role.CASEWORKER, Role.TEAM_LEADER)


def can_handle_intake(actor: Staff, n: Notification) -> bool:
    return can_see_case(actor, n) and actor.role in (Role.RECEPTION, Role.CASEWORKER, Role.TEAM_LEADER)


def can_route(actor: Staff, n: Notification) -> bool:
    return can_see_case(actor, n) and actor.role in (Role.RECEPTION, Role.TEAM_LEADER)


def can_assign(actor: Staff, n: Notification) -> bool:
    return can_see_case(actor, n) and actor.role == Role.TEAM_LEADER


def can_handle_case(actor: Staff, n: Notification) -> bool:
    """Screening, feedback and reassessment belong to the child's caseworker and the team leader."""
    return can_see_case(actor, n) and actor.role in (Role.CASEWORKER, Role.TEAM_LEADER)
