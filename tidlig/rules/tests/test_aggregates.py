"""Suppression of counts without names (rules/aggregates.py): no small count shown, none recoverable by
row and column differences, and nothing hidden beyond what the algorithm promises."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tidlig.rules.aggregates import (
    COMPLEMENTARY,
    SMALL,
    Row,
    mark,
    part_of_whole,
    share,
    share_mark,
    suppress,
    suppress_nested,
    suppress_row,
    suppress_tables,
)


def test_counts_from_one_to_four_are_hidden():
    assert [suppress(n) for n in (1, 2, 3, 4)] == [None, None, None, None]


def test_zero_and_five_and_more_are_shown():
    assert suppress(0) == 0
    assert suppress(5) == 5
    assert suppress(1234) == 1234


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_is_either_shown_as_itself_or_hidden_exactly_when_it_is_small(n):
    shown = suppress(n)
    if 1 <= n <= 4:
        assert shown is None
    else:
        assert shown == n


@given(n=st.integers(min_value=0, max_value=1000), threshold=st.integers(min_value=1, max_value=100))
def test_the_threshold_can_be_chosen(n, threshold):
    assert (suppress(n, threshold) is None) == (0 < n < threshold)


def test_the_issue_row_marks_the_small_count_and_the_one_hidden_to_protect_it_differently():
    """Issue 10: Solsikken, autumn 2026, 232 children, 30 yellow and 4 red: "Rød < 5", "Gul x"."""
    r = suppress_row([198, 30, 4])
    assert r.cells == (198, None, None) and r.total == 232
    assert r.hidden == (None, COMPLEMENTARY, SMALL, None)
    assert [mark(v, why) for v, why in zip((*r.cells, r.total), r.hidden, strict=True)] == [
        198, "x", "< 5", 232,
    ]  # fmt: skip


def test_key_figures_row_no_longer_gives_the_anonymous_count_away():
    """Issue 10: October 2025, 144 notifications: 99 + 23 + 18 shown let 144 − 99 − 23 − 18 = 4 out."""
    r = suppress_row([99, 23, 4, 18])
    assert r.cells == (99, 23, None, None) and r.total == 144
    assert r.hidden[2] == SMALL and r.hidden[3] == COMPLEMENTARY


def test_shares_of_nothing_and_of_hidden_counts_are_not_given():
    assert share_mark(share(0, 0)) == "–"
    assert share_mark(share(None, 30)) == "–"
    assert share_mark(share(5, 20)) == "25 %"


def test_a_row_given_by_hand_hides_its_none_as_small():
    assert Row(cells=(None, 5, 0), total=None).hidden == (SMALL, None, None, SMALL)


def test_a_part_of_a_whole_hides_a_small_part_and_a_small_rest_for_different_reasons():
    assert part_of_whole(0, 7) == SMALL  # "none of them"
    assert part_of_whole(5, 5) == COMPLEMENTARY  # "all of them": the rest, 0, is not shown either
    assert part_of_whole(5, 9) == COMPLEMENTARY  # 9 − 5 = 4 would be worked out
    assert part_of_whole(5, 10) is None


counts = st.integers(min_value=0, max_value=40)
row = st.lists(counts, min_size=3, max_size=3)


def lines_of(table_rows, margin):
    """Every line a reader can write an equation for: each row with its total, each column with the margin."""
    for r in table_rows:
        yield [*r.cells, r.total]
    for c in range(4):
        yield [(r.cells + (r.total,))[c] for r in table_rows] + [(margin.cells + (margin.total,))[c]]


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
    # District 0 has two institutions; the first has 3 red children: hiding only that 3 would let
    # district red (3 + 20 = 23) minus the sibling's 20 give it back.
    result = suppress_nested([[30, 10, 3], [40, 10, 20], [50, 10, 10]], [0, 0, 1], 2)
    assert result.parts[0].cells[2] is None
    assert result.parts[1].cells[2] is None or result.parents[0].cells[2] is None


def entries(r):
    return [*r.cells, r.total]


def pinned_hidden_cells(lines):
    """Hidden cells whose value follows from the shown ones by row and column differences.

    `lines` are equations: a list of ((table, row, col) or value) entries whose last one is the sum of the
    others. Interval propagation, as a reader with a pencil would do it, until nothing narrows; a hidden
    cell whose interval shrinks to one value is recovered."""
    bounds: dict = {}
    for line in lines:
        for e in line:
            if isinstance(e, tuple):
                bounds.setdefault(e, [0, 10**6])

    def lo(e):
        return bounds[e][0] if isinstance(e, tuple) else e

    def hi(e):
        return bounds[e][1] if isinstance(e, tuple) else e

    changed = True
    while changed:
        changed = False
        for line in lines:
            *parts, total = line
            for i, e in enumerate(line):
                if not isinstance(e, tuple):
                    continue
                others = [p for j, p in enumerate(parts) if j != i]
                if i == len(parts):  # the total: between the sums of the parts' bounds
                    new = [sum(lo(p) for p in parts), sum(hi(p) for p in parts)]
                else:
                    new = [lo(total) - sum(hi(p) for p in others), hi(total) - sum(lo(p) for p in others)]
                b = bounds[e]
                nb = [max(b[0], new[0]), min(b[1], new[1])]
                if nb != b:
                    bounds[e] = nb
                    changed = True
    return {e for e, (a, b) in bounds.items() if a == b}


def table_lines(tables, margin):
    """Every equation a reader can write for linked tables: rows with totals, columns with the margin."""

    def entry(t, i, c, r):
        v = entries(r)[c]
        return (t, i, c) if v is None else v

    lines = []
    margin_entries = [("m", 0, c) if v is None else v for c, v in enumerate(entries(margin))]
    lines.append(margin_entries)
    for t, rows in enumerate(tables):
        for i, r in enumerate(rows):
            lines.append([entry(t, i, c, r) for c in range(len(entries(r)))])
        for c in range(len(margin_entries)):
            lines.append([entry(t, i, c, r) for i, r in enumerate(rows)] + [margin_entries[c]])
    return lines


def small_cells(tables, margin):
    out = {("m", 0, c) for c, why in enumerate(margin.hidden) if why == SMALL}
    for t, rows in enumerate(tables):
        for i, r in enumerate(rows):
            out |= {(t, i, c) for c, why in enumerate(r.hidden) if why == SMALL}
    return out


def test_the_pencil_reader_recovers_a_lone_hidden_count_and_not_two_that_share_a_line():
    assert pinned_hidden_cells([[(0, 0, 0), 5, 8]]) == {(0, 0, 0)}
    assert pinned_hidden_cells([[(0, 0, 0), (0, 0, 1), 8], [(0, 0, 0), 2, 5]]) == {(0, 0, 0), (0, 0, 1)}
    assert pinned_hidden_cells([[(0, 0, 0), (0, 0, 1), 8]]) == set()


@settings(max_examples=300)
@given(breakdowns())
def test_no_hidden_small_count_can_be_worked_out_by_row_and_column_differences(bodies):
    result = suppress_tables(bodies)
    lines = table_lines(result.tables, result.margin)
    assert not small_cells(result.tables, result.margin) & pinned_hidden_cells(lines)


@given(breakdowns())
def test_nothing_is_hidden_beyond_what_the_algorithm_promises(bodies):
    """Small counts are hidden as small, and only they; a table without one hides nothing; a count hidden
    to protect another always shares a line with a second hidden entry (never hidden for nothing)."""
    result = suppress_tables(bodies)
    all_rows = [result.margin, *(r for rows in result.tables for r in rows)]
    true = [sum(bodies[0][i][c] for i in range(len(bodies[0]))) for c in range(3)]
    true_rows = [[*true, sum(true)], *([*r, sum(r)] for body in bodies for r in body)]
    for shown, values in zip(all_rows, true_rows, strict=True):
        for v, why in zip(values, shown.hidden, strict=True):
            assert (why == SMALL) == (1 <= v <= 4)
    if not any(1 <= v <= 4 for values in true_rows for v in values):
        assert all(why is None for r in all_rows for why in r.hidden)
    lines = table_lines(result.tables, result.margin)
    for line in lines:
        for e in line:
            if isinstance(e, tuple):
                t, i, c = e
                r = result.margin if t == "m" else result.tables[t][i]
                if r.hidden[c] == COMPLEMENTARY:
                    # the line it sits in has at least one other hidden entry
                    assert sum(isinstance(x, tuple) for x in line) >= 2


@given(row)
def test_a_row_hides_a_second_count_exactly_when_it_has_one_small_count(counts):
    r = suppress_row(counts)
    values = [*counts, sum(counts)]
    small = [i for i, v in enumerate(values) if 1 <= v <= 4]
    complementary = [i for i, why in enumerate(r.hidden) if why == COMPLEMENTARY]
    assert len(complementary) == (1 if len(small) == 1 else 0)
    if complementary:
        shown_before = [i for i in range(len(counts)) if i not in small]
        if shown_before:  # the smallest other cell, a 0 only if nothing else is left
            want = min(shown_before, key=lambda i: (values[i] == 0, values[i], i))
            assert complementary == [want]


@settings(max_examples=300)
@given(nested_input)
def test_no_small_count_of_an_institution_or_district_can_be_worked_out(case):
    n_parents, parts = case
    parent_of = [p for p, _counts in parts]
    result = suppress_nested([counts for _p, counts in parts], parent_of, n_parents)

    def ref(kind, i, c, r):
        v = entries(r)[c]
        return (kind, i, c) if v is None else v

    named = [("p", i, r) for i, r in enumerate(result.parts)] + [
        ("d", q, r) for q, r in enumerate(result.parents)
    ]
    named.append(("m", 0, result.margin))
    lines = [[ref(k, i, c, r) for c in range(4)] for k, i, r in named]
    for c in range(4):
        m = ref("m", 0, c, result.margin)
        lines.append([ref("p", i, c, r) for i, r in enumerate(result.parts)] + [m])
        lines.append([ref("d", q, c, r) for q, r in enumerate(result.parents) if q in parent_of] + [m])
        for q in set(parent_of):
            kids = [ref("p", k, c, result.parts[k]) for k, p in enumerate(parent_of) if p == q]
            lines.append([*kids, ref("d", q, c, result.parents[q])])
    small = {(k, i, c) for k, i, r in named for c, why in enumerate(r.hidden) if why == SMALL}
    assert not small & pinned_hidden_cells(lines)
