"""Key figures over time, read from the kept facts (models.Fact) only, suppressed by rules/aggregates.

One function, `keyfigures`, serves the page, its CSV/Excel downloads and the API: it returns series —
per period a row of values (None where hidden or not a number) with the reasons of what is hidden — and
the page turns each into a core.charts Figure. No name, no child: only counts and what is derived from them.

The package: `scope` (who sees what, periods, labels, quantiles), `series` (Series and the facts reader),
and one module per family of series: `notifications`, `timeliness`, `early` (early detection),
`caseload`. The names below stay importable from `tidlig.metrics.keyfigures` as before the split.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext

from tidlig.organisation.models import Staff

from ..facts import add_months, month_start, period_end, period_start
from ..models import Grain, Refresh
from .caseload import _caseload
from .early import COLOURS, _early
from .notifications import KINDS, SCREENING, _kinds, _kinds_months, _notifications, _outcomes, _reasons
from .scope import VIEWERS, WHOLE_VIEWERS, Scope, period_label, periods, quantile, scope_for
from .series import SOURCE_TIDLIG, Facts, Series, _count, _days, _rate
from .timeliness import _time_series, _timeliness_over_time, _timeliness_total

__all__ = [
    "COLOURS",
    "KINDS",
    "SCREENING",
    "SOURCE_TIDLIG",
    "VIEWERS",
    "WHOLE_VIEWERS",
    "Facts",
    "Scope",
    "Series",
    "_caseload",
    "_count",
    "_days",
    "_early",
    "_kinds",
    "_kinds_months",
    "_notifications",
    "_outcomes",
    "_rate",
    "_reasons",
    "_time_series",
    "_timeliness_over_time",
    "_timeliness_total",
    "default_range",
    "keyfigures",
    "period_label",
    "periods",
    "quantile",
    "scope_for",
]


def default_range(grain: str, now: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    today = timezone.localdate(now or timezone.now())
    # 15 months, 8 quarters, 6 half-years, 5 years
    back = {Grain.MONTH: 14, Grain.QUARTER: 21, Grain.HALF_YEAR: 30, Grain.YEAR: 48}[grain]
    return period_start(grain, add_months(month_start(today), -back)), period_start(grain, today)


def keyfigures(
    user: Staff,
    *,
    grain: str = Grain.MONTH,
    first: dt.date | None = None,
    last: dt.date | None = None,
    district_id: int | None = None,
) -> dict:
    """The key figures the reader may see, from the kept facts: a handful of queries, whatever the size."""
    scope = scope_for(user, district_id)
    d_first, d_last = default_range(grain)
    first = period_start(grain, first or d_first)
    last = period_start(grain, last or d_last)
    if last < first:
        first, last = last, first
    starts = periods(grain, first, last)
    f = Facts(scope, grain, first, last)
    halves = periods(Grain.HALF_YEAR, first, period_end(grain, last) - dt.timedelta(days=1))
    h = Facts(scope, Grain.HALF_YEAR, halves[0], halves[-1]) if halves else None
    months = _kinds_months(f, grain, starts)
    series = [
        _notifications(f, grain, starts),
        _kinds(months),
        _reasons(f, starts),
        _outcomes(f, grain, starts),
        _time_series(
            f,
            grain,
            starts,
            "concern_to_measure.days",
            "tid-til-indsats",
            gettext("Fra første underretning til første indsats"),
            gettext(
                "Børn, hvis første indsats blev besluttet i perioden: dage fra barnets første underretning."
            ),
        ),
        _time_series(
            f,
            grain,
            starts,
            "sign_to_measure.days",
            "tid-fra-foerste-tegn",
            gettext("Fra første tegn til første indsats"),
            gettext(
                "Børn, hvis første indsats blev besluttet i perioden: dage fra det første tegn — en underretning, "
                "en rød fælles trivselsvurdering eller en bekymring i dagtilbud eller skole."
            ),
        ),
        _timeliness_over_time(f, grain, starts),
        _early(h, halves) if h else None,
        _caseload(f, grain, starts),
    ]
    refreshed = (
        Refresh.objects.filter(municipality_id=scope.municipality_id)
        .values_list("refreshed_at", flat=True)
        .first()
    )
    return {
        "scope": scope,
        "grain": grain,
        "first": first,
        "last": last,
        "months": months,
        "timeliness": _timeliness_total(f, starts),
        "series": [s for s in series if s is not None],
        "refreshed_at": refreshed,
    }
