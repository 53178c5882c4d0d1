"""Reads of children. Every function that hands out personal data logs the read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

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


# Search by CPR or name (issue 10): one selector for the header/worklist search, the API and any page
# that links to it (e.g. the caseworker's "my children").
SEARCH_LIMIT = 20
SEARCH_LIMIT_MAX = 100


@dataclass
class SearchResult:
    children: list[Child]
    more: bool  # there are more matches after these (ask again with a higher offset)
    query: str


def search_scope(actor: Staff) -> QuerySet[Child]:
    """Whom the actor may find: the children she may already see (need to know). Reception every child of
    the municipality; a caseworker or team leader the children of their cases; an educator or institution
    leader the children of her institution; anyone else only children whose case she was added to."""
    if actor.is_authenticated and actor.role in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        return children_at_my_institution(actor)
    return children_visible_to(actor)


def children_search(actor: Staff, query: str, *, limit: int = SEARCH_LIMIT, offset: int = 0) -> SearchResult:
    """Children matching a CPR number (all 10 digits, or the first 6: the birth date) or a name (every
    word must appear in the first or the last name), within `search_scope`. Raises a Danish
    ValidationError for a query too short to search on. Logs the read of every child it returns."""
    text = " ".join((query or "").split())
    limit = max(1, min(int(limit), SEARCH_LIMIT_MAX))
    offset = max(0, int(offset))
    scope = search_scope(actor)
    digits = re.sub(r"[\s-]", "", text)
    if digits.isdigit():
        if len(digits) == 10:
            qs = scope.filter(cpr=cprmod.clean_cpr(digits))
        elif len(digits) == 6:
            qs = scope.filter(cpr__startswith=digits)
        else:
            raise ValidationError(
                _("Skriv hele CPR-nummeret (10 cifre) eller fødselsdatoen (6 cifre, ddmmåå), fx 010118.")
            )
    else:
        words = text.split()[:4]
        if len(text) < 2:
            raise ValidationError(_("Skriv mindst 2 bogstaver af barnets navn, eller CPR-nummeret."))
        condition = Q()
        for word in words:
            condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        qs = scope.filter(condition)
    rows = list(
        qs.select_related("institution", "expecting_mother").order_by("last_name", "first_name", "pk")[
            offset : offset + limit + 1
        ]
    )
    children = rows[:limit]
    audit.record_access(actor=actor, child_ids=[c.pk for c in children], what="search")
    return SearchResult(children=children, more=len(rows) > limit, query=text)
