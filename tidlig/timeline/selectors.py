"""Worklists and timelines. A worklist is one query on the stored obligations, whatever the data size.

Sections that read an upper app's table (the team's unassigned notifications) come from `registry`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.core.schemas import Row
from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child
from tidlig.rules.calendar import end_of_day
from tidlig.rules.obligations import ACUTE_ASSESSMENT, RECEIPT

from . import registry
from .models import Event, Obligation

WORKLIST_LIMIT = 200
PAGE_LIMIT = 50  # rows shown per group before "vis alle"; a page of hundreds helps nobody


def _rows(qs, now) -> list[Row]:
    return [Row(o, o.status_at(now)) for o in qs]


def _log(actor: Staff, rows: list[Row], what: str) -> None:
    audit.record_access(actor=actor, child_ids=[r.obligation.child_id for r in rows], what=what)


def _with_child(qs):
    return qs.select_related("child", "child__expecting_mother", "assignee", "team").order_by("due_at", "pk")


def reception_worklist(
    actor: Staff, *, now: dt.datetime | None = None, limit: int = WORKLIST_LIMIT, offset: int = 0
) -> dict:
    """Unassessed notifications, soonest acute deadline first; then receipts not yet sent.
    `offset` skips that many rows of each group (the API's pages; issue 9)."""
    now = now or timezone.now()
    base = Obligation.objects.filter(municipality_id=actor.municipality_id, is_open=True)
    acute_qs, receipt_qs = base.filter(code=ACUTE_ASSESSMENT.code), base.filter(code=RECEIPT.code)
    acute = _rows(_with_child(acute_qs)[offset : offset + limit], now)
    receipts = _rows(_with_child(receipt_qs)[offset : offset + limit], now)
    registry.row_details(acute + receipts)
    _log(actor, acute + receipts, "worklist.reception")
    return {
        "acute": acute,
        "receipts": receipts,
        "acute_total": acute_qs.count(),
        "receipts_total": receipt_qs.count(),
    }


def caseworker_worklist(actor: Staff, *, now: dt.datetime | None = None) -> dict:
    """My deadlines: overdue, today and this week (to Sunday), and what comes later."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    end_today = end_of_day(today)
    end_week = end_of_day(today + dt.timedelta(days=6 - today.weekday()))
    rows = _rows(_with_child(Obligation.objects.filter(assignee=actor, is_open=True))[:WORKLIST_LIMIT], now)
    _log(actor, rows, "worklist.caseworker")
    groups: dict[str, list[Row]] = {"overdue": [], "today": [], "week": [], "later": []}
    for r in rows:
        due = r.obligation.due_at
        key = (
            "overdue"
            if due < now
            else "today"
            if due <= end_today
            else "week"
            if due <= end_week
            else "later"
        )
        groups[key].append(r)
    return groups


def caseworker_worklist_page(
    actor: Staff, *, now: dt.datetime | None = None, limit: int = WORKLIST_LIMIT, offset: int = 0
) -> dict:
    """caseworker_worklist's groups one page at a time (the API; issue 9): rows `offset`…`offset+limit`
    of each group, and each group's total. A group is a range of due_at, read on the partial index
    obl_open_assignee; one query per group and one for the totals."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    end_today = end_of_day(today)
    end_week = end_of_day(today + dt.timedelta(days=6 - today.weekday()))
    ranges = {
        "overdue": Q(due_at__lt=now),
        "today": Q(due_at__gte=now, due_at__lte=end_today),
        "week": Q(due_at__gt=end_today, due_at__lte=end_week),
        "later": Q(due_at__gt=end_week),
    }
    mine = Obligation.objects.filter(assignee=actor, is_open=True)
    totals = mine.aggregate(**{k: Count("due_at", filter=q) for k, q in ranges.items()})  # in the index
    groups = {
        k: _rows(_with_child(mine.filter(q))[offset : offset + limit], now) if totals[k] > offset else []
        for k, q in ranges.items()
    }
    _log(actor, [r for rows in groups.values() for r in rows], "worklist.caseworker")
    return {"groups": groups, "totals": totals}


def team_worklist(
    actor: Staff,
    *,
    now: dt.datetime | None = None,
    limit: int = WORKLIST_LIMIT,
    offset: int = 0,
    caseload: bool = True,
) -> dict:
    """Unassigned work, the team's deadlines and the caseload of each caseworker.
    `offset` skips that many rows of the unassigned and of the deadlines (the API's pages; issue 9).
    `caseload=False` leaves the caseload out (empty): the team page and the API read the weighted one
    (`cases.caseload.team_caseload`), one page of caseworkers in one query (issue 9)."""
    now = now or timezone.now()
    if actor.team_id is None:
        return {
            "unassigned": [],
            "unassigned_total": 0,
            "deadlines": [],
            "deadlines_total": 0,
            "caseload": [],
        }
    mine = {"municipality_id": actor.municipality_id, "team_id": actor.team_id}
    unassigned, unassigned_total = registry.team_unassigned(actor, limit=limit, offset=offset)
    deadlines_qs = Obligation.objects.filter(**mine, is_open=True)
    deadlines = _rows(_with_child(deadlines_qs)[offset : offset + limit], now)
    # Counted on the team alone (the actor's own team, so in their municipality): every column is then in
    # the partial index obl_open_team, and PostgreSQL counts in the index without reading a row (issue 9).
    deadlines_total = Obligation.objects.filter(team_id=actor.team_id, is_open=True).count()
    audit.record_access(
        actor=actor,
        child_ids=[n.child_id for n in unassigned] + [r.obligation.child_id for r in deadlines],
        what="worklist.team",
    )
    data = {
        "unassigned": unassigned,
        "unassigned_total": unassigned_total,
        "deadlines": deadlines,
        "deadlines_total": deadlines_total,
        "caseload": [],
    }
    if not caseload:
        return data
    open_obligations = Obligation.objects.filter(assignee=OuterRef("pk"), is_open=True)
    # Counted in subqueries, not a join: a join with GROUP BY makes PostgreSQL run the other subqueries
    # once per child instead of once per caseworker.
    # COUNT(*), not COUNT(id): the id is in no index on caseworker/assignee, so counting it reads every row
    # from the table (a heap block per child: 37 ms for a team of 94 at 100,000 children); COUNT(*) lets
    # PostgreSQL count in the index (index-only scan on people_child(caseworker_id) and obl_open_assignee).
    their_children = (
        Child.objects.filter(caseworker=OuterRef("pk")).values("caseworker").annotate(c=Count("*"))
    )
    staff = list(
        Staff.objects.filter(**mine, role=Role.CASEWORKER, is_active=True)
        .annotate(
            n_children=Coalesce(Subquery(their_children.values("c")), 0),
            n_open=Coalesce(
                Subquery(open_obligations.values("assignee").annotate(c=Count("*")).values("c")), 0
            ),
            n_overdue=Coalesce(
                Subquery(
                    open_obligations.filter(due_at__lt=now)
                    .values("assignee")
                    .annotate(c=Count("*"))
                    .values("c")
                ),
                0,
            ),
        )
        .order_by("first_name", "last_name")
    )
    return {**data, "caseload": staff}


def child_timeline(child: Child, *, limit: int | None = None, intake_only: bool = False) -> list[Event]:
    """The newest events first; `limit` keeps a long case's page light (the rest is one click away)."""
    events = child.events.select_related("actor").order_by("-occurred_at", "-pk")
    if intake_only:
        events = events.filter(kind__startswith="intake.")
    return list(events[:limit] if limit else events)


def child_obligations(child: Child, *, now: dt.datetime | None = None) -> list[Row]:
    now = now or timezone.now()
    return _rows(child.obligations.select_related("assignee", "team").order_by("-is_open", "due_at"), now)


def obligations_for_source(source: str, source_id: int, *, now: dt.datetime | None = None) -> list[Row]:
    now = now or timezone.now()
    return _rows(Obligation.objects.filter(source=source, source_id=source_id).order_by("due_at"), now)


def obligations_for_sources(sources: list[tuple[str, int]], *, now: dt.datetime | None = None) -> list[Row]:
    """The obligations of several sources in one query, soonest first."""
    now = now or timezone.now()
    if not sources:
        return []
    match = Q()
    for source, source_id in sources:
        match |= Q(source=source, source_id=source_id)
    return _rows(Obligation.objects.filter(match).order_by("due_at", "pk"), now)
