"""Who may see and work on a child's case (BL; need to know): the caseworker, the team leader, people they add."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child
from tidlig.people.selectors import child_for


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
        raise PermissionDenied(
            _("Kun barnets rådgiver og teamlederen kan gøre dette. Bed en af dem om at gøre det.")
        )


# --- the case-handling routers' look-ups (cases, interventions and plans API use these) ------------------------


def visible_child(actor: Staff, child_id: int, *, what: str = "case") -> Child:
    """The child, if the caller may see its case (logs the read); otherwise 404."""
    child = child_for(actor, child_id, what=what)
    if not can_see_case(actor, child):
        raise Http404
    return child


def record_on_visible_case(actor: Staff, model: type[Model], pk: int, *, what: str):
    """A record with a `child` (assessment, investigation, decision …) on a case the caller may see; else 404."""
    child_id = model.objects.filter(pk=pk).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Http404
    child = visible_child(actor, child_id, what=what)
    obj = model.objects.get(pk=pk)
    obj.child = child  # the child as loaded for the check (caseworker and team), for the services
    return obj


def not_on_case(field: str) -> ValidationError:
    return ValidationError({field: [_("Findes ikke på barnets sag. Vælg en på barnets sag.")]})
