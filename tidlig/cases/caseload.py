"""A caseworker's caseload ("Mine børn") and the team leader's weighted caseload per caseworker (issue 10).

Reads only; kept apart from `selectors.py` (the worklists, which move to the timeline app) so that move and
this file do not meet. Each list is a fixed number of queries whatever the caseload.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
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


def _per_caseworker(qs):
    """COUNT(*) over `qs` (filtered on OuterRef("pk"), annotated `_cw`) as a subquery of the caseworker."""
    return Coalesce(Subquery(qs.values("_cw").annotate(c=Count("*")).values("c")), 0)


def team_caseworkers(actor: Staff, *, now: dt.datetime | None = None) -> QuerySet[Staff]:
    """The caseworkers of the actor's team by name, with their open (`n_open`) and overdue (`n_overdue`)
    deadlines counted in `obl_open_assignee` (index-only). Slice it for a page; `loads_of` adds the rest."""
    if actor.team_id is None:
        return Staff.objects.none()
    now = now or timezone.now()
    open_obligations = Obligation.objects.filter(assignee=OuterRef("pk"), is_open=True).annotate(
        _cw=F("assignee")
    )
    return (
        Staff.objects.filter(
            municipality_id=actor.municipality_id, team_id=actor.team_id, role=Role.CASEWORKER, is_active=True
        )
        .annotate(
            n_open=_per_caseworker(open_obligations),
            n_overdue=_per_caseworker(open_obligations.filter(due_at__lt=now)),
        )
        .order_by("first_name", "last_name", "pk")
    )


def loads_of(caseworkers: list[Staff], *, today: dt.date | None = None) -> list[WeightedLoad]:
    """Per caseworker (rows of `team_caseworkers`): how many children, placements, running investigations
    and afdækninger, and supportive measures, and the weighted sum (`caseload_weights`).

    Issue 9: one grouped query over the caseworkers' children (the covering index child_caseworker_pk),
    each kind a hashed `IN` over the municipality's few running ones (the partial indexes inv_running and
    asm_running; the measures in force), so it reads the page's children once and fetches none into
    Python; it used to be four queries that fetched every child of the team. Counts only, no child is
    named, so nothing is logged as a read of a child's data."""
    today = today or timezone.localdate()
    weights = caseload_weights()
    in_force = Measure.objects.filter(_active(today))
    running = {"concluded_on__isnull": True}
    kinds = {
        "placement": in_force.filter(type__kind="placement"),
        "supportive": in_force.filter(type__kind="supportive"),
        "investigation": Investigation.objects.filter(**running),
        "assessment": Assessment.objects.filter(**running),
    }
    counted = {
        row["caseworker_id"]: row
        for row in Child.objects.filter(caseworker_id__in=[s.pk for s in caseworkers])
        .values("caseworker_id")
        .annotate(
            child=Count("caseworker_id"),
            **{k: Count("caseworker_id", filter=Q(pk__in=qs.values("child_id"))) for k, qs in kinds.items()},
        )
        .order_by()
    }
    loads = []
    for s in caseworkers:
        row = counted.get(s.pk, {})
        counts = Counter({k: row.get(k, 0) for k in ("child", *LOAD_KINDS)})
        loads.append(
            WeightedLoad(
                caseworker=s,
                counts=counts,
                weight=round(sum(weights[k] * n for k, n in counts.items()), 1),
                open_obligations=getattr(s, "n_open", 0),
                overdue=getattr(s, "n_overdue", 0),
            )
        )
    return loads


def team_caseload(
    actor: Staff, *, limit: int | None = None, offset: int = 0, now: dt.datetime | None = None
) -> tuple[list[WeightedLoad], int]:
    """One page of the team's caseload table (`limit` caseworkers from `offset`; all without a limit) and
    how many caseworkers the team has: two queries, three when the page is full (the count)."""
    now = now or timezone.now()
    team = team_caseworkers(actor, now=now)
    page = list(team[offset : offset + limit] if limit is not None else team[offset:])
    full = limit is not None and len(page) == limit
    total = team.count() if full or (offset and not page) else offset + len(page)
    return loads_of(page, today=timezone.localdate(now)) if page else [], total


class TeamCaseload(Sequence):
    """The team's caseload table as a lazy sequence for `@paginated`: its length is a count of the
    caseworkers, and a slice computes only that page's loads."""

    def __init__(self, actor: Staff) -> None:
        self.now = timezone.now()
        self.team = team_caseworkers(actor, now=self.now)

    def __len__(self) -> int:
        return self.team.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("TeamCaseload is read a page (a slice) at a time")
        page = list(self.team[index])
        return loads_of(page, today=timezone.localdate(self.now)) if page else []


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
