"""The staircase in motion (rules/staircase_flows.py) and what measures cost (rules/spending.py)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tidlig.rules import staircase_flows as sf
from tidlig.rules.aggregates import COMPLEMENTARY, SMALL, suppress_amounts
from tidlig.rules.spending import Price, committed_cost, cost_between, price_of

D = dt.date


def test_a_child_stands_on_the_highest_running_measure_and_is_counted_once():
    lukas = [(D(2026, 1, 5), None, 3), (D(2026, 3, 1), D(2026, 5, 31), 5)]
    ida = [(D(2026, 2, 1), D(2026, 2, 28), 2)]
    assert sf.steps_on([lukas, ida], D(2026, 3, 31)) == {2: 0, 3: 0, 4: 0, 5: 1, 6: 0}
    assert sf.steps_on([lukas, ida], D(2026, 2, 28)) == {2: 1, 3: 1, 4: 0, 5: 0, 6: 0}
    # The end day still counts; the day after it does not.
    assert sf.steps_on([lukas, ida], D(2026, 6, 1)) == {2: 0, 3: 1, 4: 0, 5: 0, 6: 0}


def test_flows_compare_the_two_counting_days():
    up = [(D(2026, 1, 5), None, 3), (D(2026, 5, 1), None, 6)]  # 3 → 6
    down = [(D(2026, 1, 5), D(2026, 4, 10), 5), (D(2026, 4, 11), None, 3)]  # 5 → 3
    out = [(D(2026, 1, 5), D(2026, 4, 30), 2)]  # 2 → none
    new = [(D(2026, 6, 1), None, 4)]  # none → 4
    twice = [(D(2026, 4, 2), D(2026, 5, 2), 5)]  # none → 5 → none: no flow between the two days
    matrix = sf.flow_matrix([up, down, out, new, twice], D(2026, 3, 31), D(2026, 6, 30))
    assert sf.flows_of_matrix(matrix) == {"in": 1, "up": 1, "down": 1, "out": 1}
    assert matrix[sf.FROM.index(3)][sf.TO.index(6)] == 1
    assert matrix[sf.FROM.index(sf.NONE)][sf.TO.index(sf.NONE)] == 0


spans = st.lists(
    st.tuples(
        st.dates(D(2025, 1, 1), D(2026, 12, 31)),
        st.one_of(st.none(), st.integers(0, 400)),
        st.integers(2, 6),
    ).map(lambda t: (t[0], None if t[1] is None else t[0] + dt.timedelta(days=t[1]), t[2])),
    max_size=4,
)


@settings(deadline=None)  # a shared machine: the time of one example proves nothing
@given(st.lists(spans, max_size=12), st.dates(D(2025, 1, 1), D(2026, 6, 30)), st.integers(1, 200))
def test_the_flow_matrix_adds_up_to_the_steps_on_both_days(children, before, days):
    after = before + dt.timedelta(days=days)
    matrix = sf.flow_matrix(children, before, after)
    start, end = sf.steps_on(children, before), sf.steps_on(children, after)
    for step in sf.STEPS:
        assert sum(matrix[sf.FROM.index(step)]) == start[step]
        assert sum(row[sf.TO.index(step)] for row in matrix) == end[step]
    flows = sf.flows_of_matrix(matrix)
    assert sum(end.values()) - sum(start.values()) == flows["in"] - flows["out"]


def test_quarters_end_with_the_running_one():
    qs = sf.periods("quarter", D(2026, 11, 18), 3)
    assert [(q.first, q.last) for q in qs] == [
        (D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 12, 31)),
    ]
    assert sf.counting_day(qs[-1], D(2026, 11, 18)) == D(2026, 11, 18)
    assert [m.label for m in sf.periods("month", D(2026, 1, 5), 2)] == ["12.2025", "01.2026"]


def test_a_placement_ending_in_another_placement_or_at_18_is_no_homecoming():
    born = D(2010, 6, 1)
    assert sf.is_homecoming(D(2026, 3, 31), [], born)
    assert not sf.is_homecoming(D(2026, 3, 31), [(D(2026, 4, 1), None, 5)], born)
    assert not sf.is_homecoming(D(2028, 6, 1), [], born)  # 18 on the last day


def test_a_day_price_counts_days_and_a_month_price_counts_shares_of_months():
    day = Price("day", Decimal("1000"))
    month = Price("month", Decimal("31000"))
    # 20.01.–10.02.: 12 days in January, 10 in February
    assert cost_between(day, D(2026, 1, 20), D(2026, 2, 10), D(2026, 1, 1), D(2026, 1, 31)) == 12000
    assert cost_between(day, D(2026, 1, 20), D(2026, 2, 10), D(2026, 2, 1), D(2026, 2, 28)) == 10000
    assert cost_between(month, D(2026, 1, 20), D(2026, 2, 10), D(2026, 1, 1), D(2026, 1, 31)) == 12000
    # 10 of February's 28 days
    assert cost_between(month, D(2026, 1, 20), D(2026, 2, 10), D(2026, 2, 1), D(2026, 2, 28)) == Decimal(
        "11071.43"
    )
    assert cost_between(month, D(2026, 1, 1), None, D(2026, 2, 1), D(2026, 2, 28)) == 31000


def test_the_price_kept_at_the_decision_is_the_price():
    assert price_of("day", Decimal("900"), Decimal("30400")) == Price("day", Decimal("1000"))
    assert price_of("month", Decimal("25000"), None) == Price("month", Decimal("25000"))
    assert price_of("hour", Decimal("600"), None) is None  # hours are not recorded
    assert price_of("once", Decimal("5000"), None) == Price("once", Decimal("5000"))


def test_committed_cost_runs_from_tomorrow_to_new_year():
    today = D(2026, 11, 18)
    # 12 days of November left and 31 of December
    assert committed_cost(Price("day", Decimal("1000")), D(2026, 1, 1), None, today) == 43000
    assert committed_cost(Price("month", Decimal("30000")), D(2026, 1, 1), None, today) == 42000
    assert committed_cost(Price("month", Decimal("30000")), D(2026, 1, 1), D(2026, 11, 1), today) == 0


def test_money_spent_on_fewer_than_five_children_is_hidden_with_a_second_amount():
    row = suppress_amounts([100_000, 250_000, 40_000], [12, 3, 6], 20)
    # 250.000 kr. on 3 children is hidden; so is the smallest other amount, or 390.000 − 140.000 gives it
    assert row.cells == (100_000, None, None)
    assert row.hidden == (None, SMALL, COMPLEMENTARY, None)
    assert row.total == 390_000


@settings(deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 9)), min_size=1, max_size=6),
)
def test_no_hidden_amount_can_be_recovered_from_the_row(cells):
    amounts = [a if n else 0 for a, n in cells]
    children = [n for _a, n in cells]
    row = suppress_amounts(amounts, children, sum(children))
    entries = [*row.cells, row.total]
    assert sum(v is None for v in entries) != 1
    for v, n in zip(row.cells, children, strict=True):
        if 1 <= n <= 4:
            assert v is None


@settings(deadline=None, max_examples=60)
@given(st.lists(spans, max_size=25))
def test_no_table_of_the_staircase_gives_back_what_another_hides(children):
    """Steps at each quarter's end, the from → to matrices and the flows share counts: suppressed together,
    every line they form (a row, a column, a total) holds no hidden entry or at least two, and every count
    of 1–4 is hidden wherever it is shown."""
    from tidlig.rules.aggregates import suppress_linked

    quarters = [(D(2025, 12, 31), D(2026, 3, 31)), (D(2026, 3, 31), D(2026, 6, 30))]
    values, lines = sf.linked_counts(children, quarters)
    hidden = suppress_linked(values, lines)
    for parts, total in lines:
        assert sum(values[k] for k in parts) == values[total]
        assert sum(bool(hidden[k]) for k in (*parts, total)) != 1
    for k, v in values.items():
        if 1 <= v <= 4:
            assert hidden[k] == SMALL
