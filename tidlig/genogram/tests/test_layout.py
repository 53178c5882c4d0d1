"""The genogram's layout (pure): rows by generation, couples side by side, children under their couple."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tidlig.rules.genogram import Couple, Node, generations, genogram_layout, network_map_layout

# 1 the child, 2 mother, 3 father (separated from mother), 4 stepfather, 5 half-sister (mother + stepfather),
# 6 and 7 the maternal grandparents, 8 an older full brother, 9 the football coach (no family tie)
NODES = [Node(1, 2016), Node(2, 1988), Node(3, 1985), Node(4, 1984), Node(5, 2021), Node(6, 1960),
         Node(7, 1958), Node(8, 2012), Node(9)]  # fmt: skip
PARENTS = [(2, 1), (3, 1), (2, 8), (3, 8), (2, 5), (4, 5), (6, 2), (7, 2)]
COUPLES = [Couple(2, 3, separated=True), Couple(2, 4), Couple(6, 7)]


def test_generations_put_grandparents_on_top_and_leave_out_people_with_no_family_tie():
    gen = generations(1, NODES, PARENTS, COUPLES)

    assert gen == {6: 0, 7: 0, 2: 1, 3: 1, 4: 1, 1: 2, 8: 2, 5: 2}
    assert 9 not in gen


def test_partners_stand_side_by_side_and_a_mother_with_two_partners_stands_between_them():
    fam = genogram_layout(1, NODES, PARENTS, COUPLES)

    assert abs(fam.x[6] - fam.x[7]) == 1.0
    row1 = sorted((2, 3, 4), key=fam.x.get)
    assert row1[1] == 2  # mother in the middle
    assert {abs(fam.x[2] - fam.x[3]), abs(fam.x[2] - fam.x[4])} == {1.0}


def test_half_siblings_hang_under_their_own_couple_and_full_siblings_oldest_first():
    fam = genogram_layout(1, NODES, PARENTS, COUPLES)
    under = {(c.a, c.b) if c else p: kids for c, p, kids in fam.sibships}

    assert under[(2, 3)] == [8, 1]  # the older brother to the left of the child
    assert under[(2, 4)] == [5]
    assert under[(6, 7)] == [2]
    # each sibship sits on the side of its couple: the half-sister under mother and stepfather
    stepfather_side = (fam.x[2] + fam.x[4]) / 2
    father_side = (fam.x[2] + fam.x[3]) / 2
    assert abs(fam.x[5] - stepfather_side) < abs(fam.x[5] - father_side)
    assert abs((fam.x[8] + fam.x[1]) / 2 - father_side) < abs((fam.x[8] + fam.x[1]) / 2 - stepfather_side)


def test_nobody_overlaps_in_a_row():
    fam = genogram_layout(1, NODES, PARENTS, COUPLES)

    for r in range(fam.rows):
        xs = sorted(x for pid, x in fam.x.items() if fam.row[pid] == r)
        assert all(b - a >= 1.0 for a, b in zip(xs, xs[1:], strict=False))
    assert min(fam.x.values()) == 0


def test_a_single_parent_and_a_sibling_without_recorded_parents():
    fam = genogram_layout(1, [Node(1, 2015), Node(2, 1990), Node(3, 2013)], [(2, 1)], [], siblings=[(1, 3)])

    assert fam.row == {2: 0, 1: 1, 3: 1}
    assert fam.sibships == [(None, 2, [1])]
    assert fam.x[1] != fam.x[3]


def test_the_network_map_puts_each_person_in_their_sector_and_spreads_a_crowded_ring():
    spots = {s.id: s for s in network_map_layout(
        [(1, "family", 1), (2, "family", 1), (3, "friends", 2), (4, "school", 3), (5, "professional", 1)]
    )}  # fmt: skip

    assert math.pi / 2 < spots[1].angle < math.pi and math.pi / 2 < spots[2].angle < math.pi
    assert spots[1].angle != spots[2].angle
    assert 0 < spots[3].angle < math.pi / 2 and spots[3].ring == 2
    assert 3 * math.pi / 2 < spots[4].angle < 2 * math.pi
    assert math.pi < spots[5].angle < 3 * math.pi / 2


@given(
    st.integers(min_value=2, max_value=14).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.booleans()), max_size=n),
        )
    )
)
@settings(max_examples=200, deadline=None)
def test_any_recorded_family_is_laid_out_without_two_people_on_one_spot(family):
    n, parents, couples = family
    nodes = [Node(i, 1950 + i) for i in range(n)]
    parents = [(a, b) for a, b in parents if a != b]
    couples = [Couple(a, b, s) for a, b, s in couples if a != b]

    fam = genogram_layout(0, nodes, parents, couples)

    assert 0 in fam.x and set(fam.x) == set(fam.row)
    for r in range(fam.rows):
        xs = sorted(x for pid, x in fam.x.items() if fam.row[pid] == r)
        assert all(b - a >= 1.0 - 1e-9 for a, b in zip(xs, xs[1:], strict=False))
