"""Every municipality of one installation side by side on Tidlig's own figure: one grouped query over the kept
facts, not a loop over municipalities (issue 11 §5).

Children notified in a calendar year per 1,000 children 0–17 (DST's UND2 per FOLK1A measure, counted by
Tidlig): `notifications.children` (distinct children per district, each child in one district, so their
sum is the municipality's) over `population` (children 0–17 in the register at the year's end, or today
for the running year), both of the year's `Y` facts. A rate is shown only when at least 5 children are
counted and at least 5 are not (`rules.aggregates.part_of_whole`, the one suppression rule); the ranking
counts shown rates only. No names, no children: numbers per municipality.

Who sees it (issue 11, "Access"): managers, analysts and administrators (`keyfigures.WHOLE_VIEWERS`), who
see their own municipality's figures whole; the ranking adds only the other municipalities' aggregated,
suppressed rates, with no names of children or staff. Team leaders (their district only) and caseworkers
do not. The page (`/noegletal/kommunerne/`, views_installation.py) marks the reader's own municipality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext

from tidlig.core import charts
from tidlig.core.charts import Figure
from tidlig.core.exports import Sheet
from tidlig.rules import aggregates as agg

from .keyfigures import WHOLE_VIEWERS
from .models import Fact, Grain

NOTIFIED = "notifications.children"
POPULATION = "population"


@dataclass
class InstallationFigure:
    code: str
    name: str
    counted: int | None  # None: hidden
    population: int | None
    per_1000: Decimal | None
    hidden: str | None
    rank: int | None = None


def year_totals(municipality_id: int, year: int, measures: tuple[str, ...]) -> dict[str, int]:
    """The kept `Y` facts of one municipality's year, each measure summed over districts, teams and keys:
    one grouped query (core.kept_figures, read by the comparison page's own figure)."""
    rows = (
        Fact.objects.filter(
            municipality_id=municipality_id, grain=Grain.YEAR, start=dt.date(year, 1, 1), measure__in=measures
        )
        .values("measure")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {r["measure"]: r["total"] for r in rows}


def installation_figures(actor, *, year: int) -> list[InstallationFigure]:
    """For managers and analysts (who see their whole municipality's figures): no names, numbers only."""
    if actor.role not in WHOLE_VIEWERS:
        raise PermissionDenied(
            gettext(
                "Nøgletal på tværs af kommunerne er for ledere og analytikere. Bed din leder om adgang, hvis du har brug for den."
            )
        )
    return notified_per_1000(year=year)


def notified_per_1000(*, year: int) -> list[InstallationFigure]:
    """Every municipality with facts for `year`, the highest rate first (hidden ones last, by name)."""
    rows = (
        Fact.objects.filter(grain=Grain.YEAR, start=dt.date(year, 1, 1), measure__in=(NOTIFIED, POPULATION))
        .values("municipality__code", "municipality__name", "measure")
        .annotate(total=Sum("value"))
        .order_by()
    )
    by_code: dict[str, dict] = {}
    for r in rows:  # one query: (municipality, measure) → the sum over its districts
        entry = by_code.setdefault(r["municipality__code"], {"name": r["municipality__name"]})
        entry[r["measure"]] = r["total"]
    out = []
    for code, entry in by_code.items():
        counted, population = entry.get(NOTIFIED, 0), entry.get(POPULATION, 0)
        hidden = agg.part_of_whole(counted, population) if population else agg.SMALL
        rate = None if hidden else (Decimal(counted * 1000) / Decimal(population)).quantize(Decimal("0.1"))
        out.append(
            InstallationFigure(
                code=code,
                name=entry["name"],
                counted=None if hidden else counted,
                population=agg.suppress(population),
                per_1000=rate,
                hidden=hidden,
            )
        )
    out.sort(key=lambda f: (f.per_1000 is None, -(f.per_1000 or 0), f.name))
    shown = [f for f in out if f.per_1000 is not None]
    for i, f in enumerate(shown):  # as in sport: equal rates share a rank (1, 2, 2, 4)
        f.rank = shown[i - 1].rank if i and shown[i - 1].per_1000 == f.per_1000 else i + 1
    return out


def years() -> list[int]:
    """The calendar years the installation keeps facts for (newest first): the page's choice."""
    starts = (
        Fact.objects.filter(grain=Grain.YEAR, measure=POPULATION)
        .values_list("start", flat=True)
        .distinct()
        .order_by("-start")
    )
    return [d.year for d in starts]


def _rate(value: Decimal | None) -> str:
    return "–" if value is None else number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)


def figure_of(rows: list[InstallationFigure], *, year: int, own_code: str) -> Figure:
    """The ranking as a bar chart (core.charts.ranked_chart, as the comparison's) and the table beside it:
    every municipality with its rank, children notified, children 0–17 and the rate; the reader's own
    municipality coloured and marked ◀; hidden counts carry the suppression mark, their bar is left out."""
    unit = gettext("børn med underretninger pr. 1.000 0–17-årige")
    data = [
        {"navn": f.name, "værdi": float(f.per_1000), "gruppe": "marked" if f.code == own_code else "other"}
        for f in rows
        if f.per_1000 is not None
    ]
    notes = [
        gettext(
            "Nr. 1 har flest børn med underretninger pr. 1.000; kommuner med samme tal deler plads. ◀ er jeres "
            "kommune."
        )
    ]
    if any(f.hidden for f in rows):
        notes.append(gettext("En kommune hvis tal ikke vises, har ingen plads og ingen søjle."))
    return Figure(
        title=gettext("Kommunerne i Tidlig, %(year)s") % {"year": year},
        chart=(lambda: charts.ranked_chart(data, unit)) if data else None,
        key=["metrics.installation", data, unit],
        columns=[
            gettext("Plads"),
            gettext("Kommune"),
            gettext("Børn med underretninger"),
            gettext("Børn 0–17 år"),
            gettext("Pr. 1.000"),
        ],
        rows=[
            [
                f.rank if f.rank is not None else "–",
                f.name + (" ◀" if f.code == own_code else ""),
                agg.mark(f.counted, f.hidden),
                agg.mark(f.population, None if f.population is not None else agg.SMALL),
                _rate(f.per_1000) if f.per_1000 is not None else agg.NO_SHARE_MARK,
            ]
            for f in rows
        ],
        notes=notes,
        slug="kommunerne",
        source=gettext(
            "Tidlig: kommunernes egne registreringer (nøgletal for %(year)s: underretninger modtaget i året, "
            "børn 0–17 år i registeret ved årets slutning)"
        )
        % {"year": year},
        row_header=1,
    )


def sheet_of(rows: list[InstallationFigure], *, year: int, own_code: str) -> Sheet:
    """The same table for CSV and Excel: numbers as numbers, hidden ones empty with their mark in a column."""
    return Sheet(
        title=gettext("Kommunerne i Tidlig, %(year)s") % {"year": year},
        columns=[
            gettext("Plads"),
            gettext("Kommunekode"),
            gettext("Kommune"),
            gettext("Børn med underretninger"),
            gettext("Børn 0–17 år"),
            gettext("Pr. 1.000"),
            gettext("Jeres kommune"),
        ],
        rows=[
            [
                f.rank,
                f.code,
                f.name,
                agg.mark(f.counted, f.hidden),
                agg.mark(f.population, None if f.population is not None else agg.SMALL),
                float(f.per_1000) if f.per_1000 is not None else agg.NO_SHARE_MARK,
                "◀" if f.code == own_code else "",
            ]
            for f in rows
        ],
        notes=[gettext("Kilde: Tidlig (kommunernes egne registreringer)")],
    )
