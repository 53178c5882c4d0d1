"""Recurring obligations leave one row per period (issue 12: § 156, stk. 5 visits, § 79 offers), the ungeplan
from the 16th birthday (§ 108 / § 91, stk. 1) and the hjemgivelsesperiode (§ 100, stk. 4): pure rules."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from tidlig.rules.calendar import CPH
from tidlig.rules.casework import (
    MeasureFacts,
    Period,
    measure_obligations,
    recurring_periods,
)
from tidlig.rules.obligations import Status

D = dt.date
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))
FAR = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)  # a "now" after every deadline


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=CPH)


def rows(facts: MeasureFacts, code: str):
    return [o for o in measure_obligations(facts) if o.code == code]


def placement(**kw) -> MeasureFacts:
    return MeasureFacts(kind="placement", decided_on=D(2025, 3, 10), started_on=D(2025, 4, 1), **kw)


# The generic rule ----------------------------------------------------------------------------------------------


@given(
    first_due=days,
    interval=st.sampled_from([6, 12]),
    offsets=st.lists(st.integers(min_value=0, max_value=3000), max_size=12),
)
def test_every_meeting_meets_exactly_one_period_and_only_the_last_period_is_open(
    first_due, interval, offsets
):
    start = first_due - relativedelta(months=interval)
    meetings = [start + dt.timedelta(days=o) for o in offsets]
    periods = recurring_periods(first_due=first_due, interval_months=interval, meetings=meetings)
    assert [p.number for p in periods] == list(range(1, len(periods) + 1))
    met = [p.met_on for p in periods if p.met_on is not None]
    assert met == sorted(set(meetings))  # one period per distinct meeting, in order
    assert periods[-1].met_on is None  # the open period is the last
    assert periods[0].due == first_due
    for before, after in zip(periods, periods[1:], strict=False):
        # the next period runs from the day the previous one was met, whether on time or late
        assert after.due == before.met_on + relativedelta(months=interval)


@given(start=days, late_by=st.integers(min_value=-180, max_value=400))
def test_a_visit_after_the_due_date_meets_the_missed_period_late_without_moving_its_deadline(start, late_by):
    first_due = start + relativedelta(months=6)
    visit = first_due + dt.timedelta(days=late_by)
    facts = MeasureFacts(kind="placement", decided_on=start, started_on=start, supervision_visits=(visit,))
    first, *rest = rows(facts, "supervision_visit")
    assert (first.period, first.due_date) == (1, first_due)
    assert first.status(FAR) == (Status.MET if late_by <= 0 else Status.MET_LATE)
    assert [r.period for r in rest] == [2]
    assert rest[0].due_date == visit + relativedelta(months=6)


def test_status_at_the_period_boundaries():
    # placed 1 April 2025: the first visit is due 1 October 2025, the end of that Copenhagen day
    on_time, late = (
        placement(supervision_visits=(D(2025, 10, 1),)),
        placement(supervision_visits=(D(2025, 10, 2),)),
    )
    assert rows(on_time, "supervision_visit")[0].status(FAR) == Status.MET
    assert rows(late, "supervision_visit")[0].status(FAR) == Status.MET_LATE
    open_row = rows(placement(), "supervision_visit")[0]
    last_moment = dt.datetime(2025, 10, 1, 23, 59, 59, tzinfo=CPH)
    assert open_row.status(last_moment) == Status.OPEN
    assert open_row.status(last_moment + dt.timedelta(seconds=1)) == Status.OVERDUE


def test_a_missed_period_stays_on_record_after_a_late_visit():
    """The defect of issue 12: a visit 4 months late used to roll the deadline to 6 months after it."""
    facts = placement(supervision_visits=(D(2026, 2, 1), D(2026, 7, 15)))
    got = [(r.period, r.due_date, r.status(FAR)) for r in rows(facts, "supervision_visit")]
    assert got == [
        (1, D(2025, 10, 1), Status.MET_LATE),
        (2, D(2026, 8, 1), Status.MET),
        (3, D(2027, 1, 15), Status.OVERDUE),
    ]


@given(
    visits=st.lists(st.integers(min_value=0, max_value=2000), max_size=8),
    offers=st.lists(st.integers(min_value=0, max_value=2000), max_size=4),
    assessments=st.lists(st.integers(min_value=0, max_value=2000), max_size=4),
    ended=st.one_of(st.none(), st.integers(min_value=0, max_value=2500)),
    homecoming=st.integers(min_value=0, max_value=183),
)
def test_every_recurring_obligation_leaves_one_row_per_period_under_a_unique_key(
    visits, offers, assessments, ended, homecoming
):
    start = D(2025, 4, 1)
    end = start + dt.timedelta(days=ended) if ended is not None else None
    last = end + dt.timedelta(days=homecoming) if end else None
    within = [start + dt.timedelta(days=v) for v in visits if last is None or v <= (last - start).days]
    facts = MeasureFacts(
        kind="placement",
        decided_on=D(2025, 3, 10),
        started_on=start,
        ended_on=end,
        homecoming_period_end=last if end else None,
        supervision_visits=tuple(within),
        parent_plan_offers=tuple(start + dt.timedelta(days=o) for o in offers),
        parent_plan_assessments=tuple(start + dt.timedelta(days=a) for a in assessments),
    )
    obligations = measure_obligations(facts)
    keys = [(o.code, o.period) for o in obligations]
    assert len(keys) == len(set(keys))
    for code in ("supervision_visit", "parent_plan_offer"):
        mine = [o for o in obligations if o.code == code]
        assert [o.period for o in mine] == list(range(1, len(mine) + 1))
        assert sum(o.met_at is None for o in mine) <= 1
        assert all(o.met_at is not None for o in mine[:-1])
        if last is not None:
            assert all(o.due_date <= last for o in mine)  # nothing falls due after the placement
    if last is None:
        met_visits = {o.met_at for o in obligations if o.code == "supervision_visit" and o.met_at}
        assert met_visits == {noon(d) for d in within}


# § 79: the first § 77 plan is not the revision; an offer the parents declined meets the period ----------------------


def test_the_first_period_of_the_parent_plan_offer_is_met_by_an_offer_not_by_an_assessment():
    only_assessed = placement(parent_plan_assessments=(D(2025, 5, 1),))
    (first,) = rows(only_assessed, "parent_plan_offer")
    assert (first.due_date, first.met_at) == (D(2025, 7, 1), None)
    declined = placement(parent_plan_offers=(D(2025, 6, 20),), parent_plan_assessments=(D(2026, 6, 1),))
    got = [(r.period, r.due_date, r.met_at) for r in rows(declined, "parent_plan_offer")]
    assert got == [
        (1, D(2025, 7, 1), noon(D(2025, 6, 20))),
        (2, D(2026, 6, 20), noon(D(2026, 6, 1))),  # § 79, stk. 3: assessed within 12 months
        (3, D(2027, 6, 1), None),
    ]


# § 108 / § 91, stk. 1: from the 16th birthday the plan is an ungeplan -----------------------------------------------


@given(birth=st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)), offset=st.integers(-5, 5))
def test_a_barnets_plan_meets_the_plan_obligation_only_before_the_16th_birthday(birth, offset):
    sixteen = birth + relativedelta(years=16)
    decided = sixteen + dt.timedelta(days=offset)
    facts = MeasureFacts(
        kind="placement",
        decided_on=decided,
        child_birth_date=birth,
        plan_recorded_at=noon(decided),  # an ordinary barnets plan, on the day of the decision
    )
    (plan,) = rows(facts, "child_plan")
    assert (plan.met_at is not None) == (decided < sixteen)  # the birthday itself is "fyldt 16 år"
    with_ungeplan = MeasureFacts(
        kind="placement",
        decided_on=decided,
        child_birth_date=birth,
        plan_recorded_at=noon(decided),
        youth_plan_recorded_at=noon(decided),
    )
    assert rows(with_ungeplan, "child_plan")[0].met_at == noon(decided)


@given(birth=st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)), offset=st.integers(-400, 400))
def test_a_child_who_turns_16_while_placed_owes_an_ungeplan_3_months_after_the_birthday(birth, offset):
    sixteen = birth + relativedelta(years=16)
    decided = sixteen + dt.timedelta(days=offset)
    facts = MeasureFacts(kind="placement", decided_on=decided, started_on=decided, child_birth_date=birth)
    youth = rows(facts, "youth_plan")
    if decided >= sixteen:
        assert youth == []  # the plan of the decision is the ungeplan (child_plan above)
    else:
        assert [o.due_date for o in youth] == [birth + relativedelta(years=16, months=3)]
    ended_before = MeasureFacts(
        kind="placement",
        decided_on=decided,
        started_on=decided,
        ended_on=decided + dt.timedelta(days=10),
        child_birth_date=birth,
    )
    owed = decided < sixteen <= decided + dt.timedelta(days=10)
    assert bool(rows(ended_before, "youth_plan")) == owed


# § 100, stk. 4: the hjemgivelsesperiode continues the placement ---------------------------------------------------


def test_the_hjemgivelsesperiode_continues_the_visits_the_parent_plan_and_the_youth_support():
    facts = placement(
        ended_on=D(2025, 9, 1),
        homecoming_period_end=D(2026, 2, 28),
        child_birth_date=D(2008, 8, 31),
        supervision_visits=(D(2025, 10, 1),),
    )
    got = {(o.code, o.period): o.due_date for o in measure_obligations(facts)}
    assert got[("supervision_visit", 1)] == D(2025, 10, 1)  # due in the hjemgivelsesperiode
    assert ("supervision_visit", 2) not in got  # due 1 April 2026, after the period
    assert got[("parent_plan_offer", 1)] == D(2025, 7, 1)
    assert got[("youth_support_decision", 0)] == D(2026, 2, 28)  # § 111: 6 months before 18
    without = placement(ended_on=D(2025, 9, 1), child_birth_date=D(2008, 8, 31))
    assert {o.code for o in measure_obligations(without)} >= {"parent_plan_offer"}  # it fell due while placed
    assert "supervision_visit" not in {o.code for o in measure_obligations(without)}


def test_period_is_a_plain_record():
    assert recurring_periods(first_due=D(2025, 1, 1), interval_months=6, meetings=[]) == [
        Period(1, D(2025, 1, 1), None)
    ]
