"""Request and answer bodies for case handling in the API: afdækning, undersøgelse, børnesamtale, notes, the case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Schema

from tidlig.core.schemas import Bool, Code, Day, InSchema, Int, Line, ObligationOut, Text
from tidlig.intake.schemas import Ref
from tidlig.interventions.schemas import DecisionOut, MeasureOut
from tidlig.plans.schemas import PlanOut
from tidlig.rules.casework import investigation_due

from .models import ICS_AREAS, Assessment, Case, CaseAccess, ChildConversation, Investigation, JournalNote


def local(moment):
    """Times in answers are in Copenhagen time with their offset, as people read them."""
    return timezone.localtime(moment) if moment else None


def staff_ref(staff) -> dict | None:
    return {"id": staff.pk, "name": str(staff)} if staff is not None else None


# --- afdækning (§ 19) --------------------------------------------------------------------------------------


class AssessmentIn(InSchema):
    matters: Text = Field(..., description="the matters to be assessed (BL § 19)")
    professionals: Text = Field("", description="the professionals who know the child and take part")
    started_on: Day | None = Field(None, description="default today")
    notification_id: Int | None = Field(None, description="the notification that led to it, if any")


class ConclusionIn(InSchema):
    conclusion: Text
    concluded_on: Day | None = Field(None, description="default today")


class AssessmentOut(Schema):
    id: int
    child_id: int
    notification_id: int | None
    started_on: dt.date
    started_by: Ref
    matters: str
    professionals: str
    concluded_on: dt.date | None
    conclusion: str


def assessment_out(a: Assessment) -> dict:
    return {
        "id": a.pk,
        "child_id": a.child_id,
        "notification_id": a.notification_id,
        "started_on": a.started_on,
        "started_by": staff_ref(a.started_by),
        "matters": a.matters,
        "professionals": a.professionals,
        "concluded_on": a.concluded_on,
        "conclusion": a.conclusion,
    }


# --- børnefaglig undersøgelse (§§ 20-22) -----------------------------------------------------------------


class InvestigationIn(InSchema):
    aware_on: Day = Field(..., description="when the municipality became aware of the need (§ 20, stk. 3)")
    notification_id: Int | None = None


class AreaIn(InSchema):
    challenges: Text | None = Field(None, description="omit to keep what is there")
    resources: Text | None = Field(None, description="omit to keep what is there")


class AreasIn(InSchema):
    areas: dict[str, AreaIn] = Field(
        ..., description="by ICS area: " + ", ".join(code for code, _label in ICS_AREAS)
    )


class PreliminaryIn(InSchema):
    text: Text = Field(..., description="the foreløbig vurdering when 4 months cannot be kept (§ 20, stk. 3)")


class AreaOut(Schema):
    label: str
    challenges: str
    resources: str


class InvestigationOut(Schema):
    id: int
    child_id: int
    notification_id: int | None
    aware_on: dt.date
    due_on: dt.date = Field(..., description="4 months after aware_on (§ 20, stk. 3)")
    started_by: Ref
    areas: dict[str, AreaOut]
    preliminary_on: dt.date | None
    preliminary_text: str
    concluded_on: dt.date | None
    conclusion: str


class InvestigationDetailOut(InvestigationOut):
    obligations: list[ObligationOut]


def investigation_out(inv: Investigation, obligations: list[dict] | None = None) -> dict:
    areas = {
        code: {
            "label": str(label),
            "challenges": (inv.areas.get(code) or {}).get("challenges", ""),
            "resources": (inv.areas.get(code) or {}).get("resources", ""),
        }
        for code, label in ICS_AREAS
    }
    out = {
        "id": inv.pk,
        "child_id": inv.child_id,
        "notification_id": inv.notification_id,
        "aware_on": inv.aware_on,
        "due_on": investigation_due(inv.aware_on),
        "started_by": staff_ref(inv.started_by),
        "areas": areas,
        "preliminary_on": inv.preliminary_on,
        "preliminary_text": inv.preliminary_text,
        "concluded_on": inv.concluded_on,
        "conclusion": inv.conclusion,
    }
    if obligations is not None:
        out["obligations"] = obligations
    return out


# --- børnesamtale (§ 5) and journal notes ------------------------------------------------------------------


class ConversationIn(InSchema):
    held_on: Day
    child_view: Text = Field(..., description="the child's views, as the child put them (§ 5, stk. 3)")
    bisidder: Line(200) = Field("", description="the child's bisidder, if any (§ 6)")


class ConversationOut(Schema):
    id: int
    child_id: int
    held_on: dt.date
    held_by: Ref
    bisidder: str
    child_view: str


def conversation_out(c: ChildConversation) -> dict:
    return {
        "id": c.pk,
        "child_id": c.child_id,
        "held_on": c.held_on,
        "held_by": staff_ref(c.held_by),
        "bisidder": c.bisidder,
        "child_view": c.child_view,
    }


class NoteIn(InSchema):
    kind: Code = Field(..., description="conversation | phone | meeting | home_visit | mail | note")
    happened_on: Day
    text: Text
    for_family: Bool = Field(
        False,
        description="show the note to the family; false keeps it an internal working note (forvaltningsloven § 12; docs/law.md)",
    )


class NoteShareIn(InSchema):
    for_family: Bool


class NoteOut(Schema):
    id: int
    child_id: int
    kind: str = Field(..., description="… or family: a message the family sent in Tidlig")
    happened_on: dt.date
    author: Ref | None = Field(None, description="the staff member; empty for a message from the family")
    from_family: bool
    from_person: str | None = Field(None, description="the parent who sent a message from the family")
    for_family: bool = Field(..., description="the family can read the note")
    written_at: dt.datetime
    text: str


def note_out(n: JournalNote) -> dict:
    return {
        "id": n.pk,
        "child_id": n.child_id,
        "kind": n.kind,
        "happened_on": n.happened_on,
        "author": staff_ref(n.author) if n.author_id else None,
        "from_family": n.from_family,
        "from_person": str(n.from_person) if n.from_person_id else None,
        "for_family": n.for_family,
        "written_at": local(n.written_at),
        "text": n.text,
    }


# --- the case and who may see it ---------------------------------------------------------------------------


class ReasonIn(InSchema):
    reason: Text


class CaseOut(Schema):
    id: int
    child_id: int
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    close_reason: str


def case_out(c: Case) -> dict:
    return {
        "id": c.pk,
        "child_id": c.child_id,
        "opened_at": local(c.opened_at),
        "closed_at": local(c.closed_at),
        "close_reason": c.close_reason,
    }


class AccessIn(InSchema):
    staff_id: Int = Field(..., description="a caseworker or team leader of the municipality")
    reason: Line(200)


class AccessOut(Schema):
    child_id: int
    staff: Ref
    granted_by: Ref
    granted_at: dt.datetime
    reason: str


def access_out(g: CaseAccess) -> dict:
    return {
        "child_id": g.child_id,
        "staff": staff_ref(g.staff),
        "granted_by": staff_ref(g.granted_by),
        "granted_at": local(g.granted_at),
        "reason": g.reason,
    }


# --- the overview ------------------------------------------------------------------------------------------


class StepOut(Schema):
    date: dt.date
    level: int


class OverviewChild(Schema):
    id: int
    name: str


class CaseOverviewOut(Schema):
    child: OverviewChild
    can_work: bool = Field(..., description="the caller is the caseworker or team leader and may act")
    case: CaseOut | None = Field(..., description="the open case, if any")
    closed_cases: list[CaseOut]
    level: int = Field(..., description="the child's step on the staircase today (0: none)")
    history: list[StepOut] = Field(..., description="the days the step changed")
    measures: list[MeasureOut] = Field(..., description="every measure, newest decision first")
    active_measures: list[MeasureOut]
    placement: MeasureOut | None
    drafts: list[DecisionOut] = Field(..., description="decisions drafted and not yet made")
    investigations: list[InvestigationOut]
    assessments: list[AssessmentOut]
    conversations: list[ConversationOut]
    plans: list[PlanOut]
    notes: list[NoteOut] = Field(..., description="the last 50 journal notes")
    obligations: list[ObligationOut] = Field(..., description="open obligations")
    siblings_to_investigate: list[OverviewChild] = Field(
        ..., description="siblings under 15 when the child is placed (§ 21, stk. 2); only for the case owners"
    )
    is_party: bool = Field(..., description="the child is a party from 10 years (§ 3)")
