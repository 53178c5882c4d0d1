"""The comparison's figures (core.charts.Figure: an Altair chart and the table beside it) and the same
tables as sheets for CSV and Excel (core.exports.Sheet)."""

from __future__ import annotations

from decimal import Decimal

import altair as alt
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tidlig.core import charts
from tidlig.core.charts import Figure
from tidlig.core.exports import Sheet
from tidlig.rules import aggregates as agg

from .selectors import Comparison


def shown(value: Decimal | None, decimals: int) -> str:
    return (
        "–"
        if value is None
        else number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    )


def _source(c: Comparison) -> str:
    return str(c.measure.source)


def over_time_chart(data: list[dict], unit: str):
    """DST's series (and Tidlig's own point) over the years: `data` rows of år, serie, værdi."""
    return (
        alt.Chart(alt.Data(values=data))
        .mark_line(point=True)
        .encode(
            x=alt.X("år:O", title=_("År")),
            y=alt.Y("værdi:Q", title=unit),
            color=alt.Color("serie:N", title=None, legend=alt.Legend(orient="bottom", columns=2)),
            strokeDash=alt.StrokeDash("serie:N", legend=None),
        )
        .properties(width=680, height=260)
    )


def ranked_chart(data: list[dict], unit: str, country: float | None):
    """Every municipality's bar, the marked ones and Tidlig's own coloured, the country as a dashed rule
    (core.charts.ranked_chart, the one ranked chart; the installation's ranking draws it too)."""
    return charts.ranked_chart(data, unit, country, _("Hele landet"))


def over_time(c: Comparison) -> Figure:
    d = c.measure.decimals
    data = [
        {"år": int(year), "serie": s["label"], "værdi": float(v)}
        for s in c.series
        for year, v in s["values"].items()
        if v is not None and year.isdigit()
    ]
    if c.own is not None and c.own.value is not None:  # Tidlig's own figure beside DST's, as a point
        data.append(
            {"år": c.own.year, "serie": f"{c.municipality_name} (Tidlig)", "værdi": float(c.own.value)}
        )
    unit = str(c.measure.unit)
    return Figure(
        title=_("%(measure)s over tid") % {"measure": c.measure.title},
        chart=lambda: over_time_chart(data, unit),
        key=["comparison.over_time", data, unit],  # built only when these numbers were not drawn before
        columns=[_("Område"), *c.years],
        rows=[[s["label"], *(shown(s["values"].get(y), d) for y in c.years)] for s in c.series],
        notes=[str(c.measure.caveat)] if c.measure.caveat else [],
        slug=f"{c.measure.slug}-over-tid",
        source=_source(c),
    )


def ranked(c: Comparison) -> Figure:
    d = c.measure.decimals
    data = [
        {
            "navn": r.name,
            "værdi": float(r.value),
            "gruppe": "tidlig" if r.tidlig else ("marked" if r.marked else "other"),
        }
        for r in c.ranking
    ]
    unit = str(c.measure.unit)
    country = None if c.country is None else float(c.country)
    notes = [
        _(
            "Nr. 1 har den højeste værdi; kommuner med samme værdi deler plads. Den stiplede linje er hele landet."
        )
        if c.country is not None
        else _("Nr. 1 har den højeste værdi; kommuner med samme værdi deler plads.")
    ]
    if any(r.tidlig for r in c.ranking):
        notes.append(
            _(
                "%(name)s (Tidlig) er kommunens eget tal fra Tidlig for %(year)s, sat ind blandt Danmarks "
                "Statistiks kommuner for %(latest)s; det har ingen plads i Danmarks Statistiks rækkefølge."
            )
            % {"name": c.municipality_name, "year": c.own.year, "latest": c.latest}
        )
    return Figure(
        title=_("Alle kommuner, %(year)s") % {"year": c.latest},
        chart=lambda: ranked_chart(data, unit, country),
        key=["comparison.ranked", data, unit, country],
        columns=[_("Plads"), _("Kommune"), str(c.measure.unit)],
        rows=[
            [r.rank if not r.tidlig else "–", r.name + (" ◀" if r.marked else ""), shown(r.value, d)]
            for r in c.ranking
        ],
        notes=notes,
        slug=f"{c.measure.slug}-alle-kommuner",
        row_header=1,  # the municipality's name; the rank comes first
        source=_source(c),
    )


def _num(value: Decimal | None, decimals: int):
    """A number for a spreadsheet cell: rounded as on the page; None (not published) stays empty."""
    if value is None:
        return None
    return int(value.quantize(Decimal(1))) if decimals == 0 else float(round(value, decimals))


def sheets(c: Comparison) -> list[Sheet]:
    """The page's tables for CSV and Excel, numbers as numbers (Excel computes with them)."""
    d = c.measure.decimals
    over = Sheet(
        title=str(c.measure.title),
        columns=[_("Område"), *c.years],
        rows=[[s["label"], *(_num(s["values"].get(y), d) for y in c.years)] for s in c.series],
        notes=[_source(c), str(c.measure.unit), *([str(c.measure.caveat)] if c.measure.caveat else [])],
    )
    rank = Sheet(
        title=_("Alle kommuner %(year)s") % {"year": c.latest},
        columns=[_("Plads"), _("DST-kode"), _("Kommune"), str(c.measure.unit)],
        rows=[[None if r.tidlig else r.rank, r.code, r.name, _num(r.value, d)] for r in c.ranking],
        notes=[_source(c)],
    )
    out = [over, rank]
    if c.own is not None:
        out.append(
            Sheet(
                title=_("Tidligs eget tal"),
                columns=[_("År"), _("Talt"), _("Børn i registeret"), str(c.measure.unit)],
                rows=[[c.own.year, *own_marks(c)]],
                notes=[_("Kilde: Tidlig (kommunens egne registreringer)")],
            )
        )
    return out


def own_marks(c: Comparison) -> list:
    """Tidlig's own counted, population and rate as shown: hidden counts carry their mark (rules/aggregates)."""
    own = c.own
    return [
        agg.mark(own.counted, own.hidden),
        agg.mark(own.population, None if own.population is not None else agg.SMALL),
        own.value if own.value is not None else agg.NO_SHARE_MARK,
    ]


def summary(c: Comparison) -> dict:
    """The latest year's values as shown in the summary table."""
    d = c.measure.decimals
    compared = c.compared.code if c.compared else None
    return {
        "compared": shown(c.value(compared), d) if compared else None,
        "country": shown(c.country, d),
        "peers": [
            {"name": s["label"], "value": shown(s["values"].get(c.latest), d)}
            for s in c.series
            if s["kind"] == "peer"
        ],
        "own": (shown(c.own.value, 1) if c.own.value is not None else agg.NO_SHARE_MARK) if c.own else None,
    }
