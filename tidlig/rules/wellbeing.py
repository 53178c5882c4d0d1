"""Anonymous well-being overviews: age bands, half-years, and small-count suppression of whole tables.

Pure: no Django. A count from 1 to 4 could point to a child and is hidden (`aggregates.suppress`).
Hiding one cell is not enough when the row total is shown (total minus the shown cells gives it back),
so every line of a table — a row with its total, a column with the column total — holds either no
hidden entry or at least two (secondary suppression, as Danmarks Statistik does). The breakdowns of
one page (by unit, by age, by sex) share the column totals of their scope; they are suppressed
together so that the shared totals hide the same cells in every table. A share (%) is only given when
both the part and the whole are shown, so it never gives a hidden count away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .aggregates import suppress


def gettext_noop(s: str) -> str:
    return s


COLOURS = ("green", "yellow", "red")

# (key, first month, last month): Rating.age_months at rating time.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-2", 0, 3 * 12 - 1),
    ("3-5", 3 * 12, 6 * 12 - 1),
    ("6-9", 6 * 12, 10 * 12 - 1),
    ("10-13", 10 * 12, 14 * 12 - 1),
    ("14-17", 14 * 12, 18 * 12 - 1),
)
UNKNOWN_BAND = "unknown"
AGE_BAND_TITLES = {
    "0-2": gettext_noop("0–2 år"),
    "3-5": gettext_noop("3–5 år"),
    "6-9": gettext_noop("6–9 år"),
    "10-13": gettext_noop("10–13 år"),
    "14-17": gettext_noop("14–17 år"),
    UNKNOWN_BAND: gettext_noop("Alder uoplyst"),
}
SPRING = gettext_noop("Forår %(year)s")
AUTUMN = gettext_noop("Efterår %(year)s")


def age_band(age_months: int | None) -> str:
    if age_months is not None:
        for key, low, high in AGE_BANDS:
            if low <= age_months <= high:
                return key
    return UNKNOWN_BAND


def half_year(year: int, month: int) -> str:
    """The half-year a rating period opening in this month belongs to: "2026-1" spring, "2026-2" autumn."""
    return f"{year}-{1 if month <= 6 else 2}"


def half_year_parts(key: str) -> tuple[str, int]:
    """("Forår %(year)s", 2026) for "2026-1": the msgid to translate and the year to put in it."""
    year, half = key.split("-")
    return (SPRING if half == "1" else AUTUMN), int(year)


def previous_half_year(key: str) -> str:
    year, half = (int(p) for p in key.split("-"))
    return f"{year - 1}-2" if half == 1 else f"{year}-1"


def share(part: int | None, whole: int | None) -> int | None:
    """A percentage of shown numbers only: a hidden part or whole (None) gives no share (as metrics.share)."""
    if part is None or not whole:
        return None
    return round(100 * part / whole)


@dataclass(frozen=True)
class Row:
    """One line of a table as shown: the cells and the total, None where hidden ("< 5")."""

    cells: tuple[int | None, ...]
    total: int | None

    @property
    def shares(self) -> tuple[int | None, ...]:
        return tuple(share(c, self.total) for c in self.cells)


def _row_with_total(counts: Sequence[int]) -> list[int]:
    return [*counts, sum(counts)]


def _hide_second(values: list[int], hidden: list[bool], candidates: Sequence[int]) -> bool:
    """Hide the smallest shown candidate (ties: the first), so a line never has exactly one hidden entry.
    A 0 is taken last: a hidden 0 next to a shown total of 0 protects nothing."""
    shown = [i for i in candidates if not hidden[i]]
    if not shown:
        return False
    hidden[min(shown, key=lambda i: (values[i] == 0, values[i], i))] = True
    return True


def _protect_line(values: list[int], hidden: list[bool], cells: Sequence[int], total: int) -> bool:
    """A line is `cells` summing to `total`; one hidden entry among them could be recovered."""
    line = [*cells, total]
    if sum(hidden[i] for i in line) != 1:
        return False
    return _hide_second(values, hidden, cells) or _hide_second(values, hidden, [total])


def suppress_row(counts: Sequence[int]) -> Row:
    """A row of counts with its total, suppressed so that no hidden count can be recovered from it."""
    values = _row_with_total(counts)
    hidden = [suppress(v) is None for v in values]
    n = len(counts)
    _protect_line(values, hidden, range(n), n)
    return Row(
        cells=tuple(None if h else v for v, h in zip(values[:n], hidden[:n], strict=True)),
        total=None if hidden[n] else values[n],
    )


@dataclass(frozen=True)
class Tables:
    """Breakdowns of one scope that share its column totals (`margin`)."""

    margin: Row
    tables: tuple[tuple[Row, ...], ...]


def suppress_tables(
    bodies: Sequence[Sequence[Sequence[int]]],
    width: int = len(COLOURS),
    *,
    margin: Row | None = None,
    preset: Sequence[Sequence[Row] | None] = (),
) -> Tables:
    """Suppress tables whose rows are breakdowns of the same whole (each table's columns sum to it).

    Each row gets its total; the margin is the column sums (the same for every table, or the tables
    would disagree about the whole). Primary: counts 1–4 hidden. Secondary, until nothing changes: a
    row, a table's column or the margin with exactly one hidden entry hides a second one, the smallest.
    The margin ends up as given — `margin`, the whole's row as shown in the table one level up, so
    that an institution's own page hides what the municipality's table hides — or else `suppress_row`
    of the totals: the same whichever breakdown is shown beside it (a one-row table equals the margin
    and is hidden alike; longer tables always have a second cell to hide in the column). `preset` gives,
    per table, rows as another table showed them (`suppress_nested`): what they hide is hidden here too.
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
    margin_hidden = [v is None for v in given]
    hidden = [[[suppress(v) is None for v in r] for r in body] for body in rows]
    for h, given_rows in zip(hidden, preset, strict=False):
        for hr, shown_row in zip(h, given_rows or (), strict=False):
            for c, v in enumerate([*shown_row.cells, shown_row.total]):
                hr[c] = hr[c] or v is None
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

    def shown(values: list[int], hid: list[bool]) -> Row:
        return Row(
            cells=tuple(None if hid[c] else values[c] for c in range(width)),
            total=None if hid[width] else values[width],
        )

    return Tables(
        margin=shown(margin_values, margin_hidden),
        tables=tuple(
            tuple(shown(r, hr) for r, hr in zip(body, h, strict=True))
            for body, h in zip(rows, hidden, strict=True)
        ),
    )


@dataclass(frozen=True)
class Nested:
    """Two tables of one whole: the parts (institutions) and their groups of parts (districts)."""

    parts: tuple[Row, ...]
    parents: tuple[Row, ...]
    margin: Row


def _protect_refs(
    parts: list[tuple[list[int], list[bool], int]], total: tuple[list[int], list[bool], int]
) -> bool:
    """A line whose `parts` add up to `total` (each a cell: values, hidden flags, index) may not hold
    exactly one hidden entry: hide the smallest shown part (ties: the first), else the total."""
    if sum(h[i] for _v, h, i in [*parts, total]) != 1:
        return False
    shown = [(v[i] == 0, v[i], k) for k, (v, h, i) in enumerate(parts) if not h[i]]
    if shown:
        *_order, k = min(shown)
        _v, h, i = parts[k]
    else:
        _v, h, i = total
        if h[i]:  # a line with no parts (a district without institutions): its total stands alone
            return False
    h[i] = True
    return True


def suppress_nested(
    parts: Sequence[Sequence[int]], parent_of: Sequence[int], n_parents: int, width: int = len(COLOURS)
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
    part_h = [[suppress(x) is None for x in v] for v in part_v]
    parent_h = [[suppress(x) is None for x in v] for v in parent_v]
    margin_h = [suppress(x) is None for x in margin_v]
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

    def shown(values: list[int], hid: list[bool]) -> Row:
        return Row(
            cells=tuple(None if hid[c] else values[c] for c in range(width)),
            total=None if hid[width] else values[width],
        )

    return Nested(
        parts=tuple(shown(v, h) for v, h in zip(part_v, part_h, strict=True)),
        parents=tuple(shown(v, h) for v, h in zip(parent_v, parent_h, strict=True)),
        margin=shown(margin_v, margin_h),
    )
