"""Sections other apps add to the committee report (metrics/report.py), so that the report reads them
without importing those apps (nothing imports `metrics` or `comparison`: tests/test_architecture.py).

An app registers a provider in its AppConfig.ready(): a function of the reader that returns a
`ReportSection` (core.charts Figures, the tables under them, short sentences) or None when the reader may
not see it. The report shows the sections in the order they were registered, after its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class ReportSection:
    title: str
    intro: str = ""
    figures: list = field(default_factory=list)  # core.charts.Figure
    sentences: list[str] = field(default_factory=list)


Provider = Callable[[object], ReportSection | None]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sections_for(user) -> list[ReportSection]:
    """The registered sections the reader may see (a provider says None for a reader it refuses)."""
    return [s for s in (p(user) for p in _providers) if s is not None]
