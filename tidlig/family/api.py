"""The family's pages through the API (/api/v1/family/…), authenticated by the citizen's session only.

A staff session or bearer token is no citizen: these routes answer 401 to them. The same selectors as the
pages, so the same access rule and the same audit rows.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from ninja import Router, Schema
from ninja.security import APIKeyCookie
from pydantic import Field

from tidlig.core.pagination import paginated
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


class FamilyGoalOut(Schema):
    text: str
    owner: str
    status: str = Field(description="open, achieved or dropped")


class FamilyPlanOut(Schema):
    kind: str = Field(description="child (§ 91), youth (§ 108), holistic (§ 110) or parent (§ 77)")
    name: str
    recorded_on: dt.date
    summary: str
    goals: list[FamilyGoalOut]


class FamilyAgreementOut(Schema):
    text: str
    owner: str
    due_on: dt.date
    status: str


class FamilyMeetingOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_link: str
    status: str = Field(description="planned or held")
    ics_url: str = Field(description="The meeting as iCalendar, for the family's own calendar")
    agreements: list[FamilyAgreementOut]


class FamilyDecisionOut(Schema):
    id: int
    name: str = Field(description="The measure's plain name, as the letter names it")
    decided_on: dt.date
    html_url: str
    pdf_url: str


class FamilyLetterOut(Schema):
    id: int
    subject: str
    queued_at: dt.datetime
    status: str
    html_url: str
    pdf_url: str


class FamilyCourseOut(Schema):
    started_on: dt.date
    weeks: int
    week: int = Field(description="The week of the course today (0 before it starts)")
    ends_on: dt.date
    open: bool
    goals: str


class FamilyChildDetailOut(FamilyChildOut):
    caseworker: FamilyCaseworkerOut | None
    plans: list[FamilyPlanOut]
    next_meetings: list[FamilyMeetingOut]
    held_meetings: list[FamilyMeetingOut]
    decisions: list[FamilyDecisionOut]
    letters: list[FamilyLetterOut]
    courses: list[FamilyCourseOut]
    records_url: str | None = Field(
        description="What the daycare and school recorded (HTML; add .pdf for the PDF), when there is anything"
    )


def _child_out(a: ChildAccess) -> dict:
    return {
        "id": a.child.pk,
        "name": a.child.display_name,
        "birth_date": a.child.birth_date,
        "standing": a.standing,
        "sees_case": a.sees_case,
    }


@router.get("/family/children", response={200: list[FamilyChildOut], **api_errors()})
@paginated
def family_children(request):
    """The children the signed-in citizen may see ("Mine børn")."""
    return [_child_out(a) for a in selectors.home_page(request.citizen).children]


@router.get("/family/children/{child_id}", response={200: FamilyChildDetailOut, **api_errors(404)})
def family_child(request, child_id: int):
    """One child: what the family's child page shows (404 for any child the citizen may not see)."""
    page = selectors.child_page(request.citizen, child_id)
    cid = page.access.child.pk

    def meeting(v) -> dict:
        m = v.meeting
        return {
            "id": m.pk,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "place": m.place,
            "online_link": m.online_link,
            "status": m.status,
            "ics_url": reverse("family:meeting_ics", args=[cid, m.pk]),
            "agreements": [
                {"text": a.text, "owner": a.owner, "due_on": a.due_on, "status": a.status}
                for a in v.agreements
            ],
        }

    return {
        **_child_out(page.access),
        "caseworker": page.caseworker.__dict__ if page.caseworker else None,
        "plans": [
            {
                "kind": p.plan.kind,
                "name": p.name,
                "recorded_on": p.plan.recorded_on,
                "summary": p.plan.summary,
                "goals": [{"text": g.text, "owner": g.owner, "status": g.status} for g in p.goals],
            }
            for p in page.plans
        ],
        "next_meetings": [meeting(v) for v in page.next_meetings],
        "held_meetings": [meeting(v) for v in page.held_meetings],
        "decisions": [
            {
                "id": d.decision.pk,
                "name": d.name,
                "decided_on": d.decision.decided_on,
                "html_url": reverse("family:decision", args=[cid, d.decision.pk]),
                "pdf_url": reverse("family:decision_pdf", args=[cid, d.decision.pk]),
            }
            for d in page.decisions
        ],
        "letters": [
            {
                "id": letter.pk,
                "subject": letter.subject,
                "queued_at": letter.queued_at,
                "status": letter.status,
                "html_url": reverse("family:letter", args=[cid, letter.pk]),
                "pdf_url": reverse("family:letter_pdf", args=[cid, letter.pk]),
            }
            for letter in page.letters
        ],
        "courses": [
            {
                "started_on": c.course.started_on,
                "weeks": c.course.weeks,
                "week": c.week,
                "ends_on": c.ends_on,
                "open": c.course.is_open,
                "goals": c.course.goals,
            }
            for c in page.courses
        ],
        "records_url": reverse("family:records", args=[cid]) if page.has_records else None,
    }
