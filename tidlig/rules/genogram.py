"""Where each person of a child's network goes in the genogram and in the network map. Pure Python.

The genogram is laid out the way it is drawn by hand (McGoldrick, Gerson & Petry, *Genograms*): one row
per generation, partners side by side with their couple line, and each couple's children in a row under
the middle of that line, oldest to the left. A person with two partners stands between them, so the
children of each couple (half-siblings of one another) hang under the right line. Graphviz is not needed.

The network map puts the child in the middle of three circles of closeness (close, middle, far) cut into
four sectors: family, friends and leisure, school/daycare, professionals.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

GAP = 1.0  # the distance between two people side by side in a row, in columns


@dataclass(frozen=True)
class Node:
    id: int
    born: int | None = None  # the year of birth, when known: siblings stand oldest first


@dataclass(frozen=True)
class Couple:
    a: int
    b: int
    separated: bool = False


@dataclass
class Family:
    """Layout of a genogram: `x` in columns (0 at the left) and `row` (0 the oldest generation)."""

    x: dict[int, float] = field(default_factory=dict)
    row: dict[int, int] = field(default_factory=dict)
    couples: list[Couple] = field(default_factory=list)
    # (the couple the children hang under, or None with a single parent; that parent; the children, in order)
    sibships: list[tuple[Couple | None, int | None, list[int]]] = field(default_factory=list)

    @property
    def width(self) -> float:
        return max(self.x.values(), default=0.0) + GAP

    @property
    def rows(self) -> int:
        return max(self.row.values(), default=0) + 1


def generations(
    focus: int, nodes: list[Node], parents: list[tuple[int, int]], couples: list[Couple], siblings=()
) -> dict[int, int]:
    """Generation of everyone connected to `focus` by a family tie (parent −1, partner and sibling 0, child +1),
    shifted so that the oldest generation is 0. People with no tie to the child's family are left out."""
    edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for parent, child in parents:
        edges[parent].append((child, 1))
        edges[child].append((parent, -1))
    for c in couples:
        edges[c.a].append((c.b, 0))
        edges[c.b].append((c.a, 0))
    for a, b in siblings:
        edges[a].append((b, 0))
        edges[b].append((a, 0))
    known = {n.id for n in nodes}
    gen = {focus: 0}
    queue = [focus]
    while queue:
        here = queue.pop(0)
        for there, step in edges[here]:
            if there in known and there not in gen:
                gen[there] = gen[here] + step
                queue.append(there)
    top = min(gen.values())
    return {pid: g - top for pid, g in gen.items()}


def _chains(members: list[int], couples: list[Couple]) -> list[list[int]]:
    """The members of one row grouped by couple ties into chains: a, a–b, or a–x–b (x with two partners)."""
    inside = set(members)
    adj: dict[int, list[int]] = defaultdict(list)
    for c in couples:
        if c.a in inside and c.b in inside:
            adj[c.a].append(c.b)
            adj[c.b].append(c.a)
    seen: set[int] = set()
    chains = []
    for m in members:
        if m in seen:
            continue
        # the connected part, walked from an end (someone with at most one partner) when there is one
        part, stack = [], [m]
        while stack:
            p = stack.pop()
            if p in seen:
                continue
            seen.add(p)
            part.append(p)
            stack.extend(adj[p])
        start = next((p for p in part if len(adj[p]) <= 1), part[0])
        chain, walked = [start], {start}
        while True:
            nxt = next((q for q in adj[chain[-1]] if q not in walked), None)
            if nxt is None:
                break
            chain.append(nxt)
            walked.add(nxt)
        chain += [p for p in part if p not in walked]  # a partner of a partner of … (rare): at the end
        chains.append(chain)
    return chains


def genogram_layout(
    focus: int,
    nodes: list[Node],
    parents: list[tuple[int, int]],
    couples: list[Couple],
    siblings: list[tuple[int, int]] = (),
) -> Family:
    """Place the child's family: rows by generation, couples side by side, children under their couple.

    `parents` holds (parent, child) pairs; `couples` partners (together or separated); `siblings` ties
    between brothers and sisters whose parents are not recorded."""
    gen = generations(focus, nodes, parents, couples, siblings)
    born = {n.id: n.born for n in nodes}
    order_in = {n.id: i for i, n in enumerate(nodes)}
    parents_of: dict[int, set[int]] = defaultdict(set)
    for parent, child in parents:
        if parent in gen and child in gen:
            parents_of[child].add(parent)
    kept = [c for c in couples if c.a in gen and c.b in gen]
    out = Family(row=gen, couples=kept)
    rows: dict[int, list[int]] = defaultdict(list)
    for pid in sorted(gen, key=lambda p: order_in[p]):
        rows[gen[pid]].append(pid)

    def age_key(pid: int):
        return (born[pid] is None, born[pid] or 0, order_in[pid])

    def wanted(pid: int) -> float | None:
        """Where a person would like to stand: under the middle of their parents (placed in the row above)."""
        xs = [out.x[p] for p in parents_of[pid] if p in out.x]
        return sum(xs) / len(xs) if xs else None

    # A sibling tie without parents: the sibling wants to stand where the other one's parents put them.
    sib_of: dict[int, list[int]] = defaultdict(list)
    for a, b in siblings:
        sib_of[a].append(b)
        sib_of[b].append(a)

    for r in range(max(rows, default=-1) + 1):
        chains = _chains(rows[r], kept)
        keyed = []
        for chain in chains:
            wants = [w for w in (wanted(p) for p in chain) if w is not None]
            if not wants:
                wants = [w for p in chain for s in sib_of[p] for w in [wanted(s)] if w is not None]
            # with parents above, a chain goes left to right in the order its members' parents stand
            if len(chain) > 1:
                first, last = wanted(chain[0]), wanted(chain[-1])
                if first is not None and last is not None and first > last:
                    chain.reverse()
                elif first is None and last is not None and len(chain) == 2:
                    chain.reverse()  # the married-in partner on the far side of their partner's siblings
            target = sum(wants) / len(wants) if wants else math.inf
            keyed.append((target, min(age_key(p) for p in chain), chain))
        keyed.sort(key=lambda k: (k[0], k[1]))
        # chains that want the same spot (one couple's children) stand as one group centred under it
        groups: list[tuple[float, list[list[int]]]] = []
        for target, _age, chain in keyed:
            if groups and groups[-1][0] == target and target is not math.inf:
                groups[-1][1].append(chain)
            else:
                groups.append((target, [chain]))
        cursor = 0.0
        for target, chains_here in groups:
            flat = [p for chain in chains_here for p in chain]
            width = (len(flat) - 1) * GAP
            if target is math.inf:
                start = cursor
            elif (
                len(chains_here) == 1
                and any(wanted(p) is None for p in flat)
                and (anchor := next((i for i, p in enumerate(flat) if wanted(p) is not None), None))
                is not None
            ):
                # one couple with a married-in partner: the blood member stands where they are wanted
                start = max(cursor, wanted(flat[anchor]) - anchor * GAP)
            else:
                start = max(cursor, target - width / 2)
            for i, p in enumerate(flat):
                out.x[p] = start + i * GAP
            cursor = start + width + GAP

    # The sibships: children grouped under the couple (or single parent) they come from.
    couple_of = {frozenset((c.a, c.b)): c for c in kept}
    groups: dict[frozenset, list[int]] = defaultdict(list)
    for child, ps in parents_of.items():
        groups[frozenset(ps)].append(child)
    for ps, children in groups.items():
        children.sort(key=lambda p: out.x[p])
        if len(ps) == 2:
            a, b = sorted(ps)
            couple = couple_of.get(frozenset(ps)) or Couple(a, b)
            out.sibships.append((couple, None, children))
        elif len(ps) == 1:
            out.sibships.append((None, next(iter(ps)), children))
    out.sibships.sort(key=lambda s: min(out.x[c] for c in s[2]))
    _shift_to_zero(out)
    return out


def _shift_to_zero(out: Family) -> None:
    left = min(out.x.values(), default=0.0)
    for pid in out.x:
        out.x[pid] -= left


# --- the network map -------------------------------------------------------------------------------------

SECTORS = ("family", "friends", "school", "professional")
RINGS = 3  # 1 close, 2 middle, 3 far


@dataclass(frozen=True)
class Spot:
    id: int
    ring: int  # 1–3
    angle: float  # radians, 0 to the right, counter-clockwise


def network_map_layout(people: list[tuple[int, str, int]]) -> list[Spot]:
    """(id, sector, ring) → where each person sits: in their sector (a quarter each, family top left,
    friends top right, professionals bottom left, school/daycare bottom right), at their ring, spread evenly
    over the quarter so that no two in one ring and sector overlap."""
    quarter = {"family": 1, "friends": 0, "school": 3, "professional": 2}
    by_cell: dict[tuple[str, int], list[int]] = defaultdict(list)
    for pid, sector, ring in people:
        sector = sector if sector in quarter else "family"
        by_cell[(sector, min(max(ring, 1), RINGS))].append(pid)
    spots = []
    for (sector, ring), ids in by_cell.items():
        base = quarter[sector] * math.pi / 2
        n = len(ids)
        for i, pid in enumerate(ids):
            # shift alternate rings a little so people in neighbouring rings do not line up
            angle = base + (i + 0.5 + (0.25 if ring == 2 else 0)) * (math.pi / 2) / (
                n + (0.5 if ring == 2 else 0)
            )
            spots.append(Spot(pid, ring, angle))
    return spots
