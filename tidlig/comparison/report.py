"""The comparison's section of the committee report (metrics/report.py reads it through
core.report_sections): the measures over time beside the country and the chosen peers — the page's own
Figures (figures.over_time) — and where the municipality ranks among all of DST's municipalities.
Managers and analysts only, as the page (access.check)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidlig.core.report_sections import ReportSection

from . import figures, selectors
from .access import check
from .measures import MEASURES


def rank_sentence(name: str, rank: int | None, count: int, year: str | None, measure: str) -> str | None:
    """Where the municipality stands among Danmarks Statistik's municipalities (published figures, not
    Tidlig's counts): "Testrup er nr. 12 af 98 kommuner i 2024: børn med underretninger pr. 1.000 0–17-årige."
    None when DST does not rank it (a municipality DST does not know, or no year)."""
    if rank is None or not count or not year:
        return None
    return ngettext(
        "%(name)s er nr. %(rank)s af %(count)s kommune i %(year)s: %(measure)s.",
        "%(name)s er nr. %(rank)s af %(count)s kommuner i %(year)s: %(measure)s.",
        count,
    ) % {
        "name": name,
        "rank": rank,
        "count": count,
        "year": year,
        "measure": measure,
    }


def committee_section(user) -> ReportSection | None:
    try:
        check(user)
    except PermissionDenied:
        return None
    section = ReportSection(
        _("Sammenlignet med andre kommuner"),
        intro=_(
            "Danmarks Statistiks offentliggjorte tal for kommunen, hele landet og de valgte "
            "sammenligningskommuner; Tidligs eget tal står ved siden af, hvor Tidlig har det."
        ),
    )
    for slug in MEASURES:
        c = selectors.comparison(user.municipality, slug)
        if c.years:
            section.figures.append(figures.over_time(c))
        rank = c.rank
        said = rank_sentence(
            c.compared.name if c.compared else c.municipality_name,
            rank.rank if rank is not None and not rank.tidlig else None,
            c.count,
            c.latest,
            str(c.measure.title).lower(),
        )
        if said:
            section.sentences.append(said)
    return section
