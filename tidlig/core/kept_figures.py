"""Kept key figures other apps read without importing `metrics` (nothing imports it: tests/test_architecture.py).

`metrics` keeps its key figures as facts (metrics/facts.py, refreshed by the facts task) and registers a
reader here in its AppConfig.ready(); the comparison page's own live figure (comparison/selectors.py) reads
a year's totals through it, so that page never scans notifications or measures on load (issue 11 § 5).

`year_totals(municipality_id, year, measures)` gives, for each measure asked for, the sum of the year's
kept rows over the municipality's districts and teams (a count of distinct children kept per district sums
to the municipality's, each child in one district), and for a breakdown measure (one with keys) the sum over
its keys too. A measure with no kept row for the year is missing from the answer: its count is 0, or the year's facts
were never computed (then `population` is missing too, and the page shows no own figure).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Reader = Callable[[int, int, tuple[str, ...]], dict[str, int]]
_reader: list[Reader] = []


def register(reader: Reader) -> None:
    _reader[:] = [reader]


def year_totals(municipality_id: int, year: int, measures: Iterable[str]) -> dict[str, int]:
    """One query: each measure's total for the municipality's calendar year, from the kept facts."""
    if not _reader:
        return {}
    return _reader[0](municipality_id, year, tuple(measures))
