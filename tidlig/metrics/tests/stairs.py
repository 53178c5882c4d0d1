"""A hand-counted municipality for the staircase and spending pages (the clock stands at 18.11.2026).

19 children, all born 2010–2024, no other children in the register:

| group | n | caseworker | measures (level, place, price)                                              |
|-------|---|------------|------------------------------------------------------------------------------|
| P     | 5 | alice/Nord | foster family 43_1 (5), 1.000 kr./day, from 01.03.2026, running               |
| N     | 2 | alice/Nord | network care 43_4 (4), 10.000 kr./month, from 01.08.2026, one without consent |
| H     | 6 | bob/Syd    | § 32 in the home (3), 31.000 kr./month, 01.05.–31.08.2026                     |
| D     | 5 | bob/Syd    | institution 43_6 (6), 2.000 kr./day, 10.01.–14.07.2026, then § 32 at home (3), |
|       |   |            | 24.800 kr./month, from 15.07.2026, running                                   |
| U     | 1 | bob/Syd    | § 32 (3), 31.000 kr./month, 01.04.–31.08.2026, then institution (6), 2.000/day |
|       |   |            | from 01.09.2026, running                                                     |
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tidlig.interventions.models import Measure, MeasureType
from tidlig.metrics import facts
from tidlig.people.models import Child

D = dt.date


def _type(municipality, code, level, kind, unit, price):
    return MeasureType.objects.create(
        municipality=municipality,
        code=code,
        title=code,
        paragraph="BL",
        kind=kind,
        level=level,
        provider="Leverandør A/S",
        unit=unit,
        unit_price=Decimal(price),
    )


def _measure(child, t, start, end=None, place="", without=False):
    monthly = t.unit_price * {"month": 1, "day": Decimal("30.4")}[t.unit]
    return Measure.objects.create(
        municipality=child.municipality,
        child=child,
        type=t,
        decided_on=start,
        started_on=start,
        ended_on=end,
        monthly_cost=monthly,
        place_type=place,
        without_consent=without,
    )


def build(municipality, org, alice, bob):
    foster = _type(municipality, "pleje", 5, "placement", "day", 1000)
    network = _type(municipality, "netvaerk", 4, "placement", "month", 10000)
    home = _type(municipality, "hjem", 3, "supportive", "month", 31000)
    home_b = _type(municipality, "hjem-b", 3, "supportive", "month", 24800)
    institution = _type(municipality, "inst", 6, "placement", "day", 2000)
    n = 0

    def kids(count, born, caseworker):
        nonlocal n
        out = []
        for _ in range(count):
            n += 1
            out.append(
                Child.objects.create(
                    municipality=municipality,
                    first_name="Trine",
                    last_name=f"Trappesen{n}",
                    birth_date=born,
                    caseworker=caseworker,
                    district=org["nord"],
                )
            )
        return out

    for c in kids(5, D(2020, 1, 1), alice):  # P
        _measure(c, foster, D(2026, 3, 1), place="43_1")
    for i, c in enumerate(kids(2, D(2024, 1, 1), alice)):  # N
        _measure(c, network, D(2026, 8, 1), place="43_4", without=i == 0)
    for c in kids(6, D(2015, 6, 6), bob):  # H
        _measure(c, home, D(2026, 5, 1), D(2026, 8, 31))
    for c in kids(5, D(2012, 5, 5), bob):  # D
        _measure(c, institution, D(2026, 1, 10), D(2026, 7, 14), place="43_6")
        _measure(c, home_b, D(2026, 7, 15))
    for c in kids(1, D(2010, 2, 2), bob):  # U
        _measure(c, home, D(2026, 4, 1), D(2026, 8, 31))
        _measure(c, institution, D(2026, 9, 1), place="43_6")
    return municipality


def refresh(municipality):
    """Keep the facts of the whole history, as the demo and `tidlig facts_refresh --all` do (the staircase
    and spending pages read nothing else)."""
    return facts.facts_refresh(municipality=municipality, months=facts.history_months(municipality))
