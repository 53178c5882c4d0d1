"""Kept facts of the staircase in motion and of spending (issue 11 §§ 1 and 5), written by facts.facts_refresh.

The measures of a municipality are read once per refresh (`Measures`: a measure's start, end, step, place,
consent and price, and its child's district, caseworker's team and birth date; no names), then counted per
period by the pure rules in rules/staircase_flows.py and rules/spending.py. The pages
(`/noegletal/trappen/`, `/noegletal/oekonomi/`) read these rows only and suppress them there, through
rules/aggregates.py, as before.

Rows are kept per child's district and per the team of the child's caseworker (`Fact.team`, so a team
leader's page is a filter), both as they are when the period is refreshed. Definitions (the pages say the
same; "the counting day" is the period's last day, or the refresh day for the period still running):

- stairs.step (key: step 2–6): children on each step on the counting day (the step of their highest
  running measure); stairs.measures (key: step): measures running that day;
- stairs.place (key: `Measure.place_type`) and stairs.consent ("with" / "without"): placements (steps 4–6)
  running that day;
- stairs.flow (quarters only; key "from>to", 1 = no measure): children by their step the day before the
  quarter and on its counting day (no measure → no measure left out);
- stairs.age (key: the band's index in staircase_flows.AGE_BANDS): placements started in the period, by the
  child's age on the first day; stairs.home ("home" / "other"): placements ended in the period, hjemgivet
  or not (`staircase_flows.is_homecoming`);
- cost.step (key: step; months only): the cost in øre of the measures in the month up to its counting day
  (rules/spending.py, docs/spending.md); cost.children (key: step) and cost.everyone: the children with a
  cost; cost.unpriced: measures running in the month without a price;
- population.0_22 (months only; by district, no team): children 0–22 in the register on the counting day,
  counted by birth month (born after the same month 23 years before, up to the day's month);
- committed.count / .amount (øre) / .children (key: step) and committed.everyone: what the measures running
  on the refresh day will cost from the next day to 31 December (`spending.committed_cost`). It depends on
  the day, so it is computed only in the refresh of the month running then, and kept as it was for a
  month that has ended (a snapshot, like caseload); committed.asof (key: the refresh day, ISO) dates it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncMonth

from tidlig.interventions.models import Measure
from tidlig.people.models import Child
from tidlig.rules import spending as sp
from tidlig.rules import staircase_flows as sf

from .models import Grain

Group = tuple[int | None, int | None]  # (district, team)

STAIRS_GRAINS = (Grain.MONTH, Grain.QUARTER, Grain.YEAR)
PREFIXES = ("stairs.", "cost.", "committed.", "population.0_22")  # every measure this module keeps
COMMITTED_MEASURES = ("committed.count", "committed.amount", "committed.children", "committed.everyone")
COMMITTED_ASOF = "committed.asof"


def ore(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


class Measures:
    """A municipality's started measures, read in one query, and its children 0–22 by birth month."""

    def __init__(self, municipality_id: int):
        rows = Measure.objects.filter(municipality_id=municipality_id, started_on__isnull=False).values_list(
            "child_id",
            "child__district_id",
            "child__caseworker__team_id",
            "child__birth_date",
            "started_on",
            "ended_on",
            "type__level",
            "place_type",
            "without_consent",
            "type__unit",
            "type__unit_price",
            "monthly_cost",
        )
        self.spans: dict[int, list[sf.Span]] = defaultdict(list)
        self.group: dict[int, Group] = {}
        self.birth: dict[int, dt.date | None] = {}
        self.placements: list[tuple] = []  # (child, start, end, level, place, without)
        self.priced: list[tuple] = []  # (child, start, end, level, price or None)
        for child, district, team, birth, start, end, level, place, without, unit, price, monthly in rows:
            self.spans[child].append((start, end, level))
            self.group[child] = (district, team)
            self.birth[child] = birth
            if level in sf.PLACEMENT_STEPS:
                self.placements.append((child, start, end, level, place, without))
            self.priced.append((child, start, end, level, sp.price_of(unit, price, monthly)))
        self.placed: dict[int, list[sf.Span]] = defaultdict(list)
        for child, start, end, level, _place, _without in self.placements:
            self.placed[child].append((start, end, level))
        births = (
            Child.objects.filter(municipality_id=municipality_id, is_unborn=False, birth_date__isnull=False)
            .annotate(born=TruncMonth("birth_date"))
            .values("district_id", "born")
            .annotate(n=Count("pk"))
        )
        self.births: dict[int | None, dict[dt.date, int]] = defaultdict(dict)
        for r in births:
            self.births[r["district_id"]][r["born"]] = r["n"]


def compute(add, data: Measures, grain: str, start: dt.date, end: dt.date, today: dt.date) -> None:
    """Count one period into `add(district, team, measure, key, value)`; `end` is the day after it."""
    if grain not in STAIRS_GRAINS or start > today:
        return
    last = end - dt.timedelta(days=1)
    day = min(last, today)
    _staircase(add, data, grain, start, last, day)
    if grain == Grain.MONTH:
        _spending(add, data, start, day)
        if start <= today <= last:
            _committed(add, data, today)


def _staircase(add, data: Measures, grain: str, start: dt.date, last: dt.date, day: dt.date) -> None:
    before = start - dt.timedelta(days=1)
    for child, spans in data.spans.items():
        district, team = data.group[child]
        level = sf.level_on(spans, day)
        if level != sf.NONE:
            add(district, team, "stairs.step", str(level))
        for s, e, lvl in spans:
            if s <= day and (e is None or e >= day):
                add(district, team, "stairs.measures", str(lvl))
        if grain == Grain.QUARTER:
            pair = (sf.level_on(spans, before), level)
            if pair != (sf.NONE, sf.NONE):
                add(district, team, "stairs.flow", f"{pair[0]}>{pair[1]}")
    for child, s, e, lvl, place, without in data.placements:
        district, team = data.group[child]
        if s <= day and (e is None or e >= day):
            add(district, team, "stairs.place", place or "")
            add(district, team, "stairs.consent", "without" if without else "with")
        birth = data.birth.get(child)
        if birth and start <= s <= last:
            add(district, team, "stairs.age", str(sf.age_band(sf.age_on(birth, s))))
        if e is not None and start <= e <= last:
            others = [x for x in data.placed[child] if x != (s, e, lvl)]
            add(district, team, "stairs.home", "home" if sf.is_homecoming(e, others, birth) else "other")


def _spending(add, data: Measures, first: dt.date, day: dt.date) -> None:
    children: dict[tuple[Group, int], set[int]] = defaultdict(set)
    everyone: dict[Group, set[int]] = defaultdict(set)
    for child, s, e, lvl, price in data.priced:
        group = data.group[child]
        if price is None:
            if s <= day and (e is None or e >= first):
                add(*group, "cost.unpriced", "")
            continue
        cost = sp.cost_between(price, s, e, first, day)
        if cost:
            add(*group, "cost.step", str(lvl), ore(cost))
            children[(group, lvl)].add(child)
            everyone[group].add(child)
    for (group, lvl), ids in children.items():
        add(*group, "cost.children", str(lvl), len(ids))
    for group, ids in everyone.items():
        add(*group, "cost.everyone", "", len(ids))
    oldest = dt.date(day.year - 23, day.month, 1)
    for district, births in data.births.items():
        n = sum(count for born, count in births.items() if oldest < born <= day)
        if n:
            add(district, None, "population.0_22", "", n)


def _committed(add, data: Measures, today: dt.date) -> None:
    children: dict[tuple[Group, int], set[int]] = defaultdict(set)
    everyone: dict[Group, set[int]] = defaultdict(set)
    for child, s, e, lvl, price in data.priced:
        if s > today or e is not None:
            continue
        group = data.group[child]
        add(*group, "committed.count", str(lvl))
        if price is not None:
            cost = sp.committed_cost(price, s, e, today)
            if cost:
                add(*group, "committed.amount", str(lvl), ore(cost))
                children[(group, lvl)].add(child)
                everyone[group].add(child)
    for (group, lvl), ids in children.items():
        add(*group, "committed.children", str(lvl), len(ids))
    for group, ids in everyone.items():
        add(*group, "committed.everyone", "", len(ids))
    add(None, None, COMMITTED_ASOF, today.isoformat(), 1)
