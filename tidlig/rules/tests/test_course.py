"""The § 30 course's deadlines (rules/course.py): 12 weeks of practice, two meetings and the end."""

import datetime as dt

import pytest

from tidlig.rules import course as rules

START = dt.date(2026, 9, 7)  # a Monday
UTC = dt.UTC


def _derive(**kw):
    args = dict(
        started_on=START, weeks=12, start_meeting_weeks=2, start_held_at=None, end_held_at=None, ended_at=None
    )
    return {o.code: o for o in rules.course_obligations(**{**args, **kw})}


def test_twelve_weeks_end_on_the_eighty_fourth_day():
    assert rules.planned_end(START, 12) == dt.date(2026, 11, 29)
    assert [rules.course_week(START, START + dt.timedelta(days=d)) for d in (-1, 0, 6, 7, 83)] == [
        0,
        1,
        1,
        2,
        12,
    ]


def test_a_running_course_owes_both_meetings_and_the_end():
    obs = _derive()
    assert obs["course_start_meeting"].due_date == dt.date(2026, 9, 20)
    assert obs["course_end_meeting"].due_date == dt.date(2026, 11, 29)
    assert obs["course_end"].due_date == dt.date(2026, 12, 6)
    assert all(o.met_at is None for o in obs.values())
    assert "BL § 30" in obs["course_end"].law


def test_a_meeting_held_late_is_met_late():
    held = dt.datetime(2026, 9, 25, 10, tzinfo=UTC)
    o = _derive(start_held_at=held)["course_start_meeting"]
    assert o.status(held) == "met_late"


def test_an_early_end_drops_the_meetings_not_held():
    ended = dt.datetime(2026, 10, 1, 12, tzinfo=UTC)
    assert set(_derive(ended_at=ended)) == {"course_end"}
    held = dt.datetime(2026, 9, 10, 10, tzinfo=UTC)
    assert set(_derive(ended_at=ended, start_held_at=held)) == {"course_start_meeting", "course_end"}


@pytest.mark.parametrize("weeks,start", [(0, 1), (53, 2), (4, 5)])
def test_a_course_length_is_checked(weeks, start):
    with pytest.raises(ValueError):
        rules.CourseLength(weeks, start)
