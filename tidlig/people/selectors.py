"""Reads of children. Every function that hands out personal data logs the read."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tidlig.audit import services as audit
from tidlig.organisation.models import Role, Staff

from . import cpr as cprmod
from .models import Child

# Roles that handle notifications and cases. Everyone else (educators, institution leaders and the
# cross-disciplinary team) works below the threshold of a case and learns nothing of one: not whether a
# child has a caseworker, a notification or a measure (need to know; GDPR art. 5(1)(c), BL § 133).
CASE_HANDLING_ROLES = frozenset({Role.RECEPTION, Role.CASEWORKER, Role.TEAM_LEADER})


def sees_case_handling(actor: Staff) -> bool:
    return actor.is_authenticated and actor.role in CASE_HANDLING_ROLES


def children_visible_to(actor: Staff) -> QuerySet[Child]:
    """Need to know: reception sees everyone (intake); caseworkers their children; team leaders their team's."""
    if not actor.is_authenticated or actor.municipality_id is None:
        return Child.objects.none()
    base = Child.objects.filter(municipality_id=actor.municipality_id)
    if actor.role == Role.RECEPTION:
        return base
    granted = Q(access_grants__staff=actor)  # people the caseworker or team leader added to the case
    if actor.role == Role.CASEWORKER:
        return base.filter(Q(caseworker=actor) | Q(notifications__assignee=actor) | granted).distinct()
    if actor.role == Role.TEAM_LEADER and actor.team_id:
        return base.filter(
            Q(caseworker__team_id=actor.team_id) | Q(notifications__team_id=actor.team_id) | granted
        ).distinct()
    return base.filter(granted)


def children_at_my_institution(actor: Staff) -> QuerySet[Child]:
    """For an educator writing a notification: the children of their own institution, nothing more."""
    if actor.role not in (Role.EDUCATOR, Role.INSTITUTION_LEADER) or not actor.institution_id:
        return Child.objects.none()
    return Child.objects.filter(municipality_id=actor.municipality_id, institution_id=actor.institution_id)


def child_for(actor: Staff, child_id: int, *, what: str = "child") -> Child:
    child = (
        children_visible_to(actor)
        .select_related("institution", "district", "caseworker", "caseworker__team", "expecting_mother")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise Http404
    audit.record_access(actor=actor, child_ids=[child.pk], what=what)
    return child


def child_by_cpr(actor: Staff, cpr: str) -> Child | None:
    """Look a child up by CPR within what the actor may see (raises ValidationError for a bad number)."""
    number = cprmod.clean_cpr(cpr)
    child = children_visible_to(actor).filter(cpr=number).first()
    if child is None and actor.role in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        child = children_at_my_institution(actor).filter(cpr=number).first()
    if child is not None:
        audit.record_access(actor=actor, child_ids=[child.pk], what="lookup")
    return child
