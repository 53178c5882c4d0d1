"""The institution leader's setup through the API: periods and groups of her own institution.

The same services and permissions as the setup pages: only the leader of the institution; another
institution's period, group or child is not found (404).
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Day, InSchema, Int, Line, api_errors

from . import setup
from . import setup_selectors as sel
from .api import period_out
from .models import Group, GroupMember
from .schemas import PeriodOut

router = Router(tags=["wellbeing setup"])
ERRORS = api_errors(403, 404)


class PeriodIn(InSchema):
    title: Line(100)
    opens_on: Day
    closes_on: Day = Field(..., description="at most 3 months after opens_on; no overlap with another period")


class GroupIn(InSchema):
    name: Line(100)


class EducatorsIn(InSchema):
    educator_ids: list[Int] = Field(
        ..., description="staff ids of educators at the institution (replaces the list)"
    )


class GroupChildIn(InSchema):
    child_id: Int


class EducatorOut(Schema):
    id: int
    name: str


class SetupGroupOut(Schema):
    id: int
    name: str
    active: bool
    educators: list[EducatorOut]
    children: int = Field(..., description="number of children in the group now")


class GroupMemberOut(Schema):
    group_id: int
    child_id: int
    joined_on: dt.date
    left_on: dt.date | None


def group_out(g: Group) -> SetupGroupOut:
    children = getattr(g, "children", None)
    if children is None:
        children = GroupMember.objects.filter(group=g, left_on__isnull=True).count()
    return SetupGroupOut(
        id=g.pk,
        name=g.name,
        active=g.active,
        educators=[EducatorOut(id=s.pk, name=s.get_full_name()) for s in g.educators.all()],
        children=children,
    )


def member_out(m: GroupMember) -> GroupMemberOut:
    return GroupMemberOut(group_id=m.group_id, child_id=m.child_id, joined_on=m.joined_on, left_on=m.left_on)


def _child(group: Group, child_id: int):
    child = sel.children_at(group.institution).filter(pk=child_id).first()
    if child is None:
        raise Http404
    return child


@router.get(
    "/wellbeing/setup/periods",
    response={200: list[PeriodOut], **ERRORS},
    summary="My institution's rating periods (institution leader)",
)
@paginated
def list_periods(request):
    return [period_out(p) for p in sel.periods_of(sel.led_institution(request.auth))]


@router.post(
    "/wellbeing/setup/periods",
    response={201: PeriodOut, **ERRORS},
    summary="Create a rating period at my institution",
)
def create_period(request, payload: PeriodIn):
    institution = sel.led_institution(request.auth)
    p = setup.period_create(actor=request.auth, institution=institution, **payload.dict())
    return Status(201, period_out(p))


@router.put(
    "/wellbeing/setup/periods/{period_id}",
    response={200: PeriodOut, **ERRORS},
    summary="Change a period's name or dates (existing ratings must stay inside it)",
)
def update_period(request, period_id: int, payload: PeriodIn):
    period = sel.period_for_leader(request.auth, period_id)
    return period_out(setup.period_update(actor=request.auth, period=period, **payload.dict()))


@router.get(
    "/wellbeing/setup/groups",
    response={200: list[SetupGroupOut], **ERRORS},
    summary="My institution's groups in use, with educators and number of children",
)
@paginated
def list_groups(request):
    return [group_out(g) for g in sel.groups_of(sel.led_institution(request.auth))]


@router.post("/wellbeing/setup/groups", response={201: SetupGroupOut, **ERRORS}, summary="Create a group")
def create_group(request, payload: GroupIn):
    institution = sel.led_institution(request.auth)
    return Status(
        201, group_out(setup.group_create(actor=request.auth, institution=institution, name=payload.name))
    )


@router.put(
    "/wellbeing/setup/groups/{group_id}/educators",
    response={200: SetupGroupOut, **ERRORS},
    summary="Set the group's educators (only educators at the institution)",
)
def set_educators(request, group_id: int, payload: EducatorsIn):
    group = sel.group_for_leader(request.auth, group_id)
    return group_out(
        setup.group_set_educators(actor=request.auth, group=group, educator_ids=payload.educator_ids)
    )


@router.post(
    "/wellbeing/setup/groups/{group_id}/children",
    response={201: GroupMemberOut, **ERRORS},
    summary="Put a child of the institution in the group (a current membership in another group ends today)",
)
def add_child(request, group_id: int, payload: GroupChildIn):
    group = sel.group_for_leader(request.auth, group_id)
    child = _child(group, payload.child_id)
    m = setup.group_add_child(actor=request.auth, group=group, child=child, today=timezone.localdate())
    return Status(201, member_out(m))


@router.delete(
    "/wellbeing/setup/groups/{group_id}/children/{child_id}",
    response={200: GroupMemberOut, **ERRORS},
    summary="The child leaves the group today; its ratings stay",
)
def remove_child(request, group_id: int, child_id: int):
    group = sel.group_for_leader(request.auth, group_id)
    child = sel.members_of(group).filter(pk=child_id).first()
    if child is None:
        raise Http404
    return member_out(
        setup.group_remove_child(actor=request.auth, group=group, child=child, today=timezone.localdate())
    )
