from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Cpr, InSchema, Int, Line, api_errors
from tidlig.organisation.models import Institution

from . import selectors, services
from .schemas import ChildBriefOut, ChildOut

router = Router(tags=["children"])
ERRORS = api_errors(403, 404)


class ChildCreateIn(InSchema):
    cpr: Cpr
    first_name: Line(100)
    last_name: Line(100)
    institution_id: Int | None = Field(None, description="the child's daycare or school")
    address: Line(200) = ""


def child_out(actor, child) -> ChildOut | ChildBriefOut:
    schema = ChildOut if selectors.sees_case_handling(actor) else ChildBriefOut
    return schema.model_validate(child)


@router.post("/children", response={201: ChildOut, **ERRORS}, summary="Register a child (reception)")
def create_child(request, payload: ChildCreateIn):
    institution = None
    if payload.institution_id is not None:
        institution = Institution.objects.filter(
            pk=payload.institution_id, municipality_id=request.auth.municipality_id
        ).first()
        if institution is None:
            raise ValidationError(
                {"institution_id": [_("Institutionen findes ikke i kommunen. Tjek institutionens id.")]}
            )
    child = services.child_register(
        actor=request.auth,
        cpr=payload.cpr,
        first_name=payload.first_name,
        last_name=payload.last_name,
        institution=institution,
        address=payload.address,
    )
    return Status(201, child)


@router.get(
    "/children",
    response={200: list[ChildOut | ChildBriefOut], **ERRORS},
    summary="Find a child by CPR (caseworker_id only for reception and case handlers)",
)
@paginated
def find_children(request, cpr: str):
    try:
        child = selectors.child_by_cpr(request.auth, cpr)
    except ValidationError as e:
        raise ValidationError({"cpr": e.messages}) from None
    return [child_out(request.auth, child)] if child else []


class ChildSearchOut(Schema):
    results: list[ChildOut | ChildBriefOut]
    more: bool = Field(..., description="more children match; ask again with offset = offset + limit")
    limit: int
    offset: int


@router.get(
    "/children/search",
    response={200: ChildSearchOut, **ERRORS},
    summary="Search children by CPR number, birth date (ddmmyy) or name, within what the caller may see",
    description="Need to know: reception finds every child of the municipality, a caseworker or team leader "
    "the children of their cases, an educator the children of her institution. Every child returned is "
    "logged as read. `q`: 10 CPR digits, the first 6 (birth date) or at least 2 letters of a name.",
)
def search_children(
    request,
    q: Line(100),
    limit: Annotated[int, Field(ge=1, le=selectors.SEARCH_LIMIT_MAX)] = selectors.SEARCH_LIMIT,
    offset: Annotated[int, Field(ge=0, le=10_000)] = 0,
):
    try:
        result = selectors.children_search(request.auth, q, limit=limit, offset=offset)
    except ValidationError as e:
        raise ValidationError({"q": e.messages}) from None
    return {
        "results": [child_out(request.auth, c) for c in result.children],
        "more": result.more,
        "limit": limit,
        "offset": offset,
    }


@router.get("/children/{child_id}", response={200: ChildOut | ChildBriefOut, **ERRORS})
def get_child(request, child_id: int):
    return child_out(request.auth, selectors.child_for(request.auth, child_id))
