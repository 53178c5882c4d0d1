"""A caseworker's caseload ("Mine børn") and the team leader's weighted caseload per caseworker (issue 10).

Reads only; kept apart from `selectors.py` (the worklists, which move to the timeline app) so that move and
this file do not meet. Each list is a fixed number of queries whatever the caseload.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.core import next_step
from tidlig.core.schemas import Row
from tidlig.interventions.models import Level, Measure
from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child
from tidlig.timeline.models import Event, Obligation

from .models import Assessment, Investigation

# Weights of a child's case in a caseworker's load. Neither the law nor a national standard weighs a case:
# Dansk Socialrådgiverforening's survey of the municipalities' shift to early prevention (notat 29.04.2019)
# counts plain children's cases ("sagstal": 32 on average, 23 to 50 per caseworker) and asks that they be few
# enough for close contact with child and family. So the weights are the municipality's setting
# (settings.TIDLIG_CASELOAD_WEIGHTS overrides any of them); Tidlig's defaults say what adds work on top of a
# child's case: a placement (plans, supervision visits twice a year § 156, stk. 5, support person § 75,
# parents' plan §§ 77–79), a running børnefaglig undersøgelse (4 months, § 20), a running afdækning (§ 19)
# and a supportive § 32 measure (follow-up § 95).
DEFAULT_CASELOAD_WEIGHTS: dict[str, float] = {
    "child": 1.0,
    "placement": 2.0,
    "investigation": 1.5,
    "assessment": 0.5,
    "supportive": 0.5,
}
CASELOAD_PAGE = 50


def caseload_weights() -> dict[str, float]:
    return {**DEFAULT_CASELOAD_WEIGHTS, **getattr(settings, "TIDLIG_CASELOAD_WEIGHTS", {})}


@dataclass
class CaseloadRow:
    child: Child
    age: int | None
    level: int
    next_obligation: Obligation | None
    days_overdue: int | None
    last_contact: dt.date | None

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def action_url(self) -> str | None:
        return next_step.action_url(self.next_obligation) if self.next_obligation else None


def _active(today: dt.date) -> Q:
    """A measure counts from its start through its end day, as on the staircase (cases.overview)."""
    return Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def may_see_caseload_of(actor: Staff, caseworker: Staff) -> bool:
    """Own caseload; a team leader also their team's caseworkers' (read-only)."""
    if caseworker.municipality_id != actor.municipality_id or caseworker.role != Role.CASEWORKER:
        return False
    if actor.pk == caseworker.pk:
        return True
    return (
        actor.role == Role.TEAM_LEADER and actor.team_id is not None and actor.team_id == caseworker.team_id
    )


def caseload(
    actor: Staff,
    caseworker: Staff,
    *,
    limit: int = CASELOAD_PAGE,
    offset: int = 0,
    now: dt.datetime | None = None,
) -> tuple[list[CaseloadRow], int]:
    """The caseworker's children, the most pressing first: overdue and soonest deadlines, then by name.

    The caller checks `may_see_caseload_of`. Returns one page of rows and the total.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    children = Child.objects.filter(caseworker=caseworker, municipality_id=caseworker.municipality_id)
    total = children.count()
    next_open = Obligation.objects.filter(child=OuterRef("pk"), is_open=True).order_by("due_at", "pk")
    level = (
        Measure.objects.filter(_active(today), child=OuterRef("pk"))
        .order_by("-type__level")
        .values("type__level")[:1]
    )
    page = list(
        children.select_related("expecting_mother")
        .annotate(
            next_obligation_id=Subquery(next_open.values("pk")[:1]),
            next_due_at=Subquery(next_open.values("due_at")[:1]),
            step=Subquery(level),
            last_conversation=Max("conversations__held_on"),
        )
        .order_by(F("next_due_at").asc(nulls_last=True), "first_name", "last_name", "pk")[
            offset : offset + limit
        ]
    )
    ids = [c.pk for c in page]
    obligations = {o.pk: o for o in Obligation.objects.filter(pk__in=[c.next_obligation_id for c in page])}
    notes = dict(
        Child.objects.filter(pk__in=ids)
        .annotate(last=Max("journal_notes__happened_on"))
        .values_list("pk", "last")
    )
    meetings = dict(
        Event.objects.filter(child_id__in=ids, kind__contains="meeting")
        .values("child_id")
        .annotate(last=Max("occurred_at"))
        .values_list("child_id", "last")
    )
    rows = []
    for c in page:
        o = obligations.get(c.next_obligation_id)
        overdue = o is not None and o.due_at < now
        meeting = meetings.get(c.pk)
        contacts = [
            d
            for d in (c.last_conversation, notes.get(c.pk), timezone.localdate(meeting) if meeting else None)
            if d is not None
        ]
        rows.append(
            CaseloadRow(
                child=c,
                age=c.age_on(today),
                level=c.step or Level.UNIVERSAL,
                next_obligation=o,
                days_overdue=(today - timezone.localdate(o.due_at)).days if overdue else None,
                last_contact=max(contacts, default=None),
            )
        )
    audit.record_access(actor=actor, child_ids=ids, what="caseload")
    return rows, total


@dataclass
class WeightedLoad:
    caseworker: Staff
    counts: Counter = field(default_factory=Counter)
    weight: float = 0.0


def weighted_caseload(caseworkers: list[Staff], *, today: dt.date | None = None) -> dict[int, WeightedLoad]:
    """Per caseworker: how many children, placements, running investigations and afdækninger, and supportive
    measures, and the weighted sum (`caseload_weights`). Four queries for the whole team; counts only, no
    child is named, so nothing is logged as a read of a child's data."""
    today = today or timezone.localdate()
    weights = caseload_weights()
    loads = {s.pk: WeightedLoad(s) for s in caseworkers}
    child_owner = dict(
        Child.objects.filter(caseworker_id__in=loads).values_list("pk", "caseworker_id").iterator()
    )
    for owner in child_owner.values():
        loads[owner].counts["child"] += 1
    kinds: dict[int, set[str]] = defaultdict(set)
    active = Measure.objects.filter(_active(today), child__caseworker_id__in=loads)
    for child_id, kind in active.values_list("child_id", "type__kind"):
        kinds[child_id].add("placement" if kind == "placement" else kind)
    for model, kind in ((Investigation, "investigation"), (Assessment, "assessment")):
        running = model.objects.filter(child__caseworker_id__in=loads, concluded_on__isnull=True)
        for child_id in running.values_list("child_id", flat=True):
            kinds[child_id].add(kind)
    for child_id, found in kinds.items():
        owner = child_owner.get(child_id)
        if owner is None:
            continue
        for kind in found & {"placement", "investigation", "assessment", "supportive"}:
            loads[owner].counts[kind] += 1
    for load in loads.values():
        load.weight = round(sum(weights[k] * n for k, n in load.counts.items()), 1)
    return loads


def unassigned_deadlines(notifications: list, *, now: dt.datetime | None = None) -> dict[int, Row]:
    """Each unassigned notification's nearest open deadline (the team leader's list), in one query."""
    now = now or timezone.now()
    nearest: dict[int, Row] = {}
    qs = Obligation.objects.filter(
        source="notification", source_id__in=[n.pk for n in notifications], is_open=True
    ).order_by("due_at", "pk")
    for o in qs:
        nearest.setdefault(o.source_id, Row(o, o.status_at(now)))
    return nearest
