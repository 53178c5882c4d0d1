"""The national demo: `tidlig demo --municipalities N` builds N real municipalities with synthetic people.

Each municipality gets its real name and DAWA code (organisation/data/kommuner.csv) and a size from its
real population: FOLK1A, all ages, 1 January 2026 (organisation/data/, Danmarks Statistik) times the
national share of 0–17-year-olds (`calibration.CHILDREN_0_17` over the 98 municipalities' population,
about 19 %; FOLK1A's ages 0–17 per municipality are not shipped, see organisation/data/SOURCE.md), times
`scale`. All 98 at scale 1 is the country: about 1.16 million children.

Every municipality is built by the same generator as Demokommune (`generator.build`: bulk inserts, COPY on
PostgreSQL), in its own transaction, so a long national build keeps what it finished. The personas exist in
every municipality with the municipality's code after their username (`raadgiver-0101`, `chef-0101`;
`organisation.login_name`), so each one can be signed into and measured; Demokommune keeps the plain
`raadgiver`. One CPR allocator serves every municipality of the build, with serial digits of its own
(`synthetic_cpr.NATIONAL_PREFIXES`), so no number repeats in the installation, nor one of Demokommune's.
The municipalities are taken in code order (København, Frederiksberg, Ballerup, …).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from tidlig.organisation.kommuner import kommuner, population

from . import calibration as cal
from . import generator, organisation
from .synthetic_cpr import NATIONAL_PREFIXES, CprAllocator

ALL = 98


@dataclass(frozen=True)
class Planned:
    code: str
    name: str
    inhabitants: int
    children: int


def plan(n: int, *, scale: float = 1.0) -> list[Planned]:
    """The first `n` municipalities by code, each with its number of children 0–17 (at least one)."""
    inhabitants = population()
    total = sum(inhabitants.values())
    names = kommuner()
    out = []
    for code in sorted(inhabitants)[:n]:
        people = inhabitants[code]
        children = max(1, round(people * cal.CHILDREN_0_17 / total * scale))
        out.append(Planned(code, names[code].name, people, children))
    return out


def logins(planned: list[Planned]) -> list[str]:
    return [organisation.login_name(u, p.code) for p in planned for u in organisation.LOGINS]


def build(
    planned: list[Planned],
    *,
    seed: int = 1,
    now: dt.datetime | None = None,
    progress: Callable[[str], None] = lambda line: None,
    after_each: Callable[[Planned], None] = lambda p: None,
) -> list[generator.Summary]:
    """Build each planned municipality (own transaction, own seed: seed + its place in the list)."""
    cpr = CprAllocator(NATIONAL_PREFIXES)
    now = now or timezone.now()  # one moment for the whole country
    summaries = []
    started = time.monotonic()
    for i, p in enumerate(planned):
        summary = generator.build(
            children=p.children,
            seed=seed + i,
            now=now,
            code=p.code,
            name=p.name,
            login_suffix=p.code,
            cpr=cpr,
            facts=False,  # after_each computes them (or not: --no-facts)
        )
        summaries.append(summary)
        after_each(p)
        progress(
            f"{p.code} {p.name}: {summary.counts.children:,} children, {summary.counts.notifications:,} "
            f"notifications in {summary.seconds:.1f} s ({i + 1}/{len(planned)}, "
            f"{time.monotonic() - started:.0f} s so far)"
        )
    return summaries
