"""§ 30 courses through the API (/api/v1/courses/…): the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Day, InSchema, Int, Line, Moment, Text, api_errors

from . import selectors, services
from .models import Course

router = Router(tags=["courses"])


class PreventiveCourseMeetingOut(Schema):
    id: int
    starts_at: dt.datetime
    status: str = Field(description="planned, held or cancelled (a network meeting: /network/meetings/{id})")
    outcome: str


class PreventiveCourseOut(Schema):
    id: int
    child_id: int
    child_name: str
    measure_id: int = Field(description="The § 30 measure the course is (type bl30_4); on the staircase")
    caseworker_id: int
    worker_id: int = Field(description="The consultant or family worker")
    worker_name: str
    origin: str = Field(description="child, crossteam or screening")
    notification_id: int | None
    crossteam_item_id: int | None
    started_on: dt.date
    weeks: int
    planned_end_on: dt.date
    current_week: int = Field(description="The week of the course today (0 before it starts)")
    purpose: str
    goals: str = Field(description="The goals agreed with the family")
    start_meeting: PreventiveCourseMeetingOut | None
    end_meeting: PreventiveCourseMeetingOut | None
    result: str = Field(description="goal_reached, continue or escalate ('' while running)")
    result_reason: str
    ended_at: dt.datetime | None


class PreventiveCourseStartIn(InSchema):
    worker_id: Int = Field(description="A consultant or family worker of the municipality")
    started_on: Day
    weeks: Int | None = Field(None, description="Default: the municipality's length (12 weeks)")
    purpose: Text = ""
    goals: Text = ""
    origin: Line(10) = Field("child", description="child, crossteam or screening")
    notification_id: Int | None = None
    crossteam_item_id: Int | None = None


class PreventiveCourseUpdateIn(InSchema):
    goals: Text = ""
    purpose: Text = ""
    worker_id: Int


class PreventiveCourseMeetingIn(InSchema):
    starts_at: Moment
    ends_at: Moment
    place: Line(200) = ""
    online_link: Line(500) = ""


class PreventiveCourseEndIn(InSchema):
    result: Line(15) = Field(description="goal_reached, continue or escalate")
    reason: Text
    ended_on: Day | None = Field(None, description="Default: today")


def _meeting(m) -> dict | None:
    if m is None:
        return None
    return {"id": m.pk, "starts_at": m.starts_at, "status": m.status, "outcome": m.outcome}


def _course(c: Course) -> dict:
    return {
        "id": c.pk,
        "child_id": c.child_id,
        "child_name": str(c.child),
        "measure_id": c.measure_id,
        "caseworker_id": c.caseworker_id,
        "worker_id": c.worker_id,
        "worker_name": str(c.worker),
        "origin": c.origin,
        "notification_id": c.notification_id,
        "crossteam_item_id": c.crossteam_item_id,
        "started_on": c.started_on,
        "weeks": c.weeks,
        "planned_end_on": c.planned_end_on,
        "current_week": services.week_of(c),
        "purpose": c.purpose,
        "goals": c.goals,
        "start_meeting": _meeting(c.start_meeting),
        "end_meeting": _meeting(c.end_meeting),
        "result": c.result,
        "result_reason": c.result_reason,
        "ended_at": c.ended_at,
    }


@router.get(
    "/courses/children/{child_id}",
    response={200: list[PreventiveCourseOut], **api_errors(403, 404)},
    summary="A child's § 30 courses, newest first",
)
@paginated
def course_child_list(request, child_id: int):
    _child, courses = selectors.courses_for_child(request.auth, child_id)
    return [_course(c) for c in courses]


@router.post(
    "/courses/children/{child_id}",
    response={201: PreventiveCourseOut, **api_errors(403, 404)},
    summary="Start a § 30 course (12 weeks by default) for a child",
)
def course_start(request, child_id: int, payload: PreventiveCourseStartIn):
    child, _courses = selectors.courses_for_child(request.auth, child_id)
    notification, item = selectors.origin_links(child, payload.notification_id, payload.crossteam_item_id)
    errors = {}
    if payload.notification_id and notification is None:
        errors["notification_id"] = [_("Findes ikke på barnets sag. Vælg en på barnets sag.")]
    if payload.crossteam_item_id and item is None:
        errors["crossteam_item_id"] = [_("Findes ikke på barnets sag. Vælg en på barnets sag.")]
    if errors:
        raise ValidationError(errors)
    c = services.course_start(
        actor=request.auth,
        child=child,
        worker=selectors.worker_get(request.auth, payload.worker_id),
        started_on=payload.started_on,
        weeks=payload.weeks,
        purpose=payload.purpose,
        goals=payload.goals,
        origin=payload.origin,
        notification=notification,
        crossteam_item=item,
    )
    return Status(201, _course(selectors.course_get(request.auth, c.pk)))


@router.get(
    "/courses/{course_id}",
    response={200: PreventiveCourseOut, **api_errors(403, 404)},
    summary="One § 30 course with its weeks, meetings, goals and result",
)
def course_get(request, course_id: int):
    return _course(selectors.course_get(request.auth, course_id))


@router.put(
    "/courses/{course_id}",
    response={200: PreventiveCourseOut, **api_errors(403, 404)},
    summary="Save the goals agreed with the family, the purpose and the worker",
)
def course_update(request, course_id: int, payload: PreventiveCourseUpdateIn):
    c = selectors.course_get(request.auth, course_id)
    services.course_update(
        actor=request.auth,
        course=c,
        goals=payload.goals,
        purpose=payload.purpose,
        worker=selectors.worker_get(request.auth, payload.worker_id),
    )
    return _course(selectors.course_get(request.auth, course_id))


@router.post(
    "/courses/{course_id}/meetings/{which}",
    response={201: PreventiveCourseOut, **api_errors(403, 404)},
    summary="Plan the start or end meeting (which: start, end) as a network meeting of the course",
)
def course_meeting_plan(request, course_id: int, which: str, payload: PreventiveCourseMeetingIn):
    c = selectors.course_get(request.auth, course_id)
    services.course_meeting_plan(
        actor=request.auth,
        course=c,
        which=which,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        online_link=payload.online_link,
    )
    return Status(201, _course(selectors.course_get(request.auth, course_id)))


@router.post(
    "/courses/{course_id}/end",
    response={200: PreventiveCourseOut, **api_errors(403, 404)},
    summary="End the course with a result (goal reached / continue / escalate) and its reason",
)
def course_end(request, course_id: int, payload: PreventiveCourseEndIn):
    c = selectors.course_get(request.auth, course_id)
    services.course_end(
        actor=request.auth, course=c, result=payload.result, reason=payload.reason, ended_on=payload.ended_on
    )
    return _course(selectors.course_get(request.auth, course_id))
