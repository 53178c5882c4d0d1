"""FIT through the API: the same selectors (need to know, the read logged) and services as the pages.
The family's one-time link has no API twin: the family has no account (the professional's twin is
POST /fit/ratings/{rating_id}/{part})."""

from __future__ import annotations

from django.urls import reverse
from ninja import Router, Status

from tidlig.core.pagination import paginated
from tidlig.core.schemas import api_errors

from . import scoring, selectors, services
from .models import Rating
from .schemas import (
    FitAlertOut,
    FitItemsIn,
    FitLinkOut,
    FitRatingOut,
    FitRespondentIn,
    FitRespondentOut,
    FitSessionIn,
    FitSessionOut,
    FitStatisticsOut,
    FitTrajectoryOut,
    alert_out,
    rating_out,
    respondent_out,
    session_out,
)

router = Router(tags=["fit"])
ERRORS = api_errors(403, 404)


@router.get(
    "/fit/children/{child_id}/respondents",
    response={200: list[FitRespondentOut], **api_errors(404)},
    summary="The child's FIT respondents (the child, the mother, the father …)",
)
@paginated
def respondents(request, child_id: int):
    return [respondent_out(r) for r in selectors.child_fit(request.auth, child_id).respondents]


@router.post(
    "/fit/children/{child_id}/respondents",
    response={201: FitRespondentOut, **ERRORS},
    summary="Add a FIT respondent for the child",
)
def respondent_add(request, child_id: int, payload: FitRespondentIn):
    fit = selectors.child_fit(request.auth, child_id)
    r = services.respondent_add(child=fit.child, actor=request.auth, **payload.model_dump())
    return Status(201, respondent_out(r))


@router.get(
    "/fit/children/{child_id}/sessions",
    response={200: list[FitSessionOut], **api_errors(404)},
    summary="The child's FIT sessions with their ratings (newest first)",
)
@paginated
def sessions(request, child_id: int):
    return [session_out(s) for s in selectors.child_fit(request.auth, child_id).sessions]


@router.get(
    "/fit/children/{child_id}/trajectories",
    response={200: list[FitTrajectoryOut], **api_errors(404)},
    summary="Each respondent's ratings session by session, the cut-off and the reliable change",
)
@paginated
def trajectories(request, child_id: int):
    fit = selectors.child_fit(request.auth, child_id)
    return [
        {
            "respondent": respondent_out(t.respondent),
            "cutoff": None if t.cutoff is None else f"{t.cutoff:.1f}",
            "change": None if t.change is None else t.change.value,
            "ratings": [rating_out(r) for r in t.ratings],
        }
        for t in fit.trajectories
    ]


@router.post(
    "/fit/children/{child_id}/sessions",
    response={201: FitSessionOut, **ERRORS},
    summary="Open a FIT session with the chosen respondents (the instrument follows the age band)",
)
def session_open(request, child_id: int, payload: FitSessionIn):
    fit = selectors.child_fit(request.auth, child_id)
    s = services.session_open(
        child=fit.child, actor=request.auth, held_on=payload.held_on, respondent_ids=payload.respondent_ids
    )
    return Status(201, session_out(s))


@router.get(
    "/fit/sessions/{session_id}",
    response={200: FitSessionOut, **api_errors(404)},
    summary="One FIT session with its ratings",
)
def session(request, session_id: int):
    return session_out(selectors.session_for(request.auth, session_id))


@router.post(
    "/fit/ratings/{rating_id}/outcome",
    response={200: FitRatingOut, **ERRORS},
    summary="The outcome scale (ORS/CORS/YCORS) of a rating, entered at the meeting",
)
def rating_outcome(request, rating_id: int, payload: FitItemsIn):
    rating = selectors.rating_for(request.auth, rating_id)
    r = services.rating_answer(
        rating=rating, part="outcome", items=payload.items, via=Rating.Via.API, actor=request.auth
    )
    return rating_out(r)


@router.post(
    "/fit/ratings/{rating_id}/alliance",
    response={200: FitRatingOut, **ERRORS},
    summary="The alliance scale (SRS/CSRS/YCSRS) of a rating, entered at the meeting",
)
def rating_alliance(request, rating_id: int, payload: FitItemsIn):
    rating = selectors.rating_for(request.auth, rating_id)
    r = services.rating_answer(
        rating=rating, part="alliance", items=payload.items, via=Rating.Via.API, actor=request.auth
    )
    return rating_out(r)


@router.post(
    "/fit/ratings/{rating_id}/links/{part}",
    response={201: FitLinkOut, **api_errors(403, 404, 422)},
    summary="A one-time link for the family's own phone (part: outcome | alliance); shown only here",
)
def link_create(request, rating_id: int, part: str):
    rating = selectors.rating_for(request.auth, rating_id)
    link, token = services.link_create(rating=rating, part=part, actor=request.auth)
    url = request.build_absolute_uri(reverse("fit:answer", args=[token]))
    return Status(201, {"url": url, "expires_at": link.expires_at, "part": link.part})


@router.get(
    "/fit/alerts",
    response={200: list[FitAlertOut], **api_errors()},
    summary="My unseen FIT alerts (no change, deterioration, weak alliance)",
)
@paginated
def alerts(request):
    return [alert_out(a) for a in selectors.my_alerts(request.auth)]


@router.get(
    "/fit/statistics",
    response={200: FitStatisticsOut, **api_errors(403)},
    summary="FIT team statistics without names (suppressed counts), the benchmark and the own RCI",
)
def statistics(request):
    from . import statistics as stats

    s = stats.team_statistics(request.auth)
    names = ["improved", "deteriorated", "none"]
    return {
        "outcome": {n: s.outcome.cells[i] for i, n in enumerate(names)},
        "outcome_hidden": {n: s.outcome.reasons[i] for i, n in enumerate(names) if s.outcome.reasons[i]},
        "outcome_total": s.outcome.total,
        "sessions_with_srs": s.srs.cells[0],
        "sessions": s.srs.total,
        "benchmark_reliable_change": list(scoring.BENCHMARK_RELIABLE_CHANGE),
        "benchmark_deterioration": list(scoring.BENCHMARK_DETERIORATION),
        "rci": [
            {
                "instrument": r.instrument,
                "enough": r.enough,
                "sd": None if r.sd is None else round(r.sd, 2),
                "rci": None if r.rci is None else round(r.rci, 2),
            }
            for r in s.rci
        ],
    }


@router.post(
    "/fit/alerts/{alert_id}/seen",
    response={200: FitAlertOut, **ERRORS},
    summary="Mark one of my FIT alerts as seen",
)
def alert_seen(request, alert_id: int):
    alert = selectors.alert_for(request.auth, alert_id)
    return alert_out(services.alert_seen(alert=alert, actor=request.auth))
