"""Key figures, timeliness: days from the first notification (or first sign) to the first measure, and
every obligation's deadlines met over time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext

from tidlig.rules import aggregates as agg
from tidlig.timeline.models import ALL_TYPES as OBLIGATION_TYPES

from .scope import period_label, quantile
from .series import SOURCE_TIDLIG, Facts, Series, _days


def _time_series(
    f: Facts, grain: str, starts: list[dt.date], measure: str, slug: str, title: str, note: str
) -> Series:
    s = Series(
        slug,
        title,
        [
            ("children", gettext("Børn"), "count"),
            ("median", gettext("Median, dage"), "days"),
            ("p80", gettext("80 %-fraktil, dage"), "days"),
        ],
        notes=[note, gettext("Median og fraktil vises først fra 5 børn.")],
        source=str(SOURCE_TIDLIG),
        chart=("median", "p80"),
    )
    for p in starts:
        hist = _days(f.keys(p, measure))
        n = sum(hist.values())
        values, hidden = {"children": agg.suppress(n)}, {}
        if agg.is_small(n):
            hidden = {"children": agg.SMALL, "median": agg.SMALL, "p80": agg.SMALL}
            values |= {"median": None, "p80": None}
        else:
            values |= {"median": quantile(hist, 0.5), "p80": quantile(hist, 0.8)}
        s.add(period_label(grain, p), values, hidden)
    return s


def _timeliness_over_time(f: Facts, grain: str, starts: list[dt.date]) -> Series:
    codes = sorted({k for p in starts for k in f.keys(p, "obligation.due")})
    s = Series(
        "frister",
        gettext("Frister overholdt over tid (andel)"),
        [(c, gettext(OBLIGATION_TYPES[c].title) if c in OBLIGATION_TYPES else c, "share") for c in codes],
        notes=[
            gettext("Andelen af frister med forfald i perioden, der blev overholdt; «–» under 5 frister.")
        ],
        source=str(SOURCE_TIDLIG),
    )
    for p in starts:
        values, hidden = {}, {}
        for c in codes:
            due, on_time = (
                agg.suppress(f.get(p, "obligation.due", c)),
                agg.suppress(f.get(p, "obligation.on_time", c)),
            )
            values[c] = agg.share(on_time, due)
        s.add(period_label(grain, p), values, hidden)
    return s


def _timeliness_total(f: Facts, starts: list[dt.date]) -> list[dict]:
    due: dict[str, int] = defaultdict(int)
    on_time: dict[str, int] = defaultdict(int)
    for p in starts:
        for k, v in f.keys(p, "obligation.due").items():
            due[k] += v
        for k, v in f.keys(p, "obligation.on_time").items():
            on_time[k] += v
    out = []
    for code in sorted(due):
        shown_due, shown_on_time = agg.suppress(due[code]), agg.suppress(on_time[code])
        hidden = {k: agg.SMALL for k, v in (("due", shown_due), ("on_time", shown_on_time)) if v is None}
        title = gettext(OBLIGATION_TYPES[code].title) if code in OBLIGATION_TYPES else code
        out.append(
            {
                "code": code,
                "title": title,
                "due": shown_due,
                "on_time": shown_on_time,
                "share": agg.share(shown_on_time, shown_due),
                "hidden": hidden,
                "shown": {
                    "due": agg.mark(shown_due, hidden.get("due")),
                    "on_time": agg.mark(shown_on_time, hidden.get("on_time")),
                    "share": agg.share_mark(agg.share(shown_on_time, shown_due)),
                },
            }
        )
    return out
