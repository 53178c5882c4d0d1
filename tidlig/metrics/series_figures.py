"""A key-figure series as a core.charts Figure (chart and table): one definition for the key-figures page,
its downloads and the committee report (metrics/report.py)."""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _

from tidlig.core.charts import Figure
from tidlig.rules import aggregates as agg

from .keyfigures import Series


def chart_of(series: Series):
    """A line per number of the series over the periods (counts, shares or days; hidden points left out)."""
    wanted = series.chart or tuple(k for k, _l, _kind in series.columns)
    columns = [(key, label) for key, label, _kind in series.columns if key in wanted]
    kinds = {kind for key, _l, kind in series.columns if key in wanted}
    data = [
        {"periode": r["label"], "tal": r["values"][key], "serie": label, "orden": i}
        for i, r in enumerate(series.rows)
        for key, label in columns
        if r["values"].get(key) is not None and not r["hidden"].get(key)
    ]
    if not data:
        return None
    y_title = _("Andel, %") if kinds == {"share"} else _("Dage") if kinds == {"days"} else _("Antal")
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("periode:O", title=None, sort=alt.EncodingSortField(field="orden")),
        y=alt.Y("tal:Q", title=y_title),
        color=alt.Color("serie:N", title=None, legend=alt.Legend(orient="bottom", columns=2)),
    )
    chart = base.mark_bar() if series.slug in ("aarsager",) else base.mark_line(point=True)
    return chart.properties(width=520, height=220)


def figure_of(series: Series) -> Figure:
    notes = list(series.notes)
    used = agg.marks_in(series.shown())
    if used["small"]:
        notes.append(_(agg.NOTE_SMALL))
    if used["complementary"]:
        notes.append(_(agg.NOTE_COMPLEMENTARY))
    if used["no_share"]:
        notes.append(_(agg.NOTE_NO_SHARE))
    first = _("Årsag") if series.slug == "aarsager" else _("Periode")
    return Figure(
        title=series.title,
        chart=lambda: chart_of(series),
        # What chart_of draws from: a page with the same numbers finds its SVG without building the chart.
        key=["keyfigure-series", series.slug, series.title, series.chart, series.columns, series.rows],
        columns=[first, *(label for _k, label, _kind in series.columns)],
        rows=series.shown(),
        notes=notes,
        slug=series.slug,
        source=series.source,
    )
