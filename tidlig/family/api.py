"""The family's pages through the API (/api/v1/family/…), authenticated by the citizen's session only.

A staff session or bearer token is no citizen: these routes answer 401 to them. The same selectors as the
pages, so the same access rule and the same audit rows.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from ninja import Router, Schema
from ninja.security import APIKeyCookie
from pydantic import Field

from tidlig.core.schemas import api_errors

from . import citizen as citizens
from . import selectors
from .access import ChildAccess


class CitizenSession(APIKeyCookie):
    """The signed-in citizen's session cookie (citizen.py); CSRF is checked on writes, as for staff."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        citizen = citizens.current(request)
        if citizen is not None:
            request.citizen = citizen
        return citizen


router = Router(tags=["family"], auth=CitizenSession())


class FamilyCaseworkerOut(Schema):
    name: str
    job_title: str
    phone: str
    email: str


class FamilyChildOut(Schema):
    id: int
    name: str
    birth_date: dt.date | None
    standing: str = Field(
        description="custody (a parent with custody: the case), young (the young person's own case, from 15) or "
        "orientation (a parent without custody: forældreansvarsloven § 23, the institution's records only)"
    )
    sees_case: bool


class FamilyChildDetailOut(FamilyChildOut):
    caseworker: FamilyCaseworkerOut | None


def _child_out(a: ChildAccess) -> dict:
    return {
        "id": a.child.pk,
        "name": a.child.display_name,
        "birth_date": a.child.birth_date,
        "standing": a.standing,
        "sees_case": a.sees_case,
    }


@router.get("/family/children", response={200: list[FamilyChildOut], **api_errors()})
def family_children(request):
    """The children the signed-in citizen may see ("Mine børn")."""
    return [_child_out(a) for a in selectors.home_page(request.citizen).children]


@router.get("/family/children/{child_id}", response={200: FamilyChildDetailOut, **api_errors(404)})
def family_child(request, child_id: int):
    """One child: what the family's child page shows (404 for any child the citizen may not see)."""
    page = selectors.child_page(request.citizen, child_id)
    caseworker = page.caseworker.__dict__ if page.caseworker else None
    return {**_child_out(page.access), "caseworker": caseworker}
