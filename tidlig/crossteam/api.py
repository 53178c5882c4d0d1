"""crossteam through the API: the same services and permissions as the UI.

Meetings and items are for the institution leader and the team's active members; an educator sees only
the items they raised; early courses are the social worker's own. A refused object is a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from tidlig.concerns.models import Concern
from tidlig.core.api import api_fields
from tidlig.core.pagination import paginated
from tidlig.core.schemas import api_errors
from tidlig.organisation.models import Staff
from tidlig.people.models import Person
from tidlig.wellbeing import access as wellbeing_access

from . import access, early, selectors, services
from .models import MeetingItem
from .schemas import (
    ConsentWithdrawIn,
    CourseEndIn,
    CourseIn,
    CourseOut,
    CriterionOut,
    CrossteamCountOut,
    CrossteamMemberOut,
    ItemIn,
    ItemMinutesIn,
    ItemOut,
    MeetingDetailOut,
    MeetingIn,
    MeetingMinutesIn,
    MeetingOut,
    ProposalIn,
    ScheduleIn,
    course_out,
    item_out,
    meeting_out,
    member_out,
)

router = Router(tags=["crossteam"])
ERRORS = api_errors(403, 404)
ITEM_FIELDS = {
    "child": "child_id",
    "consent_by": "consent_by_id",
    "follow_up_of": "follow_up_of_id",
    "concern": "concern_id",
    "meeting": "meeting_id",
}


def _unknown(field: str) -> ValidationError:
    return ValidationError(
        {field: [_("Findes ikke, eller du har ikke adgang. Tjek linket, eller bed din leder om adgang.")]}
    )


def _item_fields(actor: Staff, payload: ItemIn, children) -> dict:
    """Resolve the ids of an item to objects the caller may use (422 naming the field otherwise)."""
    fields = payload.dict(exclude={"child_id", "consent_by_id", "follow_up_of_id", "concern_id"})
    fields["child"] = fields["consent_by"] = fields["follow_up_of"] = None
    if payload.child_id is not None:
        fields["child"] = children.filter(pk=payload.child_id).first()
        if fields["child"] is None:
            raise _unknown("child_id")
    if payload.consent_by_id is not None:
        fields["consent_by"] = Person.objects.filter(
            pk=payload.consent_by_id, municipality_id=actor.municipality_id
        ).first()
        if fields["consent_by"] is None:
            raise _unknown("consent_by_id")
    if payload.follow_up_of_id is not None:
        fields["follow_up_of"] = (
            access.items_visible_to(actor)
            .select_related("meeting")
            .filter(pk=payload.follow_up_of_id)
            .first()
        )
        if fields["follow_up_of"] is None:
            raise _unknown("follow_up_of_id")
    return fields


def _item_out(actor: Staff, item: MeetingItem) -> dict:
    return item_out(selectors.item_for(actor, item.pk, what="api_crossteam_item"))


# --- the team and meetings --------------------------------------------------------------------------------


@router.get(
    "/crossteam/institutions/{institution_id}/team",
    response={200: list[CrossteamMemberOut], **ERRORS},
    summary="The institution's cross-disciplinary team (active members)",
)
@paginated
def list_team(request, institution_id: int):
    return [member_out(m) for m in selectors.team_of(request.auth, institution_id)]


@router.get(
    "/crossteam/meetings",
    response={200: list[MeetingOut], **ERRORS},
    summary="Meetings at the institutions the caller leads or sits on the team of",
)
@paginated
def list_meetings(request, upcoming: bool = False):
    actor = request.auth
    if not access.team_institution_ids(actor):
        raise PermissionDenied(
            _(
                "Du er ikke med i et tværfagligt team og leder ikke en institution. Bed din leder om at sætte dig på et team."
            )
        )
    qs = selectors.upcoming_meetings(actor) if upcoming else access.meetings_visible_to(actor)
    return [meeting_out(m) for m in qs.select_related("institution")[:200]]


@router.post(
    "/crossteam/meetings", response={201: MeetingOut, **ERRORS}, summary="Call a meeting (the leader)"
)
def create_meeting(request, payload: MeetingIn):
    actor = request.auth
    led = access.led_institution_ids(actor)
    institution_id = payload.institution_id or (min(led) if led else None)
    meeting = services.meeting_create(
        actor=actor, institution_id=institution_id, starts_at=payload.starts_at, place=payload.place
    )
    return Status(201, meeting_out(selectors.meeting_for(actor, meeting.pk)))


@router.get(
    "/crossteam/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **ERRORS},
    summary="A meeting with its agenda; a named child only where the caller may see it (logged)",
)
def get_meeting(request, meeting_id: int):
    return meeting_out(selectors.meeting_for(request.auth, meeting_id))


@router.put(
    "/crossteam/meetings/{meeting_id}/minutes",
    response={200: MeetingDetailOut, **ERRORS},
    summary="The meeting's general minutes, whether it was held, and the next meeting's date",
)
def record_meeting_minutes(request, meeting_id: int, payload: MeetingMinutesIn):
    actor = request.auth
    meeting = selectors.meeting_for(actor, meeting_id)
    services.meeting_record_minutes(actor=actor, meeting=meeting, **payload.dict())
    return meeting_out(selectors.meeting_for(actor, meeting_id))


@router.post(
    "/crossteam/meetings/{meeting_id}/items",
    response={201: ItemOut, **ERRORS},
    summary="Put an item on the agenda (the leader); a named item needs the parents' consent (RSL § 11 e)",
)
def add_item(request, meeting_id: int, payload: ItemIn):
    actor = request.auth
    meeting = selectors.meeting_for(actor, meeting_id)
    access.require_leader(actor, meeting.institution_id)
    children = selectors.meeting_children(actor, meeting)
    with api_fields(**ITEM_FIELDS):
        item = services.item_add(actor=actor, meeting=meeting, **_item_fields(actor, payload, children))
    return Status(201, _item_out(actor, item))


@router.post(
    "/crossteam/items",
    response={201: ItemOut, **ERRORS},
    summary="Propose an item for the team (an educator, about a child in their groups, or from a concern)",
)
def propose_item(request, payload: ProposalIn):
    actor = request.auth
    children = wellbeing_access.children_visible_to(actor, today=timezone.localdate())
    concern = None
    if payload.concern_id is not None:
        concern = Concern.objects.filter(pk=payload.concern_id, municipality_id=actor.municipality_id).first()
        if concern is None:
            raise _unknown("concern_id")
    with api_fields(**ITEM_FIELDS):
        item = services.item_propose(actor=actor, concern=concern, **_item_fields(actor, payload, children))
    return Status(201, _item_out(actor, item))


@router.get("/crossteam/items/{item_id}", response={200: ItemOut, **ERRORS}, summary="An agenda item")
def get_item(request, item_id: int):
    return item_out(selectors.item_for(request.auth, item_id, what="api_crossteam_item"))


@router.post(
    "/crossteam/items/{item_id}/schedule",
    response={200: ItemOut, **ERRORS},
    summary="Put a proposal on a planned meeting (the leader)",
)
def schedule_item(request, item_id: int, payload: ScheduleIn):
    actor = request.auth
    item = selectors.item_for(actor, item_id)
    meeting = access.meetings_visible_to(actor).filter(pk=payload.meeting_id).first()
    if meeting is None:
        raise _unknown("meeting_id")
    with api_fields(**ITEM_FIELDS):
        services.item_schedule(actor=actor, item=item, meeting=meeting)
    return _item_out(actor, item)


@router.put(
    "/crossteam/items/{item_id}/minutes",
    response={200: ItemOut, **ERRORS},
    summary="Minutes of an item: the team's advice, agreements, who does what, follow-up date",
)
def record_item_minutes(request, item_id: int, payload: ItemMinutesIn):
    actor = request.auth
    item = selectors.item_for(actor, item_id)
    services.item_record_minutes(actor=actor, item=item, **payload.dict())
    return _item_out(actor, item)


@router.post(
    "/crossteam/items/{item_id}/consent-withdrawal",
    response={200: ItemOut, **ERRORS},
    summary="The parents withdrew their consent: team members no longer see the child's name",
)
def withdraw_consent(request, item_id: int, payload: ConsentWithdrawIn):
    actor = request.auth
    item = selectors.item_for(actor, item_id)
    with api_fields(withdrawn_on="withdrawn_on"):
        services.item_withdraw_consent(actor=actor, item=item, withdrawn_on=payload.withdrawn_on)
    return _item_out(actor, item)


# --- early advice without a case (BL §§ 29–30) ------------------------------------------------------------


@router.get(
    "/crossteam/criteria",
    response={200: list[CriterionOut], **ERRORS},
    summary="The municipality's criteria for early advice without a case",
)
@paginated
def list_criteria(request):
    actor = request.auth
    if early.counts_scope(actor) is None:
        raise PermissionDenied(
            _(
                "Kun teamets socialrådgiver og institutionens leder kan se kriterierne. Bed en af dem om at vise dig dem."
            )
        )
    return [{"id": c.pk, "title": c.title, "description": c.description} for c in early.criteria_for(actor)]


@router.get(
    "/crossteam/early-courses",
    response={200: list[CourseOut], **ERRORS},
    summary="The social worker's own early courses (nothing of any later notification or case)",
)
@paginated
def list_courses(request):
    actor = request.auth
    access.require_social_worker(actor)
    return [course_out(c) for c in early.my_courses(actor)]


@router.get(
    "/crossteam/early-courses/counts",
    response={200: list[CrossteamCountOut], **ERRORS},
    summary="Courses and escalations by criterion, counts under 5 suppressed (leader: the institution's)",
)
@paginated
def course_counts(request):
    scope = early.counts_scope(request.auth)
    if scope is None:
        raise PermissionDenied(
            _(
                "Kun teamets socialrådgiver og institutionens leder kan se tallene. Bed en af dem om at vise dig dem."
            )
        )
    return [vars(r) for r in early.counts_by_criterion(scope)]


@router.post(
    "/crossteam/early-courses",
    response={201: CourseOut, **ERRORS},
    summary="Start a short course of advice with a family before any notification (the team's social worker)",
)
def start_course(request, payload: CourseIn):
    actor = request.auth
    # The service checks that the actor is the team's social worker, then looks the ids up.
    with api_fields(child="child_id", criteria="criteria_ids", meeting_item="meeting_item_id"):
        course = early.course_start(
            actor=actor,
            child=payload.child_id,
            purpose=payload.purpose,
            started_on=payload.started_on,
            planned_end_on=payload.planned_end_on,
            criteria=list(payload.criteria_ids),
            meeting_item=payload.meeting_item_id,
        )
    return Status(201, course_out(early.course_for(actor, course.pk)))


@router.post(
    "/crossteam/early-courses/{course_id}/end",
    response={200: CourseOut, **ERRORS},
    summary="End a course with its outcome",
)
def end_course(request, course_id: int, payload: CourseEndIn):
    actor = request.auth
    course = early.course_for(actor, course_id)
    early.course_end(actor=actor, course=course, **payload.dict())
    return course_out(early.course_for(actor, course_id))
