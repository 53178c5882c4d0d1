"""A few notifications placed by hand, so every worklist has something to show even in a small demo.

The calibrated model fills the worklists by itself at 20,000 children; at 1,500 there may be nothing
open for one particular caseworker on a given day. Each scenario takes the latest notification of a
child in the first district (the team of `raadgiver` and `teamleder`) and moves it to a set time
before now, with one step not yet done: reception's fresh acute assessments, receipts, the team
leader's unassigned pile, and `raadgiver`'s screening due soon, overdue screening, overdue feedback
and an open reassessment (§ 137). Only times move, so the calibrated counts stay as they were, except
that the reassessment scenario adds a notification if its child had none.

Case handling has its own showcase households (`CASE_SCENARIOS`, built by
`Population.scripted_families`), one child each on raadgiver's caseload: an undersøgelse due in five
days and one overdue with a foreløbig vurdering (both from a notification she screened), § 32 support
whose first follow-up falls due this week, a placement whose supervision visit is due in four days, a
placed young person turning 17½ (ungestøtte decision due), a draft decision with the børnesamtale not
yet held, and a child home from a placement with § 32 support (down the staircase). They are extra
households, so the calibrated model is not bent; at 20,000 children they are 7 of 20,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from tidlig.organisation.models import Staff
from tidlig.rules.calendar import CPH, WorkCalendar

from .organisation import Org
from .specs import ChildSpec, Family
from .timeline import Override


@dataclass(frozen=True)
class Scenario:
    name: str
    open_steps: frozenset[str]
    hours: float = 0
    working_days: int = 0
    months: int = 0
    days: int = 0
    for_raadgiver: bool = False  # a household new to the municipality, assigned to raadgiver
    new_household: bool = False  # a household without a caseworker, so it lands on the team's pile
    category: str | None = None  # 4: the health service, a professional who gets receipt and feedback
    measure: bool = False  # a child with § 32 support whose caseworker is raadgiver


CASE_SCENARIOS = [
    "investigation_due",
    "investigation_overdue",
    "first_followup_this_week",
    "supervision_visit_due",
    "youth_support_due",
    "draft_decision",
    "home_from_placement",
]

SCENARIOS = [
    Scenario("screening_due", frozenset({"screen"}), working_days=4, for_raadgiver=True),
    Scenario("screening_overdue", frozenset({"screen"}), working_days=9, for_raadgiver=True),
    Scenario("feedback_overdue", frozenset({"feedback"}), months=3, days=6, for_raadgiver=True, category="4"),
    Scenario("unassigned_new", frozenset({"assign"}), working_days=1, new_household=True),
    Scenario("unassigned_waiting", frozenset({"assign"}), working_days=3, new_household=True),
    Scenario("reassessment_open", frozenset({"reassess"}), working_days=3, measure=True),
    Scenario("acute_new", frozenset({"acute"}), hours=2),
    Scenario("acute_due_soon", frozenset({"acute"}), hours=19),
    Scenario("receipt_open", frozenset({"receipt"}), working_days=2, category="4"),
    Scenario("receipt_overdue", frozenset({"receipt"}), working_days=8, category="4"),
]


class Showcase:
    def __init__(self, org: Org, *, now: dt.datetime, calendar: WorkCalendar):
        self.org, self.now, self.calendar = org, now, calendar
        self.raadgiver: Staff = org.raadgiver
        self.district_id = org.showcase_team.district_id
        self.pending = list(SCENARIOS)
        self.measure_child: ChildSpec | None = None

    def claim_measure_family(self, family: Family, child: ChildSpec) -> Staff | None:
        """Population asks before it gives a supported child's household its caseworker."""
        if self.measure_child is None and family.district_id == self.district_id:
            self.measure_child = child
            return self.raadgiver
        return None

    def pick(self, family: Family) -> dict[tuple[int, dt.datetime], Override]:
        """The scenario (at most one) this household plays, keyed like Planner.family expects."""
        if family.scripted or family.district_id != self.district_id or not self.pending:
            return {}
        for sc in self.pending:
            if sc.measure:
                child = self.measure_child
                if child is None or child not in family.children:
                    continue
            else:
                child = self.candidate(family, sc)
                if child is None:
                    continue
            at = self.when(sc)
            if child.received:
                child.received.remove(max(child.received))
            child.received.append(at)
            self.pending.remove(sc)
            return {
                (id(child), at): Override(
                    open_steps=sc.open_steps,
                    category=sc.category,
                    assign_to=self.raadgiver if sc.for_raadgiver else None,
                )
            }
        return {}

    def candidate(self, family: Family, sc: Scenario) -> ChildSpec | None:
        at = self.when(sc)
        children = [
            c
            for c in family.children
            if c.received and not c.is_unborn and c.birth < at.astimezone(CPH).date() - dt.timedelta(days=1)
        ]
        if not children:
            return None
        if sc.for_raadgiver or sc.new_household:
            # Routed to the team and then assigned (or not yet): no caseworker, and nothing else to route.
            if family.caseworker is not None or sum(len(c.received) for c in family.children) != 1:
                return None
        return children[0]

    def when(self, sc: Scenario) -> dt.datetime:
        if sc.hours:
            return self.now - dt.timedelta(hours=sc.hours)
        if sc.months:
            day = (self.now - relativedelta(months=sc.months, days=sc.days)).astimezone(CPH).date()
        else:
            day = self.now.astimezone(CPH).date()
            remaining = sc.working_days
            while remaining:
                day -= dt.timedelta(days=1)
                remaining -= self.calendar.is_working_day(day)
        return dt.datetime.combine(day, dt.time(10, 15), tzinfo=CPH).astimezone(dt.UTC)
