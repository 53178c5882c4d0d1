"""What every family of key-figure series shares: a `Series` (a figure's numbers, suppressed), the
reader of kept facts (`Facts`, one query per grain and range) and small helpers for counts and rates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from tidlig.rules import aggregates as agg

from ..facts_stairs import PREFIXES as STAIRS_PREFIXES
from ..models import Fact
from .scope import Scope

SOURCE_TIDLIG = _("Tidligs egne registreringer (beholdte nøgletal)")


@dataclass
class Series:
    """One figure's numbers: `columns` (key, label, kind: count | rate | share | days | ratio), and per
    row a label, the values (None where hidden or no number) and why each hidden one is hidden."""

    slug: str
    title: str
    columns: list[tuple[str, str, str]]
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""
    chart: tuple[str, ...] = ()  # the columns drawn (one line each); all when empty

    def add(self, label: str, values: dict, hidden: dict | None = None) -> None:
        self.rows.append({"label": label, "values": values, "hidden": hidden or {}})

    def shown(self) -> list[list[object]]:
        out = []
        for r in self.rows:
            line: list[object] = [r["label"]]
            for key, _label, kind in self.columns:
                v, why = r["values"].get(key), r["hidden"].get(key)
                if why and kind != "count":
                    line.append(agg.NO_SHARE_MARK)  # a rate or median of a hidden count: no number
                elif why:
                    line.append(agg.mark(None, why))
                elif v is None:
                    line.append(agg.NO_SHARE_MARK)
                elif kind == "share":
                    line.append(f"{v} %")
                elif isinstance(v, float):
                    line.append(f"{v:.1f}".replace(".", ","))
                else:
                    line.append(v)
            out.append(line)
        return out


def _count(value: int) -> tuple[int | None, str | None]:
    return agg.suppress(value), agg.reason_of(value)


def _rate(count: int, population: int) -> float | None:
    """Per 1,000 children 0–17; hidden with the count (1–4) so the rate does not give it back."""
    if agg.is_small(count) or not population:
        return None
    return round(1000 * count / population, 1)


class Facts:
    """The kept facts of one grain and range, for the whole municipality or one district."""

    def __init__(self, scope: Scope, grain: str, first: dt.date, last: dt.date):
        qs = Fact.objects.filter(
            municipality_id=scope.municipality_id, grain=grain, start__gte=first, start__lte=last
        )
        if scope.district is not None:
            qs = qs.filter(district=scope.district)
        for prefix in STAIRS_PREFIXES:  # the staircase's and spending's facts are not read here
            qs = qs.exclude(measure__startswith=prefix)
        self.data: dict[dt.date, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
        for start, measure, key, value in qs.values_list("start", "measure", "key", "value"):
            self.data[start][(measure, key)] += value

    def get(self, start: dt.date, measure: str, key: str = "") -> int:
        return self.data.get(start, {}).get((measure, key), 0)

    def keys(self, start: dt.date, measure: str) -> dict[str, int]:
        return {k: v for (m, k), v in self.data.get(start, {}).items() if m == measure}


def _days(histogram: dict[str, int]) -> dict[int, int]:
    return {int(k): v for k, v in histogram.items()}
