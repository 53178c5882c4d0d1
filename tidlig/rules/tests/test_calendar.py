"""The working-day calendar (hverdage): properties with hypothesis, and the hard days worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidlig.rules.calendar import CPH, WorkCalendar, end_of_day, local_date

D = dt.date
CAL = WorkCalendar.danish()

# Closed days written out by hand from the Danish calendar (Easter Sunday: 9 April 2023, 31 March 2024,
# 20 April 2025), so the calendar is checked against something it did not compute itself.
CLOSED_2023 = {
    D(2023, 1, 1),
    D(2023, 4, 6),
    D(2023, 4, 7),
    D(2023, 4, 9),
    D(2023, 4, 10),
    D(2023, 5, 5),  # Store bededag, the last year it is a holiday
    D(2023, 5, 18),
    D(2023, 5, 28),
    D(2023, 5, 29),
    D(2023, 6, 5),
    D(2023, 12, 24),
    D(2023, 12, 25),
    D(2023, 12, 26),
    D(2023, 12, 31),
}
CLOSED_2024 = {
    D(2024, 1, 1),
    D(2024, 3, 28),
    D(2024, 3, 29),
    D(2024, 3, 31),
    D(2024, 4, 1),
    D(2024, 5, 9),
    D(2024, 5, 19),
    D(2024, 5, 20),
    D(2024, 6, 5),
    D(2024, 12, 24),
    D(2024, 12, 25),
    D(2024, 12, 26),
    D(2024, 12, 31),
}
CLOSED_2025 = {
    D(2025, 1, 1),
    D(2025, 4, 17),
    D(2025, 4, 18),
    D(2025, 4, 20),
    D(2025, 4, 21),
    D(2025, 5, 29),
    D(2025, 6, 5),
    D(2025, 6, 8),
    D(2025, 6, 9),
    D(2025, 12, 24),
    D(2025, 12, 25),
    D(2025, 12, 26),
    D(2025, 12, 31),
}

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))
small = st.integers(min_value=0, max_value=120)


def every_day(year: int):
    day = D(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


# Properties ----------------------------------------------------------------------------------------------


@given(start=dates, n=st.integers(min_value=1, max_value=250))
def test_every_result_of_adding_working_days_is_a_working_day(start, n):
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@given(start=dates, n=small, m=small)
def test_adding_n_then_m_equals_adding_n_plus_m(start, n, m):
    assert CAL.add_working_days(CAL.add_working_days(start, n), m) == CAL.add_working_days(start, n + m)


@given(start=dates)
def test_the_start_day_is_never_counted(start):
    first = CAL.add_working_days(start, 1)
    assert first > start
    # Everything strictly between the start and the first working day is closed.
    day = start + dt.timedelta(days=1)
    while day < first:
        assert not CAL.is_working_day(day)
        day += dt.timedelta(days=1)


@given(start=dates)
def test_adding_zero_working_days_is_the_start_day_itself(start):
    assert CAL.add_working_days(start, 0) == start


@given(start=dates, n=st.integers(min_value=0, max_value=250))
def test_working_days_between_inverts_add_working_days(start, n):
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(day=dates)
def test_weekends_are_never_working_days(day):
    if day.weekday() >= 5:
        assert not CAL.is_working_day(day)


@settings(max_examples=50)
@given(start=dates)
def test_five_working_days_from_a_working_day_never_take_less_than_a_week(start):
    if CAL.is_working_day(start):
        assert CAL.add_working_days(start, 5) - start >= dt.timedelta(days=7)


def test_it_refuses_a_negative_number_of_days():
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2025, 1, 6), -1)


@pytest.mark.parametrize("year, closed", [(2023, CLOSED_2023), (2024, CLOSED_2024), (2025, CLOSED_2025)])
def test_working_days_are_exactly_weekdays_less_the_closed_days(year, closed):
    for day in every_day(year):
        assert CAL.is_working_day(day) == (day.weekday() < 5 and day not in closed), day


# The hard days, each counted by hand --------------------------------------------------------------------


def test_a_notification_received_before_easter_gets_its_receipt_deadline_after_easter():
    # Mon 14 April 2025: Tue 15 (1), Wed 16 (2), Skærtorsdag 17, Langfredag 18, weekend, 2. påskedag 21,
    # Tue 22 (3), Wed 23 (4), Thu 24 (5), Fri 25 (6).
    assert CAL.add_working_days(D(2025, 4, 14), 6) == D(2025, 4, 25)


def test_christmas_eve_christmas_new_years_eve_and_new_years_day_are_closed():
    for day in [D(2024, 12, 24), D(2024, 12, 25), D(2024, 12, 26), D(2024, 12, 31), D(2025, 1, 1)]:
        assert not CAL.is_working_day(day), day
    # Mon 23 Dec 2024: 24–26 closed, Fri 27 (1), weekend, Mon 30 (2), 31 and 1 Jan closed,
    # Thu 2 (3), Fri 3 (4), Mon 6 (5), Tue 7 January 2025 (6).
    assert CAL.add_working_days(D(2024, 12, 23), 6) == D(2025, 1, 7)


def test_the_days_between_christmas_and_new_year_are_working_days():
    assert CAL.is_working_day(D(2024, 12, 27))
    assert CAL.is_working_day(D(2024, 12, 30))


def test_grundlovsdag_is_closed():
    assert not CAL.is_working_day(D(2024, 6, 5))  # a Wednesday
    # Tue 4 June 2024: Grundlovsdag 5, Thu 6 (1), Fri 7 (2), Mon 10 (3), 11 (4), 12 (5), Thu 13 (6).
    assert CAL.add_working_days(D(2024, 6, 4), 6) == D(2024, 6, 13)
    # Wed 4 June 2025: Grundlovsdag 5, Fri 6 (1), weekend, 2. pinsedag 9, Tue 10 (2) … Mon 16 (6).
    assert CAL.add_working_days(D(2025, 6, 4), 6) == D(2025, 6, 16)


def test_store_bededag_is_a_holiday_in_2023():
    assert not CAL.is_working_day(D(2023, 5, 5))
    assert CAL.add_working_days(D(2023, 5, 4), 1) == D(2023, 5, 8)


def test_store_bededag_is_a_working_day_from_2024():
    assert CAL.is_working_day(D(2024, 4, 26))  # the 4th Friday after Easter 2024
    assert CAL.add_working_days(D(2024, 4, 25), 1) == D(2024, 4, 26)
    assert CAL.is_working_day(D(2025, 5, 16))  # the 4th Friday after Easter 2025


def test_the_first_of_may_is_a_working_day():
    assert CAL.is_working_day(D(2025, 5, 1))
    assert CAL.add_working_days(D(2025, 4, 30), 1) == D(2025, 5, 1)


def test_a_municipality_may_close_days_of_its_own():
    cal = WorkCalendar.danish([D(2025, 5, 30)])  # the Friday after Kristi himmelfartsdag
    assert not cal.is_working_day(D(2025, 5, 30))
    assert CAL.is_working_day(D(2025, 5, 30))
    # Wed 28 May: Ascension 29, own closed day 30, weekend, Mon 2 June.
    assert cal.add_working_days(D(2025, 5, 28), 1) == D(2025, 6, 2)


def test_working_days_between_counts_after_the_start_up_to_and_including_the_end():
    assert CAL.working_days_between(D(2025, 4, 14), D(2025, 4, 25)) == 6
    assert CAL.working_days_between(D(2025, 4, 25), D(2025, 4, 25)) == 0


# Local dates and the end of a day across daylight-saving changes -----------------------------------------


def test_the_day_of_receipt_is_the_copenhagen_date():
    # 22:30 UTC on Sunday 13 April is 00:30 on Monday 14 April in Copenhagen (CEST, UTC+2).
    assert local_date(dt.datetime(2025, 4, 13, 22, 30, tzinfo=dt.UTC)) == D(2025, 4, 14)


def test_local_date_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        local_date(dt.datetime(2025, 4, 14, 12, 0))


@given(day=dates)
def test_end_of_day_is_the_last_microsecond_of_that_copenhagen_day(day):
    end = end_of_day(day)
    assert end.utcoffset() == dt.timedelta(0)
    local = end.astimezone(CPH)
    assert (local.date(), local.time()) == (day, dt.time(23, 59, 59, 999999))
    assert (end + dt.timedelta(microseconds=1)).astimezone(CPH) == dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time(0), tzinfo=CPH
    )


def test_end_of_day_across_the_spring_change_is_23_hours_after_the_day_before():
    # 30 March 2025 has 23 hours: clocks go from 02:00 CET to 03:00 CEST.
    assert end_of_day(D(2025, 3, 29)) == dt.datetime(2025, 3, 29, 22, 59, 59, 999999, tzinfo=dt.UTC)
    assert end_of_day(D(2025, 3, 30)) == dt.datetime(2025, 3, 30, 21, 59, 59, 999999, tzinfo=dt.UTC)
    assert end_of_day(D(2025, 3, 30)) - end_of_day(D(2025, 3, 29)) == dt.timedelta(hours=23)


def test_end_of_day_across_the_autumn_change_is_25_hours_after_the_day_before():
    assert end_of_day(D(2025, 10, 25)) == dt.datetime(2025, 10, 25, 21, 59, 59, 999999, tzinfo=dt.UTC)
    assert end_of_day(D(2025, 10, 26)) == dt.datetime(2025, 10, 26, 22, 59, 59, 999999, tzinfo=dt.UTC)
    assert end_of_day(D(2025, 10, 26)) - end_of_day(D(2025, 10, 25)) == dt.timedelta(hours=25)
