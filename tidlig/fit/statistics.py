"""FIT team statistics without names (issue 13 § 4), and the municipality's own reliable change index.

The unit is a respondent with at least two outcome scores in the scope: reliably improved, reliably
deteriorated or no reliable change from the first to the latest score (`scoring.change`). The counts go
through the one suppression (`rules.aggregates.suppress_row`: < 5 hidden, and a second cell so it cannot
be worked out from the total); a share is only given of shown numbers. Beside them the literature's team
benchmark (`scoring.BENCHMARK_*`).

Scope: a caseworker or team leader sees the sessions held by the professionals of their team; a manager or
analyst the whole municipality; others nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidlig.organisation.models import Role, Staff
from tidlig.rules import aggregates as agg

from . import scoring
from .models import FitSession, Rating
from .services import settings_for

TEAM_ROLES = (Role.CASEWORKER, Role.TEAM_LEADER)
MUNICIPALITY_ROLES = (Role.MANAGER, Role.ANALYST)


@dataclass
class InstrumentRci:
    instrument: str
    respondents: int
    enough: bool
    sd: float | None = None
    rci: float | None = None


@dataclass
class TeamStatistics:
    scope: str
    outcome: agg.Row  # improved, deteriorated, none; total
    srs: agg.Row  # sessions with an alliance score, without; total
    rules: scoring.Rules
    rci: list[InstrumentRci]
    test_retest_r: float | None
    rci_min: int

    @property
    def outcome_shares(self):
        return self.outcome.shares

    @property
    def srs_share(self):
        return self.srs.shares[0]


def _sessions(actor: Staff):
    qs = FitSession.objects.filter(municipality_id=actor.municipality_id)
    if actor.role in MUNICIPALITY_ROLES:
        return qs, _("hele kommunen")
    if actor.role in TEAM_ROLES and actor.team_id:
        return qs.filter(professional__team_id=actor.team_id), _("dit team")
    raise PermissionDenied(
        _("FIT-statistikken er for rådgivere, teamledere, ledere og analytikere. Bed din leder om hjælp.")
    )


def _trajectories(ratings) -> dict[int, list]:
    by = defaultdict(list)
    for r in ratings:
        by[r.respondent_id].append(r)
    return by


def team_statistics(actor: Staff) -> TeamStatistics:
    sessions, scope = _sessions(actor)
    settings = settings_for(actor.municipality_id)
    rules = settings.rules()
    ratings = list(
        Rating.objects.filter(session__in=sessions, outcome_total__isnull=False)
        .order_by("session__held_on", "session_id")
        .only("respondent_id", "outcome_total", "outcome_instrument", "session_id")
    )
    counts = {scoring.Change.IMPROVED: 0, scoring.Change.DETERIORATED: 0, scoring.Change.NONE: 0}
    for series in _trajectories(ratings).values():
        if len(series) >= 2:
            counts[scoring.change(series[0].outcome_total, series[-1].outcome_total, rules)] += 1
    outcome = agg.suppress_row(
        [counts[scoring.Change.IMPROVED], counts[scoring.Change.DETERIORATED], counts[scoring.Change.NONE]]
    )
    n_sessions = sessions.count()
    with_srs = sessions.filter(ratings__alliance_total__isnull=False).distinct().count()
    srs = agg.suppress_row([with_srs, n_sessions - with_srs])
    return TeamStatistics(
        scope=scope,
        outcome=outcome,
        srs=srs,
        rules=rules,
        rci=municipality_rci(actor.municipality_id),
        test_retest_r=None if settings.test_retest_r is None else float(settings.test_retest_r),
        rci_min=settings.rci_min_respondents,
    )


def municipality_rci(municipality_id: int) -> list[InstrumentRci]:
    """The municipality's own reliable change index per outcome instrument (Jacobson & Truax 1991), from
    the intake (first) score of each respondent, once there are `rci_min_respondents` of them and a
    test-retest r is set. Never per team: the whole municipality's data."""
    settings = settings_for(municipality_id)
    first: dict[int, Rating] = {}
    for r in (
        Rating.objects.filter(session__municipality_id=municipality_id, outcome_total__isnull=False)
        .order_by("session__held_on", "session_id")
        .only("respondent_id", "outcome_total", "outcome_instrument")
    ):
        first.setdefault(r.respondent_id, r)
    by_instrument: dict[str, list[float]] = defaultdict(list)
    for r in first.values():
        by_instrument[r.outcome_instrument].append(float(r.outcome_total))
    out = []
    for instrument in scoring.OUTCOME:
        totals = by_instrument.get(instrument, [])
        enough = len(totals) >= max(settings.rci_min_respondents, 2)
        item = InstrumentRci(instrument=instrument, respondents=len(totals), enough=enough)
        if enough and settings.test_retest_r is not None:
            item.rci, item.sd = scoring.rci_from_intakes(totals, float(settings.test_retest_r))
        out.append(item)
    return out
