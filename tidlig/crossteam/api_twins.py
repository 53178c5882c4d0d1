"""API twins of the cross-disciplinary team page (issue 9): adding and removing a member. The same services
and permissions as the page: only the institution's leader; another institution's member is not found."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from tidlig.core.schemas import Code, InSchema, Int, api_errors
from tidlig.organisation.models import Staff

from . import access, services
from .models import CrossTeamMember
from .schemas import CrossteamMemberOut, member_out

router = Router(tags=["crossteam"])
ERRORS = api_errors(403, 404)


class MemberIn(InSchema):
    staff_id: Int
    profession: Code = Field(..., description="the member's profession (Profession code)")


@router.post(
    "/crossteam/institutions/{institution_id}/team/members",
    response={201: CrossteamMemberOut, **ERRORS},
    summary="Add a professional to the institution's team (the leader)",
)
def add_member(request, institution_id: int, payload: MemberIn):
    actor = request.auth
    access.require_leader(actor, institution_id)
    staff = Staff.objects.filter(pk=payload.staff_id, municipality_id=actor.municipality_id).first()
    if staff is None:
        raise ValidationError(
            {
                "staff_id": [
                    _("Findes ikke, eller du har ikke adgang. Tjek linket, eller bed din leder om adgang.")
                ]
            }
        )
    try:
        member = services.member_add(
            actor=actor, institution_id=institution_id, staff=staff, profession=payload.profession
        )
    except ValidationError as e:
        if hasattr(e, "error_dict") and "staff" in e.error_dict:
            e.error_dict["staff_id"] = e.error_dict.pop("staff")
        raise
    return Status(201, member_out(member))


@router.post(
    "/crossteam/members/{member_id}/deactivate",
    response={200: CrossteamMemberOut, **ERRORS},
    summary="Take a professional off the team (the leader; fixed members only by the administrator)",
)
def deactivate_member(request, member_id: int):
    member = CrossTeamMember.objects.filter(
        pk=member_id, institution__municipality_id=request.auth.municipality_id
    ).first()
    if member is None or member.institution_id not in access.team_institution_ids(request.auth):
        raise Http404
    return member_out(services.member_deactivate(actor=request.auth, member=member))
