"""The follow-up rule (pure): Herning's 6–8 weeks by default, due at the end of the window."""

import datetime as dt

import pytest

from tidlig.rules import network as rules


def test_continue_owes_the_next_meeting_at_the_end_of_the_window():
    [o] = rules.network_followup(
        held_on=dt.date(2026, 11, 18),
        outcome=rules.CONTINUE,
        next_held_at=None,
        window=rules.FollowupWindow(),
    )
    assert o.code == "network_followup"
    assert o.due_date == dt.date(2027, 1, 13)  # 8 weeks later
    assert o.met_at is None


@pytest.mark.parametrize(
    "outcome",
    [rules.CLOSE_GOAL_REACHED, rules.ESCALATE_NOTIFICATION, rules.ESCALATE_INVESTIGATION, rules.OTHER_HELP],
)
def test_other_outcomes_owe_nothing(outcome):
    assert (
        rules.network_followup(
            held_on=dt.date(2026, 11, 18), outcome=outcome, next_held_at=None, window=rules.FollowupWindow()
        )
        == []
    )


def test_a_late_next_meeting_meets_it_late():
    late = dt.datetime(2027, 2, 1, 10, tzinfo=dt.UTC)
    [o] = rules.network_followup(
        held_on=dt.date(2026, 11, 18),
        outcome=rules.CONTINUE,
        next_held_at=late,
        window=rules.FollowupWindow(),
    )
    assert o.status(late).value == "met_late"


def test_a_municipality_window_moves_the_deadline():
    assert rules.followup_window(dt.date(2026, 11, 18), rules.FollowupWindow(4, 6)) == (
        dt.date(2026, 12, 16),
        dt.date(2026, 12, 30),
    )
    with pytest.raises(ValueError):
        rules.FollowupWindow(8, 6)
