"""Anonymous well-being tables: no small count shown, none recoverable, totals that add up."""

from hypothesis import given
from hypothesis import strategies as st

from tidlig.rules.wellbeing import (
    age_band,
    half_year,
    half_year_parts,
    previous_half_year,
    share,
    suppress_row,
    suppress_tables,
)

counts = st.integers(min_value=0, max_value=40)
row = st.lists(counts, min_size=3, max_size=3)


def lines_of(table_rows, margin):
    """Every line a reader can write an equation for: each row with its total, each column with the margin."""
    for r in table_rows:
        yield [*r.cells, r.total]
    for c in range(4):
        yield [(r.cells + (r.total,))[c] for r in table_rows] + [(margin.cells + (margin.total,))[c]]


def test_age_bands_follow_whole_years():
    assert [age_band(m) for m in (0, 35, 36, 71, 72, 119, 120, 167, 168, 215)] == [
        "0-2", "0-2", "3-5", "3-5", "6-9", "6-9", "10-13", "10-13", "14-17", "14-17",
    ]  # fmt: skip
    assert age_band(None) == age_band(216) == "unknown"


def test_half_years_line_up_spring_and_autumn():
    assert half_year(2026, 3) == "2026-1"
    assert half_year(2026, 9) == "2026-2"
    assert half_year_parts("2026-1") == ("Forår %(year)s", 2026)
    assert half_year_parts("2026-2") == ("Efterår %(year)s", 2026)
    assert previous_half_year("2026-1") == "2025-2"
    assert previous_half_year("2026-2") == "2026-1"


def test_one_small_cell_takes_a_second_with_it():
    r = suppress_row([20, 3, 7])
    assert r.cells == (20, None, None) and r.total == 30
    assert r.shares == (67, None, None)


def test_a_share_needs_both_numbers_shown():
    assert share(None, 30) is None
    assert share(5, None) is None
    assert share(5, 0) is None
    assert share(5, 20) == 25


@given(row)
def test_no_row_shows_a_count_from_one_to_four_or_lets_one_be_recovered(counts):
    r = suppress_row(counts)
    line = [*r.cells, r.total]
    assert all(v is None or v == 0 or v >= 5 for v in line)
    assert sum(v is None for v in line) != 1
    assert r.total is None or r.total == sum(counts)
    for shown, true, pct in zip(r.cells, counts, r.shares, strict=True):
        assert shown is None or shown == true
        # A share of a hidden cell, or of a hidden total, would let the reader work the count out.
        assert (pct is None) == (shown is None or not r.total)


@given(row)
def test_a_hidden_cell_has_more_than_one_possible_value(counts):
    r = suppress_row(counts)
    hidden = [i for i, v in enumerate(r.cells) if v is None]
    if r.total is None or not hidden:
        return
    rest = r.total - sum(v for v in r.cells if v is not None)
    for i in hidden:
        if 1 <= counts[i] <= 4:
            # The others hidden can take up any part of the rest, so cell i could be 0 … rest.
            assert len(hidden) >= 2 and rest >= 1


@st.composite
def breakdowns(draw):
    """Two or three tables that split the same children differently (by unit, by age, by sex)."""
    units = draw(st.lists(row, min_size=1, max_size=6))
    whole = [sum(r[c] for r in units) for c in range(3)]
    tables = [units]
    for _ in range(draw(st.integers(1, 2))):
        parts = draw(st.integers(1, 5))
        table = [[0, 0, 0] for _ in range(parts)]
        for c in range(3):
            for _ in range(whole[c]):
                table[draw(st.integers(0, parts - 1))][c] += 1
        tables.append(table)
    return tables


@given(breakdowns())
def test_linked_tables_hide_no_line_with_a_single_gap_and_stay_consistent(bodies):
    result = suppress_tables(bodies)
    margin = result.margin
    whole = [sum(r[c] for r in bodies[0]) for c in range(3)]
    assert margin == suppress_row(whole), "the whole is shown the same beside every breakdown"
    for body, rows in zip(bodies, result.tables, strict=True):
        for true, shown in zip(body, rows, strict=True):
            for v, t in zip([*shown.cells, shown.total], [*true, sum(true)], strict=True):
                assert v is None or v == t
                assert v is None or v == 0 or v >= 5
        for line in lines_of(rows, margin):
            assert sum(v is None for v in line) != 1, line


@given(st.lists(row, min_size=2, max_size=6), st.data())
def test_a_part_is_hidden_on_its_own_page_as_in_its_parents_table(parent, data):
    """An institution's own tables take its row from the municipality's table as their margin."""
    rows = suppress_tables([parent]).tables[0]
    i = data.draw(st.integers(0, len(parent) - 1))
    parts = data.draw(st.integers(1, 4))
    table = [[0, 0, 0] for _ in range(parts)]
    for c in range(3):
        for _ in range(parent[i][c]):
            table[data.draw(st.integers(0, parts - 1))][c] += 1
    result = suppress_tables([table], margin=rows[i])
    assert result.margin == rows[i]
    for line in lines_of(result.tables[0], result.margin):
        assert sum(v is None for v in line) != 1, line


nested_input = st.integers(min_value=1, max_value=4).flatmap(
    lambda n_parents: st.lists(
        st.tuples(st.integers(min_value=0, max_value=n_parents - 1), row), min_size=1, max_size=8
    ).map(lambda parts: (n_parents, parts))
)


def cells_and_total(r):
    return [*r.cells, r.total]


@given(nested_input)
def test_institutions_and_districts_hide_alike_so_no_subtraction_reveals_a_count(case):
    from tidlig.rules.wellbeing import suppress_nested

    n_parents, parts = case
    parent_of = [p for p, _counts in parts]
    result = suppress_nested([counts for _p, counts in parts], parent_of, n_parents)
    tables = [*result.parts, *result.parents, result.margin]
    # No count from 1 to 4 is shown anywhere.
    for r in tables:
        assert all(v is None or v == 0 or v >= 5 for v in cells_and_total(r))
    lines = [cells_and_total(r) for r in tables]
    for c in range(4):
        margin = cells_and_total(result.margin)[c]
        lines.append([cells_and_total(r)[c] for r in result.parts] + [margin])
        lines.append([cells_and_total(r)[c] for r in result.parents] + [margin])
        for q in range(n_parents):
            kids = [cells_and_total(result.parts[k])[c] for k, p in enumerate(parent_of) if p == q]
            if kids:
                lines.append([*kids, cells_and_total(result.parents[q])[c]])
            else:  # a district without institutions is shown as the 0 everybody can work out
                assert cells_and_total(result.parents[q])[c] == 0
    # Every equation a reader can write holds no hidden value, or at least two.
    for line in lines:
        assert sum(v is None for v in line) != 1, line
    # What is shown is true: a district shows the sum of its institutions.
    for q in range(n_parents):
        want = [sum(counts[c] for p, counts in parts if p == q) for c in range(3)]
        shown = result.parents[q].cells
        assert all(s is None or s == w for s, w in zip(shown, want, strict=True))


def test_a_single_hidden_institution_in_a_district_takes_a_sibling_with_it():
    from tidlig.rules.wellbeing import suppress_nested

    # District 0 has two institutions; the first has 3 red children: hiding only that 3 would let
    # district red (3 + 20 = 23) minus the sibling's 20 give it back.
    result = suppress_nested([[30, 10, 3], [40, 10, 20], [50, 10, 10]], [0, 0, 1], 2)
    assert result.parts[0].cells[2] is None
    assert result.parts[1].cells[2] is None or result.parents[0].cells[2] is None
