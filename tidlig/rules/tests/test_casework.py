"""Deadlines of case handling after screening (BL §§ 20, 91, 95, 77–79, 111, 156) and the staircase:
pure functions of dates, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from tidlig.rules.calendar import CPH
from tidlig.rules.casework import (
    CASEWORK_TYPES,
    MeasureFacts,
    child_plan_due,
    first_followup_due,
    investigation_due,
    measure_obligations,
    parent_plan_offer_due,
    staircase_history,
    staircase_level,
    supervision_visit_due,
    youth_support_due,
)

D = dt.date
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))


def months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=CPH)


def codes(facts: MeasureFacts) -> set[str]:
    return {o.code for o in measure_obligations(facts)}


def by_code(facts: MeasureFacts) -> dict:
    """Each code's row; for a recurring obligation its newest period (the rows come oldest first)."""
    return {o.code: o for o in measure_obligations(facts)}


# § 20, stk. 3: the børnefaglig undersøgelse within 4 calendar months ---------------------------------


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        (D(2025, 1, 15), D(2025, 5, 15)),
        (D(2025, 10, 31), D(2026, 2, 28)),
        (D(2023, 10, 31), D(2024, 2, 29)),  # leap year
        (D(2025, 11, 30), D(2026, 3, 30)),
        (D(2025, 12, 31), D(2026, 4, 30)),
    ],
)
def test_an_investigation_is_due_four_calendar_months_after_the_municipality_became_aware(aware, due):
    assert investigation_due(aware) == due


@given(days)
def test_an_investigation_is_due_after_the_start_and_at_most_123_days_later(aware):
    due = investigation_due(aware)
    assert aware < due
    assert 120 <= (due - aware).days <= 123
    assert months_between(aware, due) == 4
    # The same day of the month, or the last day of a shorter month.
    assert due.day == aware.day or (due.day < aware.day and (due + dt.timedelta(days=1)).day == 1)


# § 95, stk. 2: the first follow-up on the earlier of two dates ---------------------------------------


def test_the_first_followup_is_three_months_after_the_start_without_a_parallel_investigation():
    assert first_followup_due(D(2025, 3, 16)) == D(2025, 6, 16)
    assert first_followup_due(D(2025, 11, 30)) == D(2026, 2, 28)


def test_a_parallel_investigation_concluded_earlier_brings_the_first_followup_forward():
    assert first_followup_due(D(2025, 3, 16), D(2025, 5, 2)) == D(2025, 5, 2)


def test_a_parallel_investigation_concluded_after_three_months_does_not_push_the_followup_back():
    assert first_followup_due(D(2025, 3, 16), D(2025, 8, 1)) == D(2025, 6, 16)


def test_an_investigation_concluded_before_the_measure_started_does_not_count():
    assert first_followup_due(D(2025, 3, 16), D(2025, 3, 15)) == D(2025, 6, 16)


def test_an_investigation_concluded_on_the_start_day_was_the_basis_not_parallel():
    """Concluded, decided and started on one day: the investigation did not run alongside the measure."""
    assert first_followup_due(D(2025, 3, 16), D(2025, 3, 16)) == D(2025, 6, 16)


@given(days, st.one_of(st.none(), days))
def test_the_first_followup_is_never_before_the_start_nor_later_than_three_months(started, concluded):
    due = first_followup_due(started, concluded)
    assert started <= due <= started + relativedelta(months=3)
    if concluded is not None and started < concluded <= started + relativedelta(months=3):
        assert due == concluded
    else:
        assert due == started + relativedelta(months=3)


# § 91: barnets plan ----------------------------------------------------------------------------------


def test_the_child_plan_is_due_three_months_after_the_decision():
    assert child_plan_due(D(2025, 11, 30), without_consent=False) == D(2026, 2, 28)


def test_the_child_plan_for_a_placement_without_consent_is_due_by_the_decision():
    assert child_plan_due(D(2025, 11, 30), without_consent=True) == D(2025, 11, 30)


@given(days, st.booleans())
def test_the_child_plan_is_never_due_before_the_decision(decided, without_consent):
    due = child_plan_due(decided, without_consent=without_consent)
    assert decided <= due <= decided + relativedelta(months=3)


# §§ 77, 79: forældrehandleplan; § 156, stk. 5: supervision ---------------------------------------------


def test_the_parent_plan_offer_is_due_three_months_after_the_placement():
    assert parent_plan_offer_due(D(2025, 4, 1), None) == D(2025, 7, 1)


def test_after_a_revision_the_parent_plan_is_assessed_again_within_twelve_months():
    assert parent_plan_offer_due(D(2025, 4, 1), D(2025, 6, 20)) == D(2026, 6, 20)


@given(days, st.integers(min_value=0, max_value=2000))
def test_the_parent_plan_offer_follows_the_latest_revision(placed, later):
    revision = placed + dt.timedelta(days=later)
    assert parent_plan_offer_due(placed, revision) == revision + relativedelta(years=1)


def test_a_supervision_visit_is_due_six_months_after_the_placement_then_after_each_visit():
    assert supervision_visit_due(D(2025, 4, 1), None) == D(2025, 10, 1)
    assert supervision_visit_due(D(2025, 4, 1), D(2025, 8, 31)) == D(2026, 2, 28)


@given(days, st.one_of(st.none(), days))
def test_at_least_two_supervision_visits_a_year(placed, last_visit):
    due = supervision_visit_due(placed, last_visit)
    assert months_between(last_visit or placed, due) == 6
    assert (due - (last_visit or placed)).days <= 184


# § 111: ungestøtte 6 months before the 18th birthday ---------------------------------------------------


def test_the_youth_support_decision_is_due_six_months_before_the_18th_birthday():
    assert youth_support_due(D(2008, 8, 31)) == D(2026, 2, 28)
    assert youth_support_due(D(2010, 6, 15)) == D(2027, 12, 15)


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31)))
def test_the_youth_support_decision_is_at_least_six_months_before_the_18th_birthday(born):
    due = youth_support_due(born)
    eighteen = born + relativedelta(years=18)
    assert due + relativedelta(months=6) <= eighteen
    assert (eighteen - due).days <= 184


# measure_obligations: what a measure triggers --------------------------------------------------------


def test_a_preventive_measure_triggers_no_obligations():
    facts = MeasureFacts(
        kind="preventive", decided_on=D(2025, 3, 1), started_on=D(2025, 3, 2), plan_needed=True
    )
    assert measure_obligations(facts) == []


def test_a_supportive_measure_without_a_plan_triggers_nothing_until_it_starts():
    assert codes(MeasureFacts(kind="supportive", decided_on=D(2025, 3, 10))) == set()


def test_a_started_supportive_measure_without_a_plan_triggers_the_first_followup_only():
    obligations = by_code(
        MeasureFacts(kind="supportive", decided_on=D(2025, 3, 10), started_on=D(2025, 3, 16))
    )
    assert set(obligations) == {"first_followup"}
    assert obligations["first_followup"].due_date == D(2025, 6, 16)
    assert obligations["first_followup"].law == "BL § 95, stk. 2"


def test_a_supportive_decision_that_says_a_plan_is_needed_triggers_a_child_plan_at_once():
    facts = MeasureFacts(kind="supportive", decided_on=D(2025, 3, 10), plan_needed=True)
    obligations = by_code(facts)
    assert set(obligations) == {"child_plan"}
    assert obligations["child_plan"].due_date == D(2025, 6, 10)


def test_a_placement_triggers_plan_followup_parent_plan_supervision_and_youth_support():
    facts = MeasureFacts(
        kind="placement", decided_on=D(2025, 3, 10), started_on=D(2025, 4, 1), child_birth_date=D(2008, 8, 31)
    )
    obligations = by_code(facts)
    assert set(obligations) == {
        "child_plan",
        "first_followup",
        "parent_plan_offer",
        "supervision_visit",
        "youth_support_decision",
        "support_person_offer",
    }
    assert {code: o.due_date for code, o in obligations.items()} == {
        "child_plan": D(2025, 6, 10),
        "first_followup": D(2025, 7, 1),
        "parent_plan_offer": D(2025, 7, 1),
        "supervision_visit": D(2025, 10, 1),
        "youth_support_decision": D(2026, 2, 28),
        "support_person_offer": D(2025, 4, 1),  # § 75: offered with the placement
    }
    assert all(o.met_at is None for o in obligations.values())
    assert all(code in CASEWORK_TYPES for code in obligations)


def test_a_decided_placement_not_yet_started_owes_only_the_child_plan():
    assert codes(MeasureFacts(kind="placement", decided_on=D(2025, 3, 10))) == {"child_plan"}


def test_a_placement_without_consent_owes_the_plan_by_the_decision_and_counts_one_recorded_before():
    facts = MeasureFacts(
        kind="placement",
        decided_on=D(2025, 3, 10),
        without_consent=True,
        plan_recorded_at=noon(D(2025, 3, 3)),
    )
    plan = by_code(facts)["child_plan"]
    assert plan.due_date == D(2025, 3, 10)
    assert plan.status(noon(D(2025, 4, 1))) == "met"


def test_the_facts_meet_the_obligations_they_record():
    facts = MeasureFacts(
        kind="placement",
        decided_on=D(2025, 3, 10),
        started_on=D(2025, 4, 1),
        child_birth_date=D(2008, 8, 31),
        first_followup_at=noon(D(2025, 6, 20)),
        plan_recorded_at=noon(D(2025, 5, 1)),
        youth_plan_recorded_at=noon(D(2025, 5, 1)),  # 16 at the decision: the plan is an ungeplan (§ 108)
        youth_support_decided_at=noon(D(2026, 1, 5)),
        parent_plan_revisions=(D(2025, 5, 1), D(2025, 6, 1)),
        supervision_visits=(D(2025, 9, 1), D(2025, 7, 1)),
    )
    obligations = by_code(facts)
    assert obligations["first_followup"].met_at == noon(D(2025, 6, 20))
    assert obligations["child_plan"].met_at == noon(D(2025, 5, 1))
    assert obligations["youth_support_decision"].met_at == noon(D(2026, 1, 5))
    assert obligations["parent_plan_offer"].due_date == D(2026, 6, 1)  # 12 months after the latest revision
    assert obligations["supervision_visit"].due_date == D(2026, 3, 1)  # 6 months after the latest visit


def test_a_parallel_conclusion_moves_the_first_followup_of_a_placement():
    facts = MeasureFacts(
        kind="placement",
        decided_on=D(2025, 3, 10),
        started_on=D(2025, 4, 1),
        parallel_concluded_on=D(2025, 5, 5),
    )
    assert by_code(facts)["first_followup"].due_date == D(2025, 5, 5)


def test_an_ended_measure_without_a_followup_owes_no_first_followup():
    facts = MeasureFacts(
        kind="supportive", decided_on=D(2025, 3, 10), started_on=D(2025, 3, 16), ended_on=D(2025, 4, 1)
    )
    assert codes(facts) == set()


def test_an_ended_measure_that_was_followed_up_keeps_its_met_first_followup():
    facts = MeasureFacts(
        kind="supportive",
        decided_on=D(2025, 3, 10),
        started_on=D(2025, 3, 16),
        ended_on=D(2025, 7, 1),
        first_followup_at=noon(D(2025, 6, 1)),
    )
    assert by_code(facts)["first_followup"].met_at == noon(D(2025, 6, 1))


def test_an_ended_placement_owes_no_parent_plan_supervision_or_youth_support():
    facts = MeasureFacts(
        kind="placement",
        decided_on=D(2025, 3, 10),
        started_on=D(2025, 4, 1),
        ended_on=D(2025, 5, 1),
        child_birth_date=D(2008, 8, 31),
    )
    assert codes(facts) == {"child_plan"}


def test_a_placement_of_a_child_without_a_birth_date_owes_no_youth_support_decision():
    facts = MeasureFacts(kind="placement", decided_on=D(2025, 3, 10), started_on=D(2025, 4, 1))
    assert "youth_support_decision" not in codes(facts)


def test_date_deadlines_end_at_the_end_of_the_copenhagen_day():
    (ob,) = measure_obligations(
        MeasureFacts(kind="supportive", decided_on=D(2025, 3, 10), started_on=D(2025, 3, 30))
    )
    assert ob.due_is_time is False
    assert ob.due_at.astimezone(CPH).replace(tzinfo=None) == dt.datetime(2025, 6, 30, 23, 59, 59, 999999)


# The staircase (DESIGN.md § 3) --------------------------------------------------------------------------


def test_the_staircase_level_is_the_highest_active_measure_or_one():
    assert staircase_level([]) == 1
    assert staircase_level([2, 5, 3]) == 5


def test_the_history_of_no_measures_is_empty():
    assert staircase_history([], until=D(2025, 6, 1)) == []


def test_the_history_records_only_the_days_the_step_changed():
    measures = [
        (D(2025, 1, 1), D(2025, 3, 31), 2),  # § 30
        (D(2025, 3, 1), None, 3),  # § 32, overlapping
        (D(2025, 4, 1), D(2025, 5, 31), 5),  # placement
        (D(2025, 4, 15), D(2025, 4, 20), 3),  # a § 32 inside the placement changes nothing
    ]
    assert staircase_history(measures, until=D(2025, 12, 31)) == [
        (D(2025, 1, 1), 2),
        (D(2025, 3, 1), 3),
        (D(2025, 4, 1), 5),
        (D(2025, 6, 1), 3),
    ]


def test_a_measure_counts_through_its_end_day():
    measures = [(D(2025, 1, 1), D(2025, 1, 31), 3)]
    assert staircase_history(measures, until=D(2025, 1, 31)) == [(D(2025, 1, 1), 3)]
    assert staircase_history(measures, until=D(2025, 2, 1)) == [(D(2025, 1, 1), 3), (D(2025, 2, 1), 1)]


def test_a_measure_ending_and_another_of_the_same_level_starting_the_next_day_is_no_change():
    measures = [(D(2025, 1, 1), D(2025, 1, 31), 3), (D(2025, 2, 1), None, 3)]
    assert staircase_history(measures, until=D(2025, 12, 31)) == [(D(2025, 1, 1), 3)]


def test_measures_starting_after_the_day_asked_about_are_not_counted():
    measures = [(D(2025, 1, 1), None, 3), (D(2025, 7, 1), None, 5)]
    assert staircase_history(measures, until=D(2025, 6, 30)) == [(D(2025, 1, 1), 3)]


spans = st.lists(
    st.tuples(
        st.dates(min_value=D(2020, 1, 1), max_value=D(2021, 12, 31)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
        st.integers(min_value=2, max_value=6),
    ),
    max_size=6,
).map(lambda xs: [(s, None if n is None else s + dt.timedelta(days=n), lvl) for s, n, lvl in xs])


@given(spans, st.dates(min_value=D(2020, 1, 1), max_value=D(2022, 12, 31)))
def test_the_history_agrees_with_the_level_on_every_day(measures, until):
    history = staircase_history(measures, until=until)
    # Only changes are recorded, in order, never after the day asked about.
    assert all(a[0] < b[0] and a[1] != b[1] for a, b in zip(history, history[1:], strict=False))
    assert all(day <= until for day, _ in history)
    day = D(2020, 1, 1)
    while day <= until:
        expected = staircase_level([lvl for s, e, lvl in measures if s <= day and (e is None or e >= day)])
        shown = [lvl for d, lvl in history if d <= day]
        assert (shown[-1] if shown else 1) == expected, day
        day += dt.timedelta(days=1)
