"""The working-day calendar (hverdage) used for statutory deadlines.

The law does not define *hverdage*. Tidlig's default, documented in the README: Monday to Friday
except Danish public holidays (from `holidays`; Store bededag is a holiday until 2023 and not from
2024), Grundlovsdag (5 June), Juleaftensdag (24 December) and Nytårsaftensdag (31 December), on
which municipal offices are closed. A municipality may add closed days of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

CPH = ZoneInfo("Europe/Copenhagen")

# Days off at municipal offices that `holidays` keeps in its "optional" category. 1 May is not
# among them: it is a day off by collective agreement for some staff only, and offices are open.
CLOSED_OPTIONAL_DAYS = ("Grundlovsdag", "Juleaftensdag", "Nytårsaften")


@lru_cache(maxsize=256)
def danish_closed_days(year: int) -> frozenset[dt.date]:
    public = holidays.Denmark(years=year)
    optional = holidays.Denmark(years=year, categories=("optional",))
    extra = {day for day, name in optional.items() if any(n in name for n in CLOSED_OPTIONAL_DAYS)}
    return frozenset(public.keys()) | frozenset(extra)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: Monday–Friday less Danish holidays and the municipality's own closed days."""

    extra_closed: frozenset[dt.date] = field(default_factory=frozenset)
    weekend: frozenset[int] = frozenset({5, 6})

    @classmethod
    def danish(cls, extra_closed: Iterable[dt.date] = ()) -> WorkCalendar:
        return cls(extra_closed=frozenset(extra_closed))

    def is_working_day(self, day: dt.date) -> bool:
        return (
            day.weekday() not in self.weekend
            and day not in danish_closed_days(day.year)
            and day not in self.extra_closed
        )

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start`; `start` itself is never counted."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        remaining = days
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie after `start` up to and including `end`."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Copenhagen of an aware moment (the "day of receipt")."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place on the calendar; pass an aware one")
    return moment.astimezone(CPH).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of a Copenhagen calendar day, as an aware UTC datetime.

    A deadline "on 25 April" is met by anything done on 25 April local time, so date deadlines are
    stored as the end of that local day; across a daylight-saving change this is not 24 hours
    after the start of the day, which is why it is computed in local time and then converted.
    """
    local = dt.datetime.combine(day, dt.time(23, 59, 59, 999999), tzinfo=CPH)
    return local.astimezone(dt.UTC)
