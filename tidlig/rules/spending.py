"""What measures cost: the price model, the cost of a measure in a period, and the committed cost.

Pure: no Django. The price model (docs/spending.md):

- A measure type in the catalogue carries its provider, a unit — `day` (døgn), `month` (måned), `hour`
  (time) or `once` (engangsbeløb) — and the price of one unit (`MeasureType.unit_price`).
- When a decision is made, the measure keeps the price of that day as `Measure.monthly_cost`: the unit
  price × 1 for a month, × 30.4 for a day (the mean days of a month), none for an hour or a one-off
  amount. A later change of the catalogue's price does not change a running measure's price.
- The cost of a measure in a period counts the days it ran in it (from its start day up to and including
  its end day, or up to the period's end while it runs):
  - per day: the day price × the days (the day price is the measure's monthly price ÷ 30.4, i.e. the
    unit price of the decision day);
  - per month: the month price × the days ran in each calendar month ÷ that month's days (pro rata: a
    whole month costs the month price whether it has 28 or 31 days);
  - once: the amount, in the period in which the measure started;
  - per hour: Tidlig records no hours, so an hour-priced measure has a cost only when a monthly amount
    was agreed (`monthly_cost`), which then counts as a month price; else it is "without price" and
    counted as such, never as 0 kr.
- Committed cost: what the measures running today will cost from tomorrow to 31 December if they run
  on (an ended measure commits nothing; its end day is never in the future).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Unit = Literal["day", "month", "once", "hour"]
DAYS_PER_MONTH = Decimal("30.4")  # as interventions.services.decisions turns a day price into a month price
ORE = Decimal("0.01")


@dataclass(frozen=True)
class Price:
    unit: Literal["day", "month", "once"]
    amount: Decimal


def price_of(unit: str, unit_price: Decimal | None, monthly_cost: Decimal | None) -> Price | None:
    """The price a measure is paid by, from its type's unit and price and the month price it kept."""
    if unit == "day":
        if monthly_cost:
            return Price("day", (monthly_cost / DAYS_PER_MONTH).quantize(ORE, ROUND_HALF_UP))
        return Price("day", unit_price) if unit_price else None
    if unit == "month":
        amount = monthly_cost or unit_price
        return Price("month", amount) if amount else None
    if unit == "once":
        return Price("once", unit_price) if unit_price else None
    return Price("month", monthly_cost) if monthly_cost else None  # hours: only an agreed month amount


def _months(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        yield day, min(month_end, last), calendar.monthrange(day.year, day.month)[1]
        day = month_end + dt.timedelta(days=1)


def cost_between(
    price: Price, started: dt.date, ended: dt.date | None, first: dt.date, last: dt.date
) -> Decimal:
    """The cost of a measure from `first` to `last` (both included), rounded to øre."""
    if price.unit == "once":
        return price.amount if first <= started <= last else Decimal(0)
    lo, hi = max(started, first), min(ended or last, last)
    if lo > hi:
        return Decimal(0)
    if price.unit == "day":
        return (price.amount * ((hi - lo).days + 1)).quantize(ORE, ROUND_HALF_UP)
    total = sum(
        (price.amount * ((b - a).days + 1) / n for a, b, n in _months(lo, hi)),
        Decimal(0),
    )
    return total.quantize(ORE, ROUND_HALF_UP)


def year_end(today: dt.date) -> dt.date:
    return dt.date(today.year, 12, 31)


def committed_cost(price: Price, started: dt.date, ended: dt.date | None, today: dt.date) -> Decimal:
    """What a measure running today will cost from tomorrow to 31 December if it runs on."""
    if ended is not None or started > today or price.unit == "once":
        return Decimal(0)
    return cost_between(price, started, None, today + dt.timedelta(days=1), year_end(today))
