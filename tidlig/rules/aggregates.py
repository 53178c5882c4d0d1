"""Suppression of counts shown without names: the one implementation for every table, CSV and API.

Pure: no Django. As Danmarks Statistik does (diskretionering):

- Primary: a count from 1 to 4 could point to a child and is hidden; its reason is `SMALL`, shown "< 5".
- Complementary (secondary): hiding one cell is not enough when the row's or column's total is shown
  (total minus the shown cells gives it back). So every line of a table — a row with its total, a column
  with the column total, a group of parts with their parent — holds either no hidden entry or at least
  two. The cells hidden only for that have the reason `COMPLEMENTARY`, shown "x": they are not small.
- Tables that share totals (the breakdowns of one page by unit, by age, by sex; institutions and their
  districts) are suppressed together, so the shared totals hide the same cells in every table.
- A share (%) is only given when both the part and the whole are shown, so it never gives a hidden count
  away; a share of a whole of 0 is not a number at all ("–").

What the algorithm promises, and no more: no line has exactly one hidden entry; the second entry hidden
in a line is its smallest shown cell (a 0 last, ties: the first), or its total when every cell is hidden.
Nothing else is hidden. The hypothesis tests in rules/tests/test_aggregates.py check both halves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

SUPPRESSION_THRESHOLD = 5

SMALL = "small"  # a count from 1 to 4
COMPLEMENTARY = "complementary"  # hidden only so that a small count cannot be worked out
Reason = Literal["small", "complementary"]

# How a hidden entry is shown (pages and CSV alike), as Danmarks Statistik marks it.
SMALL_MARK = "< 5"
COMPLEMENTARY_MARK = "x"
NO_SHARE_MARK = "–"  # a share of nothing: the whole is 0


def gettext_noop(s: str) -> str:
    return s


# The note under every table with hidden entries (translated where shown; English in the .po).
NOTE_SMALL = gettext_noop("«< 5»: færre end 5; så små tal vises ikke, så intet barn kan genkendes.")
NOTE_COMPLEMENTARY = gettext_noop(
    "«x»: skjult, så et tal under 5 ikke kan regnes ud fra totalen (tallet kan være stort)."
)
NOTE_NO_SHARE = gettext_noop(
    "«–»: ingen procent (totalen er 0, eller procenten ville afsløre et skjult tal)."
)


def is_small(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> bool:
    return 0 < count < threshold


def suppress(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> int | None:
    """A single count with no total beside it: 1 to threshold-1 is hidden (None, "< 5"); 0 is shown."""
    return None if is_small(count, threshold) else count


def reason_of(count: int) -> Reason | None:
    """Why a count standing alone is hidden: `SMALL` for 1–4, else not hidden (None)."""
    return SMALL if is_small(count) else None


def mark(value: int | None, reason: str | None) -> int | str:
    """A count as shown on a page or in a CSV: the number, or the mark of why it is hidden."""
    if value is not None and reason is None:
        return value
    return COMPLEMENTARY_MARK if reason == COMPLEMENTARY else SMALL_MARK


def share_mark(pct: int | None) -> str:
    return NO_SHARE_MARK if pct is None else f"{pct} %"


def marks_in(rows: Iterable[Iterable[int | str]]) -> dict[str, bool]:
    """Which marks rows as shown use, so a table's note explains those and no others."""
    used = {v for r in rows for v in r if isinstance(v, str)}
    return {
        "small": SMALL_MARK in used,
        "complementary": COMPLEMENTARY_MARK in used,
        "no_share": NO_SHARE_MARK in used,
    }


def share(part: int | None, whole: int | None) -> int | None:
    """A percentage of shown numbers only: a hidden part or whole (None) gives no share, nor does a 0 whole."""
    if part is None or not whole:
        return None
    return round(100 * part / whole)


def part_of_whole(part: int, whole: int) -> Reason | None:
    """Why "part of whole" (e.g. courses that escalated) is hidden when whole − part is not shown either.

    Shown only when at least 5 are in the part and at least 5 are not: "5 of 5" tells that every child in
    the row is in it, "0 of 7" that none is (`SMALL`); "5 of 7" gives away the 2 that are not
    (`COMPLEMENTARY`: hidden so that the small rest cannot be worked out)."""
    if part < SUPPRESSION_THRESHOLD:
        return SMALL
    if whole - part < SUPPRESSION_THRESHOLD:
        return COMPLEMENTARY
    return None


@dataclass(frozen=True)
class Row:
    """One line of a table as shown: the cells and the total, None where hidden, and why (`hidden`,
    one entry per cell and then the total's: None, `SMALL` or `COMPLEMENTARY`)."""

    cells: tuple[int | None, ...]
    total: int | None
    hidden: tuple[Reason | None, ...] = ()

    def __post_init__(self):
        if not self.hidden:  # a row given by hand: what is None is hidden as small
            flags = tuple(None if v is not None else SMALL for v in (*self.cells, self.total))
            object.__setattr__(self, "hidden", flags)

    @property
    def shares(self) -> tuple[int | None, ...]:
        return tuple(share(c, self.total) for c in self.cells)

    @property
    def reasons(self) -> tuple[Reason | None, ...]:
        return self.hidden[: len(self.cells)]

    @property
    def total_reason(self) -> Reason | None:
        return self.hidden[len(self.cells)]


def _row_with_total(counts: Sequence[int]) -> list[int]:
    return [*counts, sum(counts)]


def _primary(values: Sequence[int]) -> list[Reason | None]:
    return [reason_of(v) for v in values]


def _shown(values: Sequence[int], hid: Sequence[Reason | None], width: int) -> Row:
    return Row(
        cells=tuple(None if hid[c] else values[c] for c in range(width)),
        total=None if hid[width] else values[width],
        hidden=tuple(hid[: width + 1]),
    )


def _hide_second(values: list[int], hidden: list, candidates: Sequence[int]) -> bool:
    """Hide the smallest shown candidate (ties: the first), so a line never has exactly one hidden entry.
    A 0 is taken last: a hidden 0 next to a shown total of 0 protects nothing."""
    shown = [i for i in candidates if not hidden[i]]
    if not shown:
        return False
    hidden[min(shown, key=lambda i: (values[i] == 0, values[i], i))] = COMPLEMENTARY
    return True


def _protect_line(values: list[int], hidden: list, cells: Sequence[int], total: int) -> bool:
    """A line is `cells` summing to `total`; one hidden entry among them could be recovered."""
    line = [*cells, total]
    if sum(bool(hidden[i]) for i in line) != 1:
        return False
    return _hide_second(values, hidden, cells) or _hide_second(values, hidden, [total])


def suppress_row(counts: Sequence[int]) -> Row:
    """A row of counts with its total, suppressed so that no hidden count can be recovered from it."""
    values = _row_with_total(counts)
    hidden = _primary(values)
    n = len(counts)
    _protect_line(values, hidden, range(n), n)
    return _shown(values, hidden, n)


@dataclass(frozen=True)
class Tables:
    """Breakdowns of one scope that share its column totals (`margin`)."""

    margin: Row
    tables: tuple[tuple[Row, ...], ...]


def suppress_tables(
    bodies: Sequence[Sequence[Sequence[int]]],
    width: int = 3,
    *,
    margin: Row | None = None,
    preset: Sequence[Sequence[Row] | None] = (),
) -> Tables:
    """Suppress tables whose rows are breakdowns of the same whole (each table's columns sum to it).

    Each row gets its total; the margin is the column sums (the same for every table, or the tables
    would disagree about the whole). Primary: counts 1–4 hidden. Complementary, until nothing changes: a
    row, a table's column or the margin with exactly one hidden entry hides a second one, the smallest.
    The margin ends up as given — `margin`, the whole's row as shown in the table one level up, so
    that an institution's own page hides what the municipality's table hides — or else `suppress_row`
    of the totals: the same whichever breakdown is shown beside it (a one-row table equals the margin
    and is hidden alike; longer tables always have a second cell to hide in the column). `preset` gives,
    per table, rows as another table showed them (`suppress_nested`): what they hide is hidden here too,
    for the same reason.
    """
    rows = [[_row_with_total(list(r)) for r in body] for body in bodies]
    margin_counts = [0] * width
    first = rows[0] if rows else []
    for r in first:
        for c in range(width):
            margin_counts[c] += r[c]
    for t, body in enumerate(rows):
        sums = [sum(r[c] for r in body) for c in range(width)]
        if body and sums != margin_counts:
            raise ValueError(f"table {t} does not add up to the same totals as table 0")
    margin_values = _row_with_total(margin_counts)
    if margin is None:
        margin = suppress_row(margin_counts)
    given = [*margin.cells, margin.total]
    if any(v is not None and v != t for v, t in zip(given, margin_values, strict=True)):
        raise ValueError("the given margin does not show these tables' totals")
    margin_hidden = list(margin.hidden)
    hidden = [[_primary(r) for r in body] for body in rows]
    for h, given_rows in zip(hidden, preset, strict=False):
        for hr, shown_row in zip(h, given_rows or (), strict=False):
            for c, why in enumerate(shown_row.hidden):
                hr[c] = hr[c] or why
    changed = True
    while changed:
        changed = _protect_line(margin_values, margin_hidden, range(width), width)
        for body, h in zip(rows, hidden, strict=True):
            for r, hr in zip(body, h, strict=True):
                changed |= _protect_line(r, hr, range(width), width)
            for c in range(width + 1):
                if not body:
                    continue
                # The column as one line: the body's cells, then the margin's entry as its total.
                col_values = [r[c] for r in body] + [margin_values[c]]
                col_hidden = [hr[c] for hr in h] + [margin_hidden[c]]
                n = len(body)
                if _protect_line(col_values, col_hidden, range(n), n):
                    changed = True
                    for i in range(n):
                        h[i][c] = col_hidden[i]
                    margin_hidden[c] = col_hidden[n]

    return Tables(
        margin=_shown(margin_values, margin_hidden, width),
        tables=tuple(
            tuple(_shown(r, hr, width) for r, hr in zip(body, h, strict=True))
            for body, h in zip(rows, hidden, strict=True)
        ),
    )


@dataclass(frozen=True)
class Nested:
    """Two tables of one whole: the parts (institutions) and their groups of parts (districts)."""

    parts: tuple[Row, ...]
    parents: tuple[Row, ...]
    margin: Row


def _protect_refs(parts: list[tuple[list[int], list, int]], total: tuple[list[int], list, int]) -> bool:
    """A line whose `parts` add up to `total` (each a cell: values, hidden reasons, index) may not hold
    exactly one hidden entry: hide the smallest shown part (ties: the first), else the total."""
    if sum(bool(h[i]) for _v, h, i in [*parts, total]) != 1:
        return False
    shown = [(v[i] == 0, v[i], k) for k, (v, h, i) in enumerate(parts) if not h[i]]
    if shown:
        *_order, k = min(shown)
        _v, h, i = parts[k]
    else:
        _v, h, i = total
        if h[i]:  # a line with no parts (a district without institutions): its total stands alone
            return False
    h[i] = COMPLEMENTARY
    return True


def suppress_nested(
    parts: Sequence[Sequence[int]], parent_of: Sequence[int], n_parents: int, width: int = 3
) -> Nested:
    """Suppress a table of parts and the table of their parents together, as one reader sees both.

    A district's count is the sum of its institutions' counts. Hidden alone, an institution's small
    count would come back as the district's count minus its siblings'. So besides every row (with its
    total) and every column (with the municipality's margin) of either table, each parent's cell and
    its parts' cells in the same column form a line that holds no hidden entry or at least two.
    """
    part_v = [_row_with_total(list(r)) for r in parts]
    parent_v = [[0] * (width + 1) for _ in range(n_parents)]
    for v, p in zip(part_v, parent_of, strict=True):
        for c in range(width + 1):
            parent_v[p][c] += v[c]
    margin_v = [sum(v[c] for v in part_v) for c in range(width + 1)]
    part_h = [_primary(v) for v in part_v]
    parent_h = [_primary(v) for v in parent_v]
    margin_h = _primary(margin_v)
    children = [[k for k, p in enumerate(parent_of) if p == q] for q in range(n_parents)]
    changed = True
    while changed:
        changed = False
        for values, hid in [
            *zip(part_v, part_h, strict=True),
            *zip(parent_v, parent_h, strict=True),
            (margin_v, margin_h),
        ]:
            changed |= _protect_line(values, hid, range(width), width)
        for c in range(width + 1):
            total = (margin_v, margin_h, c)
            changed |= _protect_refs([(part_v[k], part_h[k], c) for k in range(len(part_v))], total)
            # A parent without parts is known to be 0: it can neither hide nor protect anything.
            used = [q for q in range(n_parents) if children[q]]
            changed |= _protect_refs([(parent_v[q], parent_h[q], c) for q in used], total)
            for q, ks in enumerate(children):
                changed |= _protect_refs(
                    [(part_v[k], part_h[k], c) for k in ks], (parent_v[q], parent_h[q], c)
                )

    return Nested(
        parts=tuple(_shown(v, h, width) for v, h in zip(part_v, part_h, strict=True)),
        parents=tuple(_shown(v, h, width) for v, h in zip(parent_v, parent_h, strict=True)),
        margin=_shown(margin_v, margin_h, width),
    )
