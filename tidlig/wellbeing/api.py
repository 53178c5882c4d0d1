"""Well-being ratings through the API: the same services, scoping and logging as the rating pages."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from ninja import Router, Status

from tidlig.core.pagination import paginated
from tidlig.core.schemas import api_errors

from . import access, selectors, services
from .models import Colour, Group, Rating, RatingPeriod
from .schemas import (
    GroupOut,
    HealthVisitorRatingIn,
    PeriodOut,
    RatingCountOut,
    RatingFollowUpIn,
    RatingFollowUpOut,
    RatingIn,
    RatingNextStepOut,
    RatingOut,
    SheetOut,
    SheetRowOut,
)

router = Router(tags=["wellbeing"])
ERRORS = api_errors(403, 404)


def rating_out(r: Rating | None) -> RatingOut | None:
    if r is None:
        return None
    return RatingOut(
        id=r.pk,
        kind=r.kind,
        child_id=r.child_id,
        period_id=r.period_id,
        group_id=r.group_id,
        rater=str(r.rater),
        colour=r.colour,
        indicators=r.indicators,
        note=r.note,
        rated_at=r.rated_at,
    )


def period_out(p: RatingPeriod | None) -> PeriodOut | None:
    if p is None:
        return None
    return PeriodOut(
        id=p.pk,
        institution_id=p.institution_id,
        title=p.title,
        opens_on=p.opens_on,
        closes_on=p.closes_on,
        is_open=p.is_open(timezone.localdate()),
    )


def group_out(g: Group, period: RatingPeriod | None) -> GroupOut:
    return GroupOut(
        id=g.pk,
        name=g.name,
        institution_id=g.institution_id,
        institution=g.institution.name,
        open_period=period_out(period),
    )


def _with_next_steps(request, r: Rating) -> RatingOut:
    """The recorded rating; a red one with the same next steps the page shows (selectors.red_next)."""
    out = rating_out(r)
    if r.colour == Colour.RED:
        out.next_steps = [
            RatingNextStepOut(code=code, title=title, url=url)
            for code, title, url in selectors.red_next(request.auth, r.child)["steps"]
        ]
    return out


def _record(request, record, group_id: int, period_id: int, child_id: int, payload: RatingIn) -> RatingOut:
    group, period, child = selectors.sheet_parts(request.auth, group_id, period_id, child_id)
    rating = record(actor=request.auth, group=group, period=period, child=child, **payload.dict())
    return _with_next_steps(request, rating)


@router.get(
    "/wellbeing/groups", response={200: list[GroupOut], **ERRORS}, summary="My groups and their open period"
)
@paginated
def list_groups(request):
    today = timezone.localdate()
    groups = list(selectors.groups_of(request.auth).order_by("name"))
    periods = selectors.open_periods(groups, today=today)
    return [group_out(g, periods.get(g.institution_id)) for g in groups]


@router.get(
    "/wellbeing/groups/{group_id}/periods",
    response={200: list[PeriodOut], **ERRORS},
    summary="A group's rating periods",
)
@paginated
def list_periods(request, group_id: int):
    group = selectors.group_for(request.auth, group_id)
    return [period_out(p) for p in RatingPeriod.objects.filter(institution_id=group.institution_id)]


@router.get(
    "/wellbeing/groups/{group_id}/periods/{period_id}/sheet",
    response={200: SheetOut, **ERRORS},
    summary="The group's children with last period's colour, my rating, colleagues' (once I have rated) and the joint",
)
def sheet(request, group_id: int, period_id: int):
    group, period, _ = selectors.sheet_parts(request.auth, group_id, period_id)
    rows = selectors.group_sheet(request.auth, group, period, what="api_wellbeing_sheet")
    return SheetOut(
        group=group_out(group, period if period.is_open(timezone.localdate()) else None),
        period=period_out(period),
        rows=[
            SheetRowOut(
                child_id=r.child.pk,
                name=r.child.display_name,
                age_months=r.age_months,
                previous_colour=r.previous.colour if r.previous else None,
                mine=rating_out(r.mine),
                others=[rating_out(o) for o in r.others],
                joint=rating_out(r.joint),
                disagreement=r.disagreement,
            )
            for r in rows
        ],
    )


@router.put(
    "/wellbeing/groups/{group_id}/periods/{period_id}/children/{child_id}/rating",
    response={200: RatingOut, **ERRORS},
    summary="Record or change my own rating of a child",
)
def put_rating(request, group_id: int, period_id: int, child_id: int, payload: RatingIn):
    return _record(request, services.rating_record, group_id, period_id, child_id, payload)


@router.post(
    "/wellbeing/groups/{group_id}/periods/{period_id}/confirm-unchanged",
    response={200: RatingCountOut, **ERRORS},
    summary="Every child I have not rated keeps last period's colour (one action for the group)",
)
def confirm_unchanged(request, group_id: int, period_id: int):
    group, period, _ = selectors.sheet_parts(request.auth, group_id, period_id)
    return RatingCountOut(
        count=services.ratings_confirm_unchanged(actor=request.auth, group=group, period=period)
    )


@router.put(
    "/wellbeing/groups/{group_id}/periods/{period_id}/children/{child_id}/joint",
    response={200: RatingOut, **ERRORS},
    summary="Record the joint rating agreed in the team dialogue (needs two independent ratings)",
)
def put_joint(request, group_id: int, period_id: int, child_id: int, payload: RatingIn):
    return _record(request, services.joint_record, group_id, period_id, child_id, payload)


@router.put(
    "/wellbeing/ratings/{rating_id}/follow-up",
    response={200: RatingFollowUpOut, **ERRORS},
    summary="Focus points, the institution's action and the parents for a yellow or red joint rating",
)
def put_follow_up(request, rating_id: int, payload: RatingFollowUpIn):
    rating = selectors.joint_rating_for(request.auth, rating_id)
    f = services.follow_up_record(actor=request.auth, rating=rating, **payload.dict())
    return RatingFollowUpOut(
        rating_id=rating.pk,
        focus_points=f.focus_points,
        institution_action=f.institution_action,
        parents_informed_on=f.parents_informed_on,
        parents_response=f.parents_response,
        team_requested_on=f.team_requested_on,
        indicators=rating.indicators,
    )


@router.get(
    "/wellbeing/children/{child_id}/ratings",
    response={200: list[RatingOut], **ERRORS},
    summary="A child's ratings at my institutions (never another institution's)",
)
@paginated
def child_ratings(request, child_id: int):
    child = access.children_visible_to(request.auth, today=timezone.localdate()).filter(pk=child_id).first()
    if child is None:
        raise Http404
    return [rating_out(r) for r in selectors.child_history(request.auth, child)]


@router.post(
    "/wellbeing/children/{child_id}/health-visitor-rating",
    response={201: RatingOut, **ERRORS},
    summary="The health visitor's first rating at 8–10 months, made with the parents",
)
def health_visitor_rating(request, child_id: int, payload: HealthVisitorRatingIn):
    child = (
        access.health_visitor_children(request.auth, today=timezone.localdate()).filter(pk=child_id).first()
    )
    if child is None:
        raise Http404
    r = services.health_visitor_rate(
        actor=request.auth,
        child=child,
        colour=payload.colour,
        parents_present=payload.parents_present,
        rated_on=payload.rated_on,
        indicators=payload.indicators,
        note=payload.note,
    )
    return Status(201, _with_next_steps(request, r))
