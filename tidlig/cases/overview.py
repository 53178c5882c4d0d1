"""Reads for the child's case page: everything at a glance, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tidlig.interventions.models import Decision, Measure
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.rules.casework import staircase_history, staircase_level

from .access import can_see_case, can_see_placement_without_consent, is_case_owner

SIBLING_INVESTIGATION_AGE = 15  # § 21, stk. 2


@dataclass
class Step:
    day: dt.date
    level: int


def visible_measures(actor: Staff, child: Child):
    qs = Measure.objects.filter(child=child).select_related("type", "decision").order_by("-decided_on", "-pk")
    if not can_see_placement_without_consent(actor, child):
        qs = qs.exclude(without_consent=True)
    return qs


def staircase(measures: list[Measure], *, today: dt.date) -> tuple[int, list[Step]]:
    spans = [(m.started_on, m.ended_on, m.type.level) for m in measures if m.started_on]
    active = [lvl for s, e, lvl in spans if s <= today and (e is None or e >= today)]
    return staircase_level(active), [Step(d, lvl) for d, lvl in staircase_history(spans, until=today)]


def siblings_under_15(child: Child) -> list[Child]:
    """§ 21, stk. 2: when a child is placed because of neglect or abuse, siblings under 15 in the household
    must be investigated (unless it is obviously not needed, stk. 3)."""
    today = timezone.localdate()
    custodians = child.guardianships.filter(has_custody=True).values("person_id")
    siblings = (
        Child.objects.filter(guardianships__person_id__in=custodians, is_unborn=False)
        .exclude(pk=child.pk).distinct()
    )
    return [s for s in siblings if (s.age_on(today) or 0) < SIBLING_INVESTIGATION_AGE]


def case_overview(actor: Staff, child: Child) -> dict:
    today = timezone.localdate()
    if not can_see_case(actor, child):
        return {"can_see_case": False}
    measures = list(visible_measures(actor, child))
    level, steps = staircase(measures, today=today)
    active = [m for m in measures if m.started_on and m.started_on <= today and not m.ended_on]
    placed = [m for m in active if m.type.kind == "placement"]
    return {
        "can_see_case": True,
        "can_work": is_case_owner(actor, child),
        "case": child.cases.filter(closed_at__isnull=True).first(),
        "closed_cases": list(child.cases.filter(closed_at__isnull=False).order_by("-closed_at")),
        "level": level,
        "steps": steps,
        "measures": measures,
        "active_measures": active,
        "placement": placed[0] if placed else None,
        "drafts": list(Decision.objects.filter(child=child, decided_on__isnull=True).select_related("type")),
        "investigations": list(child.investigations.order_by("-aware_on")),
        "assessments": list(child.assessments.order_by("-started_on")),
        "conversations": list(child.conversations.select_related("held_by").order_by("-held_on")),
        "plans": list(child.plans.prefetch_related("goals").select_related("recorded_by").order_by("-recorded_on")),
        "notes": list(child.journal_notes.select_related("author").order_by("-happened_on", "-pk")[:50]),
        "sibling_reminder": siblings_under_15(child) if placed else [],
        "is_party": (child.age_on(today) or 0) >= 10,  # § 3: from 10 years the child is a party
    }
