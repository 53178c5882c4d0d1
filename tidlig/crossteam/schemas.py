"""Request and answer bodies for the cross-disciplinary team and early advice in the API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from tidlig.core.schemas import Bool, Code, Day, InSchema, Int, Line, Moment, Text
from tidlig.intake.schemas import Ref

from .models import CrossTeamMember, EarlyCourse, MeetingItem, TeamMeeting


class CrossteamMemberOut(Schema):
    id: int
    staff: Ref
    profession: str
    fixed: bool


class MeetingIn(InSchema):
    starts_at: Moment
    place: Line(150) = ""
    institution_id: Int | None = Field(None, description="default: the institution the caller leads")


class MeetingMinutesIn(InSchema):
    held: Bool
    minutes: Text = ""
    next_meeting_on: Day | None = None


class ItemIn(InSchema):
    kind: Code = Field(..., description="anonymous | named (named requires the parents' consent, RSL § 11 e)")
    question: Text
    anonymous_label: Line(150) = Field(
        "", description="anonymous items: a description that does not name the child"
    )
    child_id: Int | None = None
    consent_by_id: Int | None = Field(None, description="a custody guardian of the child")
    consent_on: Day | None = None
    consent_note: Line(200) = Field("", description="how the consent was given")
    parents_invited: Bool = False
    follow_up_of_id: Int | None = Field(
        None, description="RSL § 11 e, stk. 2: the earlier item this follows up"
    )
    follow_up_reason: Line(300) = ""


class ProposalIn(ItemIn):
    concern_id: Int | None = None


class ScheduleIn(InSchema):
    meeting_id: Int


class ItemMinutesIn(InSchema):
    advice: Text = ""
    agreements: Text = ""
    responsible: Line(300) = ""
    follow_up_on: Day | None = None
    parents_attended: Bool | None = None


class ConsentWithdrawIn(InSchema):
    withdrawn_on: Day | None = None


class ItemOut(Schema):
    id: int
    meeting_id: int | None
    kind: str
    label: str
    child: Ref | None = Field(
        None, description="only when the caller may see the child (consent not withdrawn)"
    )
    question: str
    raised_by: Ref
    consent_on: dt.date | None
    consent_withdrawn_on: dt.date | None
    consent_withdrawn_by_family: bool = Field(False, description="a parent withdrew the consent in Tidlig")
    parents_invited: bool
    parents_attended: bool | None
    follow_up_of_id: int | None
    follow_up_reason: str
    advice: str
    agreements: str
    responsible: str
    follow_up_on: dt.date | None


class MeetingOut(Schema):
    id: int
    institution: Ref
    starts_at: dt.datetime
    place: str
    status: str
    minutes: str
    next_meeting_on: dt.date | None


class MeetingDetailOut(MeetingOut):
    items: list[ItemOut]


class CriterionOut(Schema):
    id: int
    title: str
    description: str


class CourseIn(InSchema):
    child_id: Int
    purpose: Text
    started_on: Day
    planned_end_on: Day
    criteria_ids: list[Int] = Field(..., description="at least one of the municipality's criteria")
    meeting_item_id: Int | None = None


class CourseEndIn(InSchema):
    ended_on: Day
    outcome: Code = Field(..., description="completed | notification | measure | other")
    notes: Text = ""


class CourseOut(Schema):
    id: int
    child: Ref
    purpose: str
    started_on: dt.date
    planned_end_on: dt.date
    ended_on: dt.date | None
    outcome: str
    criteria: list[int]
    meeting_item_id: int | None


class CrossteamCountOut(Schema):
    criterion: str
    courses: int | None = Field(..., description="None: fewer than 5 (suppressed)")
    notifications: int | None = Field(..., description="None: fewer than 5 did, or fewer than 5 did not")
    measures: int | None = Field(..., description="None: fewer than 5 did, or fewer than 5 did not")
    hidden: dict[Literal["courses", "notifications", "measures"], Literal["small", "complementary"]] = Field(
        default_factory=dict,
        description='Why a null count is hidden: "small" (fewer than 5) or "complementary" (at least 5, '
        "hidden because fewer than 5 of the courses are not counted in it).",
    )


def _ref(obj) -> dict:
    return {"id": obj.pk, "name": str(obj)}


def member_out(m: CrossTeamMember) -> dict:
    return {"id": m.pk, "staff": _ref(m.staff), "profession": m.profession, "fixed": m.fixed}


def item_out(i: MeetingItem) -> dict:
    """`i` has been through `selectors.present` (label, child_shown)."""
    return {
        "id": i.pk,
        "meeting_id": i.meeting_id,
        "kind": i.kind,
        "label": str(i.label),
        "child": {"id": i.child_id, "name": i.child.display_name} if i.child_shown else None,
        "question": i.question,
        "raised_by": _ref(i.raised_by),
        "consent_on": i.consent_on if i.child_shown else None,
        "consent_withdrawn_on": i.consent_withdrawn_on,
        "consent_withdrawn_by_family": i.consent_withdrawn_by_id is not None,
        "parents_invited": i.parents_invited,
        "parents_attended": i.parents_attended,
        "follow_up_of_id": i.follow_up_of_id,
        "follow_up_reason": i.follow_up_reason,
        "advice": i.advice,
        "agreements": i.agreements,
        "responsible": i.responsible,
        "follow_up_on": i.follow_up_on,
    }


def meeting_out(m: TeamMeeting) -> dict:
    out = {
        "id": m.pk,
        "institution": _ref(m.institution),
        "starts_at": m.starts_at,
        "place": m.place,
        "status": m.status,
        "minutes": m.minutes,
        "next_meeting_on": m.next_meeting_on,
    }
    if hasattr(m, "agenda"):
        out["items"] = [item_out(i) for i in m.agenda]
    return out


def course_out(c: EarlyCourse) -> dict:
    return {
        "id": c.pk,
        "child": {"id": c.child_id, "name": c.child.display_name},
        "purpose": c.purpose,
        "started_on": c.started_on,
        "planned_end_on": c.planned_end_on,
        "ended_on": c.ended_on,
        "outcome": c.outcome,
        "criteria": sorted(k.pk for k in c.criteria.all()),
        "meeting_item_id": c.meeting_item_id,
    }
