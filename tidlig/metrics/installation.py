"""Every municipality of one installation side by side on Tidlig's own figure: one grouped query over the kept
facts, not a loop over municipalities (issue 11 §5).

Children notified in a calendar year per 1,000 children 0–17 (DST's UND2 per FOLK1A measure, counted by
Tidlig): `notifications.children` (distinct children per district, each child in one district, so their
sum is the municipality's) over `population` (children 0–17 in the register at the year's end, or today
for the running year), both of the year's `Y` facts. A rate is shown only when at least 5 children are
counted and at least 5 are not (`rules.aggregates.part_of_whole`, the one suppression rule); the ranking
counts shown rates only. No names, no children: numbers per municipality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils.translation import gettext

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
        raise PermissionDenied(gettext("Nøgletal på tværs af kommunerne er for ledere og analytikere."))
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
