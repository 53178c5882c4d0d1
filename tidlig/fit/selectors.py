"""Reads of FIT: only for those who may see the child's case (need to know); every read of a child's
ratings is logged through `cases.access.visible_child` (audit.record_access)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.cases.access import can_see_case, visible_child
from tidlig.organisation.models import Municipality, Staff
from tidlig.people.models import Child

from . import scoring
from .models import FitAlert, FitSession, InstrumentWording, Rating, Respondent
from .services import settings_for


@dataclass
class Trajectory:
    respondent: Respondent
    ratings: list[Rating]
    rules: scoring.Rules
    change: scoring.Change | None = field(init=False)

    def __post_init__(self):
        totals = [r.outcome_total for r in self.ratings if r.outcome_total is not None]
        self.change = scoring.change(totals[0], totals[-1], self.rules) if len(totals) >= 2 else None

    @property
    def band(self) -> str:
        return self.ratings[-1].band if self.ratings else scoring.Band.ADULT

    @property
    def cutoff(self) -> Decimal | None:
        return self.rules.cutoff(scoring.Band(self.band))


@dataclass
class ChildFit:
    child: Child
    respondents: list[Respondent]
    sessions: list[FitSession]
    alerts: list[FitAlert]
    rules: scoring.Rules
    can_edit: bool
    trajectories: list[Trajectory]


def child_fit(actor: Staff, child_id: int) -> ChildFit:
    child = visible_child(actor, child_id, what="fit")
    rules = settings_for(child.municipality_id).rules()
    respondents = list(Respondent.objects.filter(child=child))
    sessions = list(
        FitSession.objects.filter(child=child)
        .select_related("professional")
        .prefetch_related("ratings__respondent")
        .order_by("-held_on", "-pk")
    )
    ratings = list(
        Rating.objects.filter(session__child=child)
        .select_related("session", "respondent")
        .order_by("session__held_on", "session_id")
    )
    trajectories = [
        Trajectory(r, [x for x in ratings if x.respondent_id == r.pk], rules) for r in respondents
    ]
    alerts = _latest(
        FitAlert.objects.filter(child=child, seen_at__isnull=True).select_related(
            "rating__respondent", "rating__session"
        )
    )
    return ChildFit(
        child=child,
        respondents=respondents,
        sessions=sessions,
        alerts=alerts,
        rules=rules,
        can_edit=True,  # whoever sees the case may use FIT with the family (visible_child checked it)
        trajectories=[t for t in trajectories if t.ratings],
    )


def _latest(alerts) -> list[FitAlert]:
    """The newest unseen alert of each kind for each respondent (older ones say the same thing again)."""
    seen: set[tuple[int, str]] = set()
    out = []
    for a in sorted(alerts, key=lambda a: (a.rating.session.held_on, a.pk), reverse=True):
        key = (a.rating.respondent_id, a.kind)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def session_for(actor: Staff, pk: int) -> FitSession:
    child_id = FitSession.objects.filter(pk=pk).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Http404
    child = visible_child(actor, child_id, what="fit")
    session = FitSession.objects.select_related("professional").get(pk=pk)
    session.child = child
    return session


def session_ratings(session: FitSession) -> list[Rating]:
    return list(session.ratings.select_related("respondent").order_by("pk"))


def rating_for(actor: Staff, pk: int) -> Rating:
    child_id = Rating.objects.filter(pk=pk).values_list("session__child_id", flat=True).first()
    if child_id is None:
        raise Http404
    child = visible_child(actor, child_id, what="fit")
    rating = Rating.objects.select_related("session", "respondent").get(pk=pk)
    rating.session.child = child
    return rating


def alert_for(actor: Staff, pk: int) -> FitAlert:
    alert = FitAlert.objects.filter(pk=pk, professional=actor).select_related("rating__respondent").first()
    if alert is None:
        raise Http404
    alert.child = visible_child(actor, alert.child_id, what="fit")
    return alert


def my_alerts(actor: Staff) -> list[FitAlert]:
    """The actor's unseen FIT alerts on children whose case the actor may still see (the read logged)."""
    alerts = _latest(
        a
        for a in FitAlert.objects.filter(professional=actor, seen_at__isnull=True).select_related(
            "child", "rating__respondent", "rating__session"
        )
        if can_see_case(actor, a.child)
    )
    audit.record_access(actor=actor, child_ids=[a.child_id for a in alerts], what="fit.alerts")
    return alerts


def wording(municipality: Municipality | int, instrument: str) -> list[dict]:
    """The four items of an instrument as the municipality has licensed them; "Punkt 1" … until then."""
    mid = getattr(municipality, "pk", municipality)
    found = {w.item: w for w in InstrumentWording.objects.filter(municipality_id=mid, instrument=instrument)}
    out = []
    for n in range(1, scoring.ITEMS + 1):
        w = found.get(n)
        out.append(
            {
                "n": n,
                "label": w.label if w else _("Punkt %(n)s") % {"n": n},
                "low": (w.low if w else "") or "0",
                "high": (w.high if w else "") or "10",
                "licensed": w is not None,
            }
        )
    return out
