"""Who may see and work on a child's case (BL; need to know): the caseworker, the team leader, people they add."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child


def is_case_owner(actor: Staff, child: Child) -> bool:
    """The child's caseworker, or the team leader of the caseworker's team."""
    if not actor.is_authenticated or actor.municipality_id != child.municipality_id:
        return False
    if child.caseworker_id is None:
        return False
    if actor.role == Role.CASEWORKER:
        return child.caseworker_id == actor.pk
    if actor.role == Role.TEAM_LEADER:
        return actor.team_id is not None and child.caseworker.team_id == actor.team_id
    return False


def can_see_case(actor: Staff, child: Child) -> bool:
    if is_case_owner(actor, child):
        return True
    return (
        actor.is_authenticated
        and actor.municipality_id == child.municipality_id
        and child.access_grants.filter(staff=actor).exists()
    )


def can_see_placement_without_consent(actor: Staff, child: Child) -> bool:
    """A placement without consent (§ 47) is shown only to those who must act on it, not to added people."""
    return is_case_owner(actor, child)


def require_case_owner(actor: Staff, child: Child) -> None:
    if not is_case_owner(actor, child):
        raise PermissionDenied(_("Kun barnets rådgiver og teamlederen kan gøre dette."))
