"""The staircase in motion: where children stand at each period's end and how they moved between two ends.

Pure: no Django. A child's step is the highest level of the measures running that day
(`casework.staircase_level`, DESIGN.md § 3); a child with no running measure stands on step 1 (almen
indsats), which these figures call "no measure" — the register's other children are on it too and are
not counted. A measure runs from its start day up to and including its end day.

Flows compare a child's step at the end of the previous period with the step at the end of this one
(as VIVE's and Socialstyrelsen's indsatstrappe figures compare two counting days), so a child who moved
twice within a quarter is counted once, from where they stood to where they ended:

- `in`: from no measure to a measure (step 2–6);
- `out`: from a measure to no measure;
- `up`: to a higher step (e.g. from § 32 in the home to a placement);
- `down`: to a lower step (the direction the municipality's shift aims for).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .casework import staircase_level

NONE = 1  # almen indsats: no measure
STEPS = (2, 3, 4, 5, 6)  # forebyggende, hjemmebaseret/støttende, netværk, plejefamilie, institution
PREVENTIVE_STEPS = (2, 3)  # § 30 and § 32 in the home
PLACEMENT_STEPS = (4, 5, 6)  # §§ 43–47
FROM = (NONE, *STEPS)  # the rows of a flow matrix
TO = (*STEPS, NONE)  # its columns: the last is "out"

Flow = Literal["in", "out", "up", "down"]
FLOWS: tuple[Flow, ...] = ("in", "up", "down", "out")
PeriodKind = Literal["month", "quarter", "year"]

# (start, end or None, level) of one measure
Span = tuple[dt.date, dt.date | None, int]


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.first:%m.%Y}"
        if self.kind == "quarter":
            return f"{(self.first.month - 1) // 3 + 1}. kvt. {self.first.year}"
        return str(self.first.year)


def _month_start(day: dt.date, months_back: int = 0) -> dt.date:
    n = day.year * 12 + day.month - 1 - months_back
    return dt.date(n // 12, n % 12 + 1, 1)


def _period_of(day: dt.date, kind: PeriodKind) -> Period:
    if kind == "month":
        first = day.replace(day=1)
        months = 1
    elif kind == "quarter":
        first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        months = 3
    else:
        first = dt.date(day.year, 1, 1)
        months = 12
    nxt = _month_start(first, -months)
    return Period(kind, first, nxt - dt.timedelta(days=1))


def periods(kind: PeriodKind, today: dt.date, count: int) -> list[Period]:
    """The last `count` periods of a kind, oldest first, the current one (still running) last."""
    result = [_period_of(today, kind)]
    while len(result) < count:
        result.insert(0, _period_of(result[0].first - dt.timedelta(days=1), kind))
    return result


def counting_day(period: Period, today: dt.date) -> dt.date:
    """A period's end, or today for the period still running (nothing after today is known)."""
    return min(period.last, today)


def level_on(spans: Iterable[Span], day: dt.date) -> int:
    return staircase_level([lvl for s, e, lvl in spans if s <= day and (e is None or e >= day)])


def steps_on(children: Iterable[Sequence[Span]], day: dt.date) -> dict[int, int]:
    """Children on each step 2–6 on a day (each child once, on its highest running measure's step)."""
    counts = Counter(level_on(spans, day) for spans in children)
    return {step: counts.get(step, 0) for step in STEPS}


def flow_of(before: int, after: int) -> Flow | None:
    if before == after:
        return None
    if before == NONE:
        return "in"
    if after == NONE:
        return "out"
    return "up" if after > before else "down"


def flow_matrix(children: Iterable[Sequence[Span]], before: dt.date, after: dt.date) -> list[list[int]]:
    """Children from each step on `before` (rows: no measure, 2–6) to each on `after` (columns: 2–6,
    then no measure = out). No measure → no measure is not counted (0): those are the register's others."""
    counts: Counter[tuple[int, int]] = Counter()
    for spans in children:
        pair = (level_on(spans, before), level_on(spans, after))
        if pair != (NONE, NONE):
            counts[pair] += 1
    return [[counts.get((f, t), 0) for t in TO] for f in FROM]


def flows_of_matrix(matrix: Sequence[Sequence[int]]) -> dict[Flow, int]:
    """The moves in a flow matrix by kind; those who stayed on their step are not a flow."""
    result: dict[Flow, int] = {f: 0 for f in FLOWS}
    for f, row in zip(FROM, matrix, strict=True):
        for t, n in zip(TO, row, strict=True):
            kind = flow_of(f, t)
            if kind:
                result[kind] += n
    return result


AGE_BANDS = ((0, 5), (6, 11), (12, 14), (15, 17), (18, 22))


def age_band(age: int) -> int:
    """The index of the band in AGE_BANDS (VIVE's and Danmarks Statistik's 0–5, 6–11, 12–14, 15–17 år,
    and 18–22 for efterværn); an age beyond 22 falls in the last band."""
    for i, (_lo, hi) in enumerate(AGE_BANDS):
        if age <= hi:
            return i
    return len(AGE_BANDS) - 1


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_homecoming(ended: dt.date, other_placements: Iterable[Span], birth: dt.date | None) -> bool:
    """A placement ended with the child going home (hjemgivelse, BL §§ 100–101): the child was under 18
    on the last day and no other placement of the child runs on the next day (a move to another place is
    no hjemgivelse, nor is leaving care at 18)."""
    if birth is not None and age_on(birth, ended) >= 18:
        return False
    return level_on(other_placements, ended + dt.timedelta(days=1)) == NONE


def linked_counts(
    children: Sequence[Sequence[Span]], quarters: Sequence[tuple[dt.date, dt.date]]
) -> tuple[dict[tuple, int], list[tuple[list[tuple], tuple]]]:
    """`linked_values` of the children's spans: their steps on every counting day and each quarter's matrix."""
    days = sorted({d for pair in quarters for d in pair})
    steps = {day: steps_on(children, day) for day in days}
    matrices = [flow_matrix(children, before, after) for before, after in quarters]
    return linked_values(steps, quarters, matrices)


def linked_values(
    steps: Mapping[dt.date, Mapping[int, int]],
    quarters: Sequence[tuple[dt.date, dt.date]],
    matrices: Sequence[Sequence[Sequence[int]]],
) -> tuple[dict[tuple, int], list[tuple[list[tuple], tuple]]]:
    """Every count of the steps table (at each quarter's two counting days: `steps[day][step]`) and of each
    quarter's flow matrix (`matrices[q]`, as `flow_matrix` gives it) and flows, with the lines that tie
    them together — for `aggregates.suppress_linked`, so that no table gives back what another hides.
    The counts may come from the measures (`linked_counts`) or from the kept facts (metrics.staircase).

    Keys: ("step", day, step), ("steps", day) = the children in a measure that day; ("cell", q, from, to);
    ("in", q), ("out", q), ("up", q), ("down", q), ("all", q) = every child in the matrix. A matrix row
    from step s adds up to the children on s the day before the quarter, a column to step t to those on t at
    its end; no measure → no measure is not a count (always 0) and is left out."""
    values: dict[tuple, int] = {}
    lines: list[tuple[list[tuple], tuple]] = []
    days = sorted({d for pair in quarters for d in pair})
    for day in days:
        counts = steps[day]
        for s in STEPS:
            values[("step", day, s)] = counts.get(s, 0)
        values[("steps", day)] = sum(counts.get(s, 0) for s in STEPS)
        lines.append(([("step", day, s) for s in STEPS], ("steps", day)))
    for q, ((before, after), matrix) in enumerate(zip(quarters, matrices, strict=True)):
        cells = {
            (f, t): matrix[i][j]
            for i, f in enumerate(FROM)
            for j, t in enumerate(TO)
            if (f, t) != (NONE, NONE)
        }
        for (f, t), n in cells.items():
            values[("cell", q, f, t)] = n
        moved = flows_of_matrix(matrix)
        for kind in FLOWS:
            values[(kind, q)] = moved[kind]
        values[("all", q)] = sum(cells.values())

        def row_total(f, q=q, before=before):
            return ("in", q) if f == NONE else ("step", before, f)

        def col_total(t, q=q, after=after):
            return ("out", q) if t == NONE else ("step", after, t)

        for f in FROM:
            lines.append(([("cell", q, f, t) for t in TO if (f, t) in cells], row_total(f)))
        for t in TO:
            lines.append(([("cell", q, f, t) for f in FROM if (f, t) in cells], col_total(t)))
        lines.append(([row_total(f) for f in FROM], ("all", q)))
        lines.append(([col_total(t) for t in TO], ("all", q)))
        lines.append(([("steps", before), ("in", q)], ("all", q)))
        lines.append(([("steps", after), ("out", q)], ("all", q)))
        for kind in ("up", "down"):
            lines.append(([("cell", q, f, t) for f, t in cells if flow_of(f, t) == kind], (kind, q)))
    return values, lines
