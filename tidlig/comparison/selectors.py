"""Reads for the comparison page and its API: DST's figures for one measure (the municipality, the country,
the chosen peers and all 98 ranked) and Tidlig's own live figure for the same measure.

DST's published figures are shown as published (not re-suppressed). Tidlig's own figure is read from the
key figures it keeps (metrics' facts, `own_figure`), not counted on page load; its counts of children go
through rules/aggregates.py: the rate is given only when the children counted and those not counted are
both at least 5 (`part_of_whole`), so no small group can be worked out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from tidlig.core import kept_figures
from tidlig.rules import aggregates as agg

from .measures import MEASURES, NOTIFIED, SUPPORT, Measure
from .models import COUNTRY, ComparisonSetting, DstArea, DstFigure


@dataclass
class Own:
    """Tidlig's own figure for a measure and year: counted / population, suppressed."""

    year: int
    counted: int | None
    population: int | None
    value: Decimal | None
    hidden: str | None
    definition: str


@dataclass
class Ranked:
    rank: int
    code: str
    name: str
    value: Decimal
    marked: bool = False
    tidlig: bool = False  # Tidlig's own figure placed among DST's (a municipality DST does not know)


@dataclass
class Comparison:
    measure: Measure
    municipality_name: str
    area: DstArea | None  # DST's own code for this municipality
    basis: DstArea | None  # the stand-in chosen when DST does not know the municipality
    peers: list[DstArea]
    years: list[str]
    latest: str | None
    series: list[dict] = field(default_factory=list)  # {"label", "kind", "code", "values": {year: value}}
    ranking: list[Ranked] = field(default_factory=list)
    own: Own | None = None
    sources: list[str] = field(default_factory=list)
    fetched_at: dt.datetime | None = None

    @property
    def compared(self) -> DstArea | None:
        return self.area or self.basis

    def value(self, code: str | None, year: str | None = None) -> Decimal | None:
        year = year or self.latest
        for s in self.series:
            if s["code"] == code:
                return s["values"].get(year)
        return None

    @property
    def country(self) -> Decimal | None:
        return self.value(COUNTRY)

    @property
    def rank(self) -> Ranked | None:
        return next((r for r in self.ranking if r.marked), None)

    @property
    def count(self) -> int:
        return sum(1 for r in self.ranking if not r.tidlig)


def area_of(municipality) -> DstArea | None:
    """DST's area for a municipality, by DAWA's 4-digit code (Demokommune's 0000 is none)."""
    return DstArea.objects.filter(dawa_code=municipality.code).exclude(code=COUNTRY).first()


def setting_of(municipality) -> tuple[DstArea | None, list[DstArea]]:
    setting = ComparisonSetting.objects.filter(municipality=municipality).select_related("basis").first()
    if setting is None:
        return None, []
    return setting.basis, list(setting.peers.order_by("name"))


def areas() -> list[DstArea]:
    return list(DstArea.objects.exclude(code=COUNTRY).order_by("name"))


def comparison(municipality, slug: str, *, now: dt.datetime | None = None) -> Comparison:
    measure = MEASURES[slug]
    area = area_of(municipality)
    basis, peers = setting_of(municipality)
    if area is not None:
        basis = None
    names = dict(DstArea.objects.values_list("code", "name"))
    figures = list(
        DstFigure.objects.filter(measure=measure.slug, table=measure.table, selection=measure.selection)
        .filter(Q(area__in=names.keys()))
        .only("area", "period", "value", "source", "fetched_at")
    )
    by_area: dict[str, dict[str, Decimal | None]] = {}
    for f in figures:
        by_area.setdefault(f.area, {})[f.period] = f.value
    municipal_years = sorted({f.period for f in figures if f.area != COUNTRY and f.value is not None})
    latest = municipal_years[-1] if municipal_years else None
    result = Comparison(
        measure=measure,
        municipality_name=municipality.name,
        area=area,
        basis=basis,
        peers=peers,
        years=municipal_years,
        latest=latest,
        sources=sorted({f.source for f in figures}),
        fetched_at=max((f.fetched_at for f in figures), default=None),
    )
    compared = area or basis
    if compared is not None:
        label = compared.name if area else f"{compared.name} ({_basis_word()})"
        result.series.append(
            {
                "label": label,
                "kind": "municipality",
                "code": compared.code,
                "values": by_area.get(compared.code, {}),
            }
        )
    result.series.append(
        {
            "label": names.get(COUNTRY, "Hele landet"),
            "kind": "country",
            "code": COUNTRY,
            "values": by_area.get(COUNTRY, {}),
        }
    )
    for p in peers:
        if compared is None or p.code != compared.code:
            result.series.append(
                {"label": p.name, "kind": "peer", "code": p.code, "values": by_area.get(p.code, {})}
            )
    result.own = own_figure(municipality, measure, now=now)
    if latest is not None:
        result.ranking = ranking(
            {code: v[latest] for code, v in by_area.items() if code != COUNTRY and v.get(latest) is not None},
            names,
            marked=compared.code if compared else None,
            own=None if area is not None else result.own,
            own_name=municipality.name,
        )
    return result


def _basis_word() -> str:
    return gettext("sammenligningsgrundlag")


def ranking(
    values: dict[str, Decimal],
    names: dict[str, str],
    *,
    marked: str | None,
    own: Own | None = None,
    own_name: str = "",
) -> list[Ranked]:
    """All municipalities from the highest value down, ranked as in sport (equal values share a rank: 1, 2, 2, 4).
    A municipality DST does not know gets its own Tidlig figure placed among them, unranked by DST."""
    entries = [
        Ranked(0, code, names.get(code, code), value, marked=code == marked) for code, value in values.items()
    ]
    if own is not None and own.value is not None:
        entries.append(
            Ranked(0, "", f"{own_name} (Tidlig {own.year})", own.value, marked=marked is None, tidlig=True)
        )
    entries.sort(key=lambda r: (-r.value, r.name))
    for i, r in enumerate(entries):
        r.rank = entries[i - 1].rank if i and entries[i - 1].value == r.value else i + 1
    return entries


# The kept facts (metrics/facts.py) behind Tidlig's own figure, by measure: (counted, population, per).
OWN_FACTS = {
    NOTIFIED.slug: ("notifications.children", "population.start", 1000, "notified"),
    SUPPORT.slug: ("stairs.step", "population", 100, "support"),
}


def own_figure(municipality, measure: Measure, *, now: dt.datetime | None = None) -> Own | None:
    """Tidlig's own figure for the last full calendar year, or None where Tidlig has no such figure.

    Read from the kept facts of that year (one query, through core.kept_figures: nothing imports metrics),
    never from the notifications or measures on page load; the facts task keeps them up to date.
    - notified: children with a notification received in the year (`notifications.children`) per 1,000
      children 0–17 in the register on 1 January of the year (`population.start`);
    - support: children on a step of the staircase (a measure running) on 31 December of the year
      (`stairs.step`, summed over the steps) in per cent of the children 0–17 that day (`population`).
    """
    if measure.slug not in OWN_FACTS:
        return None
    year = timezone.localdate(now or timezone.now()).year - 1
    counted_measure, population_measure, per, definition = OWN_FACTS[measure.slug]
    totals = kept_figures.year_totals(municipality.pk, year, (counted_measure, population_measure))
    counted, population = totals.get(counted_measure, 0), totals.get(population_measure, 0)
    hidden = agg.part_of_whole(counted, population) if population else agg.SMALL
    value = None if hidden else (Decimal(counted * per) / Decimal(population)).quantize(Decimal("0.1"))
    return Own(year, None if hidden else counted, agg.suppress(population), value, hidden, definition)
