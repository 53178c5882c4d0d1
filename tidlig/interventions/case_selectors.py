"""Look-ups of the measure catalogue, decisions and measures on a case the caller may see (reads, logged).

Shared by the interventions API routers (decisions, measures, letters); a refused record is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tidlig.cases.access import can_see_placement_without_consent, record_on_visible_case, visible_child
from tidlig.cases.overview import visible_measures
from tidlig.organisation.models import Staff

from .models import Decision, Measure, MeasureType


def catalogue(municipality_id: int) -> QuerySet[MeasureType]:
    """Tidlig's shipped measure types and the municipality's own."""
    return MeasureType.objects.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))


def decision_for(actor: Staff, decision_id: int) -> Decision:
    """A decision on a case the caller may see; a § 47 draft or decision only for those who must act."""
    d = record_on_visible_case(actor, Decision, decision_id, what="decision")
    if d.without_consent and not can_see_placement_without_consent(actor, d.child):
        raise Http404
    return d


def measure_for(actor: Staff, measure_id: int) -> Measure:
    """A measure on a case the caller may see (a § 47 placement only for those who must act)."""
    child_id = Measure.objects.filter(pk=measure_id).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Http404
    child = visible_child(actor, child_id, what="measure")
    m = visible_measures(actor, child).filter(pk=measure_id).first()
    if m is None:
        raise Http404
    m.child = child
    return m
