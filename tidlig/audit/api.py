"""The access log through the API: the same selectors and permissions as the pages (CSV: the pages).

A child is named by CPR or id in the query; the audit rows keep the path only, never the query string.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from pydantic import Field

from tidlig.core.schemas import api_errors
from tidlig.people.models import Child

from . import selectors
from .models import AuditEntry
from .schemas import EntryPageOut

router = Router(tags=["audit"])
ERRORS = api_errors(403, 404)
MAX_LIMIT = 500
NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot compare a text with NUL in it: refuse with 422, not 500


class PageIn(Schema):
    since: dt.date | None = Field(None, description="First day, inclusive (Copenhagen time)")
    until: dt.date | None = Field(None, description="Last day, inclusive (Copenhagen time)")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10**9)


class ChildQuery(PageIn):
    cpr: str = Field(
        "", max_length=11, pattern=NO_NUL, description="The child's CPR number, or give child_id"
    )
    child_id: int | None = Field(None, ge=1, le=2**53)


class StaffQuery(PageIn):
    username: str = Field(
        "", max_length=150, pattern=NO_NUL, description="The staff member's username, or give staff_id"
    )
    staff_id: int | None = Field(None, ge=1, le=2**53)


def _entry(e: AuditEntry, children: dict[int, Child] | None) -> dict:
    child = None
    if e.child_id:
        c = children.get(e.child_id) if children else None
        child = {"id": e.child_id, "name": c.display_name if c else None, "cpr": c.cpr_display if c else None}
    actor = e.actor
    return {
        "id": e.pk,
        "at": e.at,
        "action": e.action,
        "view": str((e.data or {}).get("view", "")),
        "route": e.route,
        "method": e.method,
        "path": e.path,
        "ip": e.ip,
        "user_agent": e.user_agent,
        "actor": (
            {"id": actor.pk, "username": actor.username, "name": actor.get_full_name(), "role": actor.role}
            if actor
            else None
        ),
        "citizen": e.citizen,
        "child": child,
    }


def _page(qs, q: PageIn, children_for=None) -> dict:
    rows = list(qs[q.offset : q.offset + q.limit])
    children = children_for(rows) if children_for else None
    return {
        "count": qs.count(),
        "limit": q.limit,
        "offset": q.offset,
        "items": [_entry(e, children) for e in rows],
    }


def _period(q: PageIn) -> selectors.Period:
    return selectors.clean_period(q.since, q.until)


def _period_and(q, find):
    """The period and the child or person searched for, with every fault of both in one 422."""
    errors: dict[str, list[str]] = {}
    period = found = None
    try:
        period = _period(q)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        found = find()
    except ValidationError as exc:
        errors.update(exc.message_dict if hasattr(exc, "error_dict") else {"cpr": exc.messages})
    if errors:
        raise ValidationError(errors)
    return period, found


@router.get("/audit/child-entries", response={200: EntryPageOut, **ERRORS}, summary="Access log of a child")
def child_entries(request, q: Query[ChildQuery]):
    """Who read or changed this child's data (quality role). The search is itself logged as a read."""
    actor = request.auth
    selectors.require_log_reader(actor)
    period, child = _period_and(q, lambda: selectors.child_to_search(actor, cpr=q.cpr, child_id=q.child_id))
    qs = selectors.entries_about_child(actor, child, period)
    return _page(qs, q, lambda rows: {child.pk: child})


@router.get(
    "/audit/staff-entries", response={200: EntryPageOut, **ERRORS}, summary="Access log of a staff member"
)
def staff_entries(request, q: Query[StaffQuery]):
    """What this staff member read and did (quality role). The children on the page are logged as read."""
    actor = request.auth
    selectors.require_log_reader(actor)
    period, person = _period_and(
        q, lambda: selectors.staff_to_search(actor, username=q.username, staff_id=q.staff_id)
    )
    qs = selectors.entries_by_staff(actor, person, period)
    return _page(qs, q, lambda rows: selectors.children_named(actor, rows))


@router.get(
    "/audit/my-reads", response={200: EntryPageOut, **ERRORS}, summary="My own reads of children's data"
)
def my_reads(request, q: Query[PageIn]):
    """What the signed-in user was shown of children's data, and when ("Min adgangslog")."""
    return _page(selectors.my_reads(request.auth, _period(q)), q)
