"""Obligations derived from a notification (DESIGN.md § 2): pure functions of facts, events and now."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidlig.rules import obligations as ob
from tidlig.rules.calendar import CPH, WorkCalendar
from tidlig.rules.obligations import (
    Event,
    LocalDeadlines,
    NotificationFacts,
    NotifierKind,
    Status,
    acute_assessment_due,
    feedback_due,
    notification_obligations,
    obligation_status,
    receipt_due,
    screening_due,
)

CAL = WorkCalendar.danish()
LOCAL = LocalDeadlines()
H = dt.timedelta(hours=1)


def cph(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


def derive(kind=NotifierKind.PROFESSIONAL, events=(), *, received=None, ongoing=False, local=LOCAL):
    facts = NotificationFacts(
        received_at=received or cph(2025, 4, 14, 9, 0), notifier_kind=kind, child_had_ongoing_measure=ongoing
    )
    return {o.code: o for o in notification_obligations(facts, list(events), calendar=CAL, local=local)}


# The 24-hour rule (BL § 136, stk. 2) -------------------------------------------------------------------


def test_acute_assessment_is_due_24_clock_hours_after_receipt_across_the_spring_change():
    # Saturday 29 March 2025 10:00 CET; at 02:00 on Sunday the clocks jump to 03:00 CEST.
    due = acute_assessment_due(cph(2025, 3, 29, 10, 0))
    assert due.astimezone(CPH).replace(tzinfo=None) == dt.datetime(2025, 3, 30, 11, 0)


def test_acute_assessment_is_due_24_clock_hours_after_receipt_across_the_autumn_change():
    due = acute_assessment_due(cph(2025, 10, 25, 10, 0))
    assert due.astimezone(CPH).replace(tzinfo=None) == dt.datetime(2025, 10, 26, 9, 0)


def test_acute_assessment_counts_weekends_and_holidays():
    # Received Thursday evening before Easter: due Good Friday evening, a holiday.
    due = acute_assessment_due(cph(2025, 4, 17, 20, 0))
    assert due.astimezone(CPH).replace(tzinfo=None) == dt.datetime(2025, 4, 18, 20, 0)


@given(
    received=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2060, 1, 1), timezones=st.just(dt.UTC)
    )
)
def test_acute_assessment_is_always_exactly_24_hours_later(received):
    assert acute_assessment_due(received.astimezone(CPH)) - received == dt.timedelta(hours=24)


# Dated deadlines ------------------------------------------------------------------------------------------


def test_receipt_is_due_six_working_days_after_the_copenhagen_day_of_receipt():
    assert receipt_due(cph(2025, 4, 14, 9, 0), CAL) == dt.date(2025, 4, 25)
    # 00:30 on Monday in Copenhagen is Sunday in UTC; the Copenhagen day is the one that counts.
    assert receipt_due(dt.datetime(2025, 4, 13, 22, 30, tzinfo=dt.UTC), CAL) == dt.date(2025, 4, 25)


def test_feedback_is_due_three_calendar_months_later_clamped_to_the_end_of_february():
    assert feedback_due(cph(2024, 11, 30, 12, 0), LOCAL) == dt.date(2025, 2, 28)
    assert feedback_due(cph(2023, 11, 30, 12, 0), LOCAL) == dt.date(2024, 2, 29)  # leap year
    assert feedback_due(cph(2025, 1, 15, 12, 0), LOCAL) == dt.date(2025, 4, 15)


def test_feedback_counts_from_the_copenhagen_day_of_receipt():
    # 23:30 UTC on 30 November is 00:30 on 1 December in Copenhagen.
    assert feedback_due(dt.datetime(2024, 11, 30, 23, 30, tzinfo=dt.UTC), LOCAL) == dt.date(2025, 3, 1)


def test_local_deadlines_are_configurable():
    local = LocalDeadlines(screening_working_days=2, feedback_months=1, reassessment_working_days=1)
    received = cph(2025, 4, 14, 9, 0)
    assert screening_due(received, CAL, local) == dt.date(2025, 4, 16)  # Tue 15 (1), Wed 16 (2)
    assert feedback_due(received, local) == dt.date(2025, 5, 14)
    obligations = derive(received=received, ongoing=True, local=local)
    assert obligations["reassessment"].due_date == dt.date(2025, 4, 15)
    assert obligations["screening"].due_date == dt.date(2025, 4, 16)
    assert obligations["notifier_feedback"].due_date == dt.date(2025, 5, 14)


def test_the_default_local_deadlines_are_six_working_days_three_months_and_ten_working_days():
    obligations = derive(ongoing=True)
    assert obligations["screening"].due_date == dt.date(2025, 4, 25)
    assert obligations["notifier_feedback"].due_date == dt.date(2025, 7, 14)
    # Mon 14 April: 15, 16, 22, 23, 24, 25, 28, 29, 30 April, 1 May (10).
    assert obligations["reassessment"].due_date == dt.date(2025, 5, 1)


def test_a_dated_deadline_lasts_until_the_end_of_the_copenhagen_day():
    receipt = derive()["receipt"]
    assert receipt.due_is_time is False
    assert receipt.due_at.astimezone(CPH).replace(tzinfo=None) == dt.datetime(2025, 4, 25, 23, 59, 59, 999999)
    acute = derive()["acute_assessment"]
    assert acute.due_is_time is True
    assert acute.due_date == dt.date(2025, 4, 15)


# Which obligations a notifier triggers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, expected",
    [
        (NotifierKind.PROFESSIONAL, {"acute_assessment", "receipt", "screening", "notifier_feedback"}),
        (NotifierKind.CITIZEN, {"acute_assessment", "receipt", "screening"}),
        (NotifierKind.MUNICIPALITY, {"acute_assessment", "receipt", "screening"}),
        (NotifierKind.ANONYMOUS, {"acute_assessment", "screening"}),
    ],
)
def test_each_kind_of_notifier_triggers_its_obligations(kind, expected):
    assert set(derive(kind)) == expected


@pytest.mark.parametrize("kind", list(NotifierKind))
def test_reassessment_is_triggered_only_for_a_child_with_an_ongoing_measure(kind):
    assert "reassessment" not in derive(kind, ongoing=False)
    assert "reassessment" in derive(kind, ongoing=True)


def test_every_obligation_cites_its_law():
    for o in derive(ongoing=True).values():
        assert o.law.startswith("BL §"), o.code
        assert o.title


# Status from events and now -----------------------------------------------------------------------------


def test_an_unmet_obligation_is_open_until_its_deadline_and_overdue_after():
    acute = derive()["acute_assessment"]
    assert acute.status(cph(2025, 4, 15, 8, 59)) == Status.OPEN
    assert acute.status(cph(2025, 4, 15, 9, 0)) == Status.OPEN
    assert acute.status(cph(2025, 4, 15, 9, 1)) == Status.OVERDUE


def test_an_obligation_met_in_time_is_met_and_one_met_after_the_deadline_is_met_late():
    in_time = derive(events=[Event(ob.ACUTE_ASSESSED, cph(2025, 4, 14, 15, 0))])["acute_assessment"]
    late = derive(events=[Event(ob.ACUTE_ASSESSED, cph(2025, 4, 15, 10, 0))])["acute_assessment"]
    later = cph(2025, 6, 1, 0, 0)
    assert in_time.met_at == cph(2025, 4, 14, 15, 0)
    assert in_time.status(later) == Status.MET
    assert late.status(later) == Status.MET_LATE


def test_a_receipt_sent_on_the_last_day_late_in_the_evening_is_in_time():
    receipt = derive(events=[Event(ob.RECEIPT_SENT, cph(2025, 4, 25, 23, 30))])["receipt"]
    assert receipt.status(cph(2025, 5, 1, 0, 0)) == Status.MET
    receipt = derive(events=[Event(ob.RECEIPT_SENT, cph(2025, 4, 26, 0, 10))])["receipt"]
    assert receipt.status(cph(2025, 5, 1, 0, 0)) == Status.MET_LATE


def test_the_earliest_meeting_event_counts_whatever_the_order_of_the_events():
    early, late = cph(2025, 4, 16, 10, 0), cph(2025, 4, 30, 10, 0)
    events = [
        Event(ob.RECEIPT_SENT, late),
        Event(ob.RECEIVED, cph(2025, 4, 14, 9, 0)),
        Event(ob.RECEIPT_SENT, early),
    ]
    receipt = derive(events=events)["receipt"]
    assert receipt.met_at == early
    assert receipt.status(late) == Status.MET


def test_events_of_another_kind_do_not_meet_an_obligation():
    obligations = derive(events=[Event(ob.SCREENED, cph(2025, 4, 15, 9, 0))])
    assert obligations["screening"].met_at is not None
    assert obligations["receipt"].met_at is None
    assert obligations["acute_assessment"].met_at is None
    assert obligations["notifier_feedback"].met_at is None


def test_waived_feedback_is_not_applicable():
    feedback = derive(events=[Event(ob.FEEDBACK_WAIVED, cph(2025, 4, 20, 9, 0))])["notifier_feedback"]
    assert feedback.not_applicable
    assert feedback.met_at is None
    assert feedback.status(cph(2030, 1, 1, 0, 0)) == Status.NOT_APPLICABLE


def test_feedback_sent_after_all_counts_as_met_even_if_it_was_first_waived():
    events = [
        Event(ob.FEEDBACK_WAIVED, cph(2025, 4, 20, 9, 0)),
        Event(ob.FEEDBACK_SENT, cph(2025, 5, 1, 9, 0)),
    ]
    feedback = derive(events=events)["notifier_feedback"]
    assert not feedback.not_applicable
    assert feedback.status(cph(2025, 6, 1, 0, 0)) == Status.MET


def test_the_reassessment_is_met_by_a_reassessment_event():
    obligations = derive(ongoing=True, events=[Event(ob.REASSESSED, cph(2025, 4, 22, 9, 0))])
    assert obligations["reassessment"].status(cph(2025, 6, 1, 0, 0)) == Status.MET


@given(
    due=st.datetimes(timezones=st.just(dt.UTC)),
    met_offset=st.one_of(
        st.none(), st.timedeltas(min_value=-dt.timedelta(days=99), max_value=dt.timedelta(days=99))
    ),
    now_offset=st.timedeltas(min_value=-dt.timedelta(days=99), max_value=dt.timedelta(days=99)),
    not_applicable=st.booleans(),
)
def test_obligation_status_follows_the_table(due, met_offset, now_offset, not_applicable):
    try:
        met = None if met_offset is None else due + met_offset
        now = due + now_offset
    except OverflowError:
        return
    status = obligation_status(due_at=due, met_at=met, not_applicable=not_applicable, now=now)
    if not_applicable:
        assert status == Status.NOT_APPLICABLE
    elif met is not None:
        assert status == (Status.MET if met <= due else Status.MET_LATE)
    else:
        assert status == (Status.OPEN if now <= due else Status.OVERDUE)
