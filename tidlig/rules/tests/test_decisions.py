"""The legal preconditions of a decision (BL §§ 5, 32, 46, 47, 91; forvaltningsloven § 19): pure, no database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tidlig.rules.decisions import (
    consent_problem,
    conversation_problem,
    decision_problems,
    hearing_problem,
    investigation_problem,
    plan_problem,
)

D = dt.date
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
kinds = st.sampled_from(["preventive", "supportive", "placement", "other"])
texts = st.text(max_size=20)


@given(decided=days, held=days, exception=texts)
def test_a_conversation_with_the_child_on_or_before_the_day_meets_section_5(decided, held, exception):
    problem = conversation_problem(decided_on=decided, held_on=held, same_child=True, exception=exception)
    assert (problem is None) == (held <= decided)


@given(decided=days, held=days)
def test_a_conversation_with_another_child_never_counts(decided, held):
    problem = conversation_problem(decided_on=decided, held_on=held, same_child=False, exception="begrundet")
    assert problem == "Børnesamtalen handler om et andet barn."


@given(decided=days, exception=texts)
def test_without_a_conversation_only_a_stated_reason_meets_section_5_stk_4(decided, exception):
    problem = conversation_problem(decided_on=decided, held_on=None, same_child=False, exception=exception)
    assert (problem is None) == bool(exception.strip())


@given(kind=kinds, without_consent=st.booleans(), consent=st.sampled_from([True, False, None]))
def test_consent_is_needed_for_supportive_measures_and_placements_unless_section_47(
    kind, without_consent, consent
):
    problem = consent_problem(kind=kind, without_consent=without_consent, consent=consent)
    needed = kind in ("supportive", "placement") and not without_consent
    assert (problem is not None) == (needed and consent is not True)


@given(
    kind=kinds, without_consent=st.booleans(), concluded=st.booleans(), running=st.booleans(), special=texts
)
def test_a_placement_rests_on_an_investigation(kind, without_consent, concluded, running, special):
    problem = investigation_problem(
        kind=kind,
        without_consent=without_consent,
        concluded=concluded,
        running=running,
        special_circumstances=special,
    )
    if kind != "placement" or concluded:
        assert problem is None
    elif without_consent:
        assert "§ 47, stk. 2" in problem
    else:
        assert (problem is None) == (running and bool(special.strip()))
        assert problem is None or "§ 46, stk. 3" in problem


@given(without_consent=st.booleans(), recorded=st.booleans())
def test_a_placement_without_consent_needs_the_childs_plan_first(without_consent, recorded):
    problem = plan_problem(without_consent=without_consent, plan_recorded=recorded)
    assert (problem is not None) == (without_consent and not recorded)


@given(kind=kinds, decided=days, hearing=st.none() | days)
def test_partshoering_comes_before_the_decision(kind, decided, hearing):
    problem = hearing_problem(kind=kind, decided_on=decided, hearing_on=hearing)
    if hearing is not None:
        assert (problem is None) == (hearing <= decided)
    else:
        assert (problem is None) == (kind not in ("supportive", "placement"))


@given(
    kind=kinds,
    today=days,
    decided=days,
    without_consent=st.booleans(),
    consent=st.sampled_from([True, False, None]),
    held=st.none() | days,
    same_child=st.booleans(),
    exception=texts,
    concluded=st.booleans(),
    running=st.booleans(),
    special=texts,
    plan=st.booleans(),
    hearing=st.none() | days,
)
def test_all_problems_are_reported_in_one_round_by_field(
    kind,
    today,
    decided,
    without_consent,
    consent,
    held,
    same_child,
    exception,
    concluded,
    running,
    special,
    plan,
    hearing,
):
    problems = decision_problems(
        kind=kind,
        today=today,
        decided_on=decided,
        without_consent=without_consent,
        consent=consent,
        conversation_held_on=held,
        conversation_same_child=same_child,
        conversation_exception=exception,
        investigation_concluded=concluded,
        investigation_running=running,
        special_circumstances=special,
        plan_recorded=plan,
        hearing_on=hearing,
    )
    assert ("decided_on" in problems) == (decided > today)
    assert ("consent" in problems) == (
        consent_problem(kind=kind, without_consent=without_consent, consent=consent) is not None
    )
    assert ("plan" in problems) == (without_consent and not plan)
    assert ("hearing_on" in problems) == (
        hearing_problem(kind=kind, decided_on=decided, hearing_on=hearing) is not None
    )
    assert all(isinstance(message, str) and message for message in problems.values())


def test_a_complete_placement_with_consent_has_no_problems():
    problems = decision_problems(
        kind="placement",
        today=D(2026, 11, 18),
        decided_on=D(2026, 11, 18),
        without_consent=False,
        consent=True,
        conversation_held_on=D(2026, 11, 10),
        conversation_same_child=True,
        conversation_exception="",
        investigation_concluded=True,
        investigation_running=False,
        special_circumstances="",
        plan_recorded=False,
        hearing_on=D(2026, 11, 12),
    )
    assert problems == {}
