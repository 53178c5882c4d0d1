"""A caseworker's caseload ("Mine børn") and the team leader's weighted caseload per caseworker (issue 10).

Reads only; kept apart from `selectors.py` (the worklists, which move to the timeline app) so that move and
this file do not meet. Each list is a fixed number of queries whatever the caseload.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
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
    open_obligations: int = 0
    overdue: int = 0


# What a child's case adds on top of the child (`caseload_weights`): a kind counts a child once, however many
# measures or investigations of that kind the child has.
LOAD_KINDS = ("placement", "supportive", "investigation", "assessment")


def _per_caseworker(qs, count: str = "*", *, distinct: bool = False):
    """COUNT over `qs` (filtered on OuterRef("pk") = the caseworker, which it annotates as `_cw`) as a
    subquery of the caseworker's row. COUNT(*) where it can: PostgreSQL counts that in the index."""
    return Coalesce(Subquery(qs.values("_cw").annotate(c=Count(count, distinct=distinct)).values("c")), 0)


def team_caseload_rows(actor: Staff, *, now: dt.datetime | None = None) -> QuerySet[Staff]:
    """The caseworkers of the actor's team by name, each with the counts of the caseload table (issue 10):
    children (`n_child`), placements, running investigations and afdækninger, supportive measures, open
    and overdue deadlines; `weighted_load` turns a row into a WeightedLoad. Slice it for a page.

    Issue 9: every count is a subquery per caseworker on an index (a child's caseworker, a measure's or an
    investigation's child, `obl_open_assignee`), so the cost follows the caseworkers on the page, not the
    team's children; it used to be five queries that fetched every child of the team into Python. Counts
    only, no child is named, so nothing is logged as a read of a child's data."""
    if actor.team_id is None:
        return Staff.objects.none()
    now = now or timezone.now()
    today = timezone.localdate(now)
    mine = OuterRef("pk")
    measures = Measure.objects.filter(_active(today), child__caseworker=mine).annotate(
        _cw=F("child__caseworker")
    )
    running = {"concluded_on__isnull": True, "child__caseworker": mine}
    open_obligations = Obligation.objects.filter(assignee=mine, is_open=True).annotate(_cw=F("assignee"))
    return (
        Staff.objects.filter(
            municipality_id=actor.municipality_id, team_id=actor.team_id, role=Role.CASEWORKER, is_active=True
        )
        .annotate(
            n_child=_per_caseworker(Child.objects.filter(caseworker=mine).annotate(_cw=F("caseworker"))),
            n_placement=_per_caseworker(measures.filter(type__kind="placement"), "child", distinct=True),
            n_supportive=_per_caseworker(measures.filter(type__kind="supportive"), "child", distinct=True),
            n_investigation=_per_caseworker(
                Investigation.objects.filter(**running).annotate(_cw=F("child__caseworker")),
                "child",
                distinct=True,
            ),
            n_assessment=_per_caseworker(
                Assessment.objects.filter(**running).annotate(_cw=F("child__caseworker")),
                "child",
                distinct=True,
            ),
            n_open=_per_caseworker(open_obligations),
            n_overdue=_per_caseworker(open_obligations.filter(due_at__lt=now)),
        )
        .order_by("first_name", "last_name", "pk")
    )


def weighted_load(s: Staff, weights: dict[str, float] | None = None) -> WeightedLoad:
    """One row of `team_caseload_rows` with its weighted sum (`caseload_weights`)."""
    weights = weights or caseload_weights()
    counts = Counter({k: getattr(s, f"n_{k}") for k in ("child", *LOAD_KINDS)})
    return WeightedLoad(
        caseworker=s,
        counts=counts,
        weight=round(sum(weights[k] * n for k, n in counts.items()), 1),
        open_obligations=s.n_open,
        overdue=s.n_overdue,
    )


def team_caseload(
    actor: Staff, *, limit: int | None = None, offset: int = 0, now: dt.datetime | None = None
) -> tuple[list[WeightedLoad], int]:
    """One page of the team's caseload table (`limit` caseworkers from `offset`; all without a limit) and
    how many caseworkers the team has: one query, two when the page is full (the count)."""
    rows = team_caseload_rows(actor, now=now)
    page = list(rows[offset : offset + limit] if limit is not None else rows[offset:])
    full = limit is not None and len(page) == limit
    total = rows.count() if full or (offset and not page) else offset + len(page)
    weights = caseload_weights()
    return [weighted_load(s, weights) for s in page], total


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
