"""Reads for the child's case page: everything at a glance, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tidlig.interventions.models import Decision, FollowUp, Measure
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.rules.casework import staircase_history, staircase_level
from tidlig.timeline import selectors

from .access import can_see_case, can_see_placement_without_consent, is_case_owner

SIBLING_INVESTIGATION_AGE = 15  # § 21, stk. 2


@dataclass
class Step:
    day: dt.date
    level: int


def visible_measures(actor: Staff, child: Child):
    qs = (
        Measure.objects.filter(child=child)
        .select_related("type", "decision")
        .prefetch_related("followups")
        .order_by("-decided_on", "-pk")
    )
    if not can_see_placement_without_consent(actor, child):
        qs = qs.exclude(without_consent=True)
    return qs


def hidden_from(actor: Staff, child: Child) -> dict[str, set[int]]:
    """What of a placement without consent (§ 47) the caller may not see, by obligation source."""
    if can_see_placement_without_consent(actor, child):
        return {}
    measures = set(Measure.objects.filter(child=child, without_consent=True).values_list("pk", flat=True))
    return {
        "measure": measures,
        "decision": set(
            Decision.objects.filter(child=child, without_consent=True).values_list("pk", flat=True)
        ),
        "followup": set(FollowUp.objects.filter(measure_id__in=measures).values_list("pk", flat=True)),
    }


def visible_rows(rows: list[selectors.Row], hidden: dict[str, set[int]]) -> list[selectors.Row]:
    return [r for r in rows if r.obligation.source_id not in hidden.get(r.obligation.source, ())]


def obligations_visible_to(actor: Staff, child: Child) -> list[selectors.Row]:
    """The child's obligations the actor may see: intake ones for reception, the case's for those who see it,
    never those of a placement without consent (§ 47) for people only added to the case."""
    rows = selectors.child_obligations(child)
    if not can_see_case(actor, child):
        return [r for r in rows if r.obligation.source == "notification"]
    return visible_rows(rows, hidden_from(actor, child))


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
        .exclude(pk=child.pk)
        .distinct()
    )
    return [s for s in siblings if (s.age_on(today) or 0) < SIBLING_INVESTIGATION_AGE]


def case_overview(actor: Staff, child: Child) -> dict:
    today = timezone.localdate()
    if not can_see_case(actor, child):
        return {"can_see_case": False}
    measures = list(visible_measures(actor, child))
    drafts = Decision.objects.filter(
        child=child, decided_on__isnull=True, withdrawn_on__isnull=True
    ).select_related("type")
    if not can_see_placement_without_consent(actor, child):
        drafts = drafts.exclude(without_consent=True)
    drafts = list(drafts)
    level, steps = staircase(measures, today=today)
    # A measure counts through its end day, as on the staircase.
    active = [
        m
        for m in measures
        if m.started_on and m.started_on <= today and (m.ended_on is None or m.ended_on >= today)
    ]
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
        "drafts": drafts,
        "investigations": list(child.investigations.order_by("-aware_on")),
        "assessments": list(child.assessments.order_by("-started_on")),
        "conversations": list(child.conversations.select_related("held_by").order_by("-held_on")),
        "plans": list(
            child.plans.prefetch_related("goals")
            .select_related("recorded_by")
            .order_by("-recorded_on", "-pk")
        ),
        "notes": list(
            child.journal_notes.select_related("author", "from_person").order_by("-happened_on", "-pk")[:50]
        ),
        "sibling_reminder": siblings_under_15(child) if placed else [],
        "is_party": (child.age_on(today) or 0) >= 10,  # § 3: from 10 years the child is a party
    }


def case_work_since(child: Child, *, since: dt.date) -> set[str]:
    """The afdækning (§ 19) and undersøgelse (§ 20) that ran for the child on or after `since` (not concluded
    before it). Given to intake's feedback letter (§ 138, stk. 2) through `timeline.registry`."""
    running = Q(concluded_on__isnull=True) | Q(concluded_on__gte=since)
    found = set()
    if child.investigations.filter(running).exists():
        found.add("investigation")
    if child.assessments.filter(running).exists():
        found.add("assessment")
    return found
