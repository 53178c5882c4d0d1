"""API twins of wellbeing pages that had none (issue 9): the joint ratings where both agreed, a group's name
and educators together, and taking a group out of use. The same services and permissions as the pages."""

from __future__ import annotations

from django.utils import timezone
from ninja import Field, Router

from tidlig.core.schemas import InSchema, Int, Line, api_errors

from . import selectors, services, setup
from . import setup_selectors as sel
from .api_setup import SetupGroupOut, group_out
from .schemas import RatingCountOut

router = Router(tags=["wellbeing"])
ERRORS = api_errors(403, 404)


@router.post(
    "/wellbeing/groups/{group_id}/periods/{period_id}/joint-agreed",
    response={200: RatingCountOut, **ERRORS},
    summary="Store the joint rating for every child where the two independent ratings agree",
)
def joint_agreed(request, group_id: int, period_id: int):
    group, period, _ = selectors.sheet_parts(request.auth, group_id, period_id)
    return RatingCountOut(count=services.joint_confirm_agreed(actor=request.auth, group=group, period=period))


class GroupUpdateIn(InSchema):
    name: Line(100)
    educator_ids: list[Int] = Field(..., description="staff ids of educators at the institution (replaces)")


@router.put(
    "/wellbeing/setup/groups/{group_id}",
    response={200: SetupGroupOut, **ERRORS},
    tags=["wellbeing setup"],
    summary="Rename a group and set its educators together, as the group page does",
)
def update_group(request, group_id: int, payload: GroupUpdateIn):
    group = sel.group_for_leader(request.auth, group_id)
    return group_out(
        setup.group_update(
            actor=request.auth, group=group, name=payload.name, educator_ids=payload.educator_ids
        )
    )


@router.post(
    "/wellbeing/setup/groups/{group_id}/deactivate",
    response={200: SetupGroupOut, **ERRORS},
    tags=["wellbeing setup"],
    summary="Take a group out of use: its children leave it today; their ratings stay",
)
def deactivate_group(request, group_id: int):
    group = sel.group_for_leader(request.auth, group_id)
    return group_out(setup.group_deactivate(actor=request.auth, group=group, today=timezone.localdate()))
