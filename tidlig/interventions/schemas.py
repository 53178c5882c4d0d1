"""Request and answer bodies for decisions (afgørelser) and measures (indsatser) in the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from tidlig.core.schemas import Bool, Code, Day, InSchema, Int, Line, ObligationOut, Text
from tidlig.intake.schemas import Ref

from .models import Decision, FollowUp, Measure, MeasureType, ParentPlanOffer, SupervisionVisit


def staff_ref(staff) -> dict | None:
    return {"id": staff.pk, "name": str(staff)} if staff is not None else None


class MeasureTypeOut(Schema):
    id: int
    code: str
    title: str
    paragraph: str
    kind: str = Field(..., description="preventive (§ 30) | supportive (§ 32) | placement (§§ 46-47)")
    level: int = Field(..., description="step on the staircase (indsatstrappen), 1-6")
    own: bool = Field(..., description="the municipality's own service (not Tidlig's shipped catalogue)")
    provider: str
    unit: str
    unit_price: Decimal | None


class MeasureTypeRef(Schema):
    id: int
    code: str
    title: str
    paragraph: str
    kind: str
    level: int


def type_ref(t: MeasureType) -> dict:
    return {
        "id": t.pk,
        "code": t.code,
        "title": t.title,
        "paragraph": t.paragraph,
        "kind": t.kind,
        "level": t.level,
    }


def measure_type_out(t: MeasureType) -> dict:
    return {
        **type_ref(t),
        "own": t.municipality_id is not None,
        "provider": t.provider,
        "unit": t.unit,
        "unit_price": t.unit_price,
    }


class DecisionIn(InSchema):
    type_id: Int | None = Field(
        None, description="a measure type from GET /api/v1/measure-types; or type_code"
    )
    type_code: Code | None = Field(None, description="e.g. bl32_2; the municipality's own type wins")
    planned_on: Day = Field(..., description="when the decision is expected to be made")
    purpose: Text = Field(..., description="formål (§ 32, stk. 3 / § 46, stk. 1)")
    expected_duration: Line(100)
    reasoning: Text
    plan_needed: Bool = Field(False, description="barnets plan (§ 91, stk. 1); always for a placement")
    without_consent: Bool = Field(False, description="placement without consent (§ 47)")
    place_type: Code = Field("", description="for a placement: 43_1 … 43_7 (§ 43, stk. 1)")
    place_name: Line(200) = ""


class MakeIn(InSchema):
    decided_on: Day | None = Field(None, description="default today")
    consent: Bool | None = Field(None, description="consent of the custody holder (§ 32, stk. 2 / § 46)")
    consent_note: Line(300) = ""
    hearing_on: Day | None = Field(None, description="partshøring (forvaltningslovens § 19)")
    conversation_id: Int | None = Field(
        None, description="the child conversation before the decision (§ 5, stk. 3)"
    )
    conversation_exception: Text = Field(
        "", description="why the conversation is departed from (§ 5, stk. 4)"
    )
    special_circumstances: Text = Field(
        "", description="a foreløbig or akut placement alongside a running investigation (§ 46, stk. 3)"
    )


class DecisionOut(Schema):
    id: int
    child_id: int
    type: MeasureTypeRef
    planned_on: dt.date
    decided_on: dt.date | None
    withdrawn_on: dt.date | None = None
    withdrawn_reason: str = ""
    decided_by: Ref | None
    drafted_by: Ref
    purpose: str
    expected_duration: str
    reasoning: str
    consent: bool | None
    consent_note: str
    hearing_on: dt.date | None
    plan_needed: bool
    without_consent: bool
    place_type: str
    place_name: str
    conversation_id: int | None
    conversation_exception: str
    measure_id: int | None = Field(None, description="the measure created when the decision was made")


class DecisionDetailOut(DecisionOut):
    obligations: list[ObligationOut]


def decision_out(d: Decision, *, measure_id: int | None = None) -> dict:
    return {
        "id": d.pk,
        "child_id": d.child_id,
        "type": type_ref(d.type),
        "planned_on": d.planned_on,
        "decided_on": d.decided_on,
        "withdrawn_on": d.withdrawn_on,
        "withdrawn_reason": d.withdrawn_reason,
        "decided_by": staff_ref(d.decided_by),
        "drafted_by": staff_ref(d.drafted_by),
        "purpose": d.purpose,
        "expected_duration": d.expected_duration,
        "reasoning": d.reasoning,
        "consent": d.consent,
        "consent_note": d.consent_note,
        "hearing_on": d.hearing_on,
        "plan_needed": d.plan_needed,
        "without_consent": d.without_consent,
        "place_type": d.place_type,
        "place_name": d.place_name,
        "conversation_id": d.conversation_id,
        "conversation_exception": d.conversation_exception,
        "measure_id": measure_id,
    }


class MeasureOut(Schema):
    id: int
    child_id: int
    type: MeasureTypeRef
    decision_id: int | None
    status: str = Field(..., description="decided (not started) | started | ended")
    decided_on: dt.date
    started_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    monthly_cost: Decimal | None
    place_type: str
    place_name: str
    without_consent: bool
    homecoming_decided_on: dt.date | None
    homecoming_period_end: dt.date | None
    support_person_offered_on: dt.date | None
    support_person_accepted: bool | None


def measure_out(m: Measure) -> dict:
    status = "ended" if m.ended_on else "started" if m.started_on else "decided"
    return {
        "id": m.pk,
        "child_id": m.child_id,
        "type": type_ref(m.type),
        "decision_id": m.decision_id,
        "status": status,
        "decided_on": m.decided_on,
        "started_on": m.started_on,
        "ended_on": m.ended_on,
        "end_reason": m.end_reason,
        "monthly_cost": m.monthly_cost,
        "place_type": m.place_type,
        "place_name": m.place_name,
        "without_consent": m.without_consent,
        "homecoming_decided_on": m.homecoming_decided_on,
        "homecoming_period_end": m.homecoming_period_end,
        "support_person_offered_on": m.support_person_offered_on,
        "support_person_accepted": m.support_person_accepted,
    }


class StartIn(InSchema):
    started_on: Day


class EndIn(InSchema):
    ended_on: Day
    reason: Line(200)
    homecoming_period_end: Day | None = Field(
        None, description="a placement ending with hjemgivelse: end of the homecoming period (§ 100)"
    )


class MeasureFollowUpIn(InSchema):
    held_on: Day
    assessment: Text = Field(..., description="the child's wellbeing and development, and the measure (§ 95)")
    schedule_reason: Text = Field(
        "", description="at the first follow-up: how later ones are organised (stk. 3)"
    )
    next_on: Day | None = Field(None, description="the next follow-up; becomes a `followup` obligation")


class MeasureFollowUpOut(Schema):
    id: int
    measure_id: int
    held_on: dt.date
    held_by: Ref
    assessment: str
    schedule_reason: str
    next_on: dt.date | None
    obligations: list[ObligationOut] = []


def followup_out(f: FollowUp, obligations: list[dict] | None = None) -> dict:
    return {
        "id": f.pk,
        "measure_id": f.measure_id,
        "held_on": f.held_on,
        "held_by": staff_ref(f.held_by),
        "assessment": f.assessment,
        "schedule_reason": f.schedule_reason,
        "next_on": f.next_on,
        "obligations": obligations or [],
    }


class DecisionWithdrawIn(InSchema):
    reason: Line(300)


class SupportPersonIn(InSchema):
    offered_on: Day
    accepted: Bool | None = Field(None, description="whether the custody holder accepted the support person")


class SupervisionVisitIn(InSchema):
    visited_on: Day
    talked_with_child: Bool = True
    note: Text


class SupervisionVisitOut(Schema):
    id: int
    measure_id: int
    visited_on: dt.date
    visited_by: Ref
    talked_with_child: bool
    note: str


def visit_out(v: SupervisionVisit) -> dict:
    return {
        "id": v.pk,
        "measure_id": v.measure_id,
        "visited_on": v.visited_on,
        "visited_by": staff_ref(v.visited_by),
        "talked_with_child": v.talked_with_child,
        "note": v.note,
    }


class ParentPlanOfferIn(InSchema):
    held_on: Day = Field(..., description="the day the revision was offered, or the need assessed")
    outcome: Code = Field(
        ...,
        description="accepted | declined (a revision offered, BL § 79, stk. 2–3; the parents' answer) | "
        "not_needed (assessed that no revision needs to be offered, stk. 3; only after a first offer)",
    )
    note: Text = Field("", description="required for not_needed: why no revision is offered")


class ParentPlanOfferOut(Schema):
    id: int
    measure_id: int
    held_on: dt.date
    outcome: str
    note: str
    recorded_by: Ref


def parent_plan_offer_out(o: ParentPlanOffer) -> dict:
    return {
        "id": o.pk,
        "measure_id": o.measure_id,
        "held_on": o.held_on,
        "outcome": o.outcome,
        "note": o.note,
        "recorded_by": staff_ref(o.recorded_by),
    }


class MeasureDetailOut(MeasureOut):
    followups: list[MeasureFollowUpOut]
    supervision_visits: list[SupervisionVisitOut]
    parent_plan_offers: list[ParentPlanOfferOut] = Field(
        ..., description="offers to revise the forældrehandleplan and assessments of the need (BL § 79)"
    )
    obligations: list[ObligationOut] = Field(
        ..., description="the measure's obligations and those owed by follow-ups that set a next date"
    )


class CommitteeSubmissionIn(InSchema):
    """BL § 51: the indstilling to børne- og ungeudvalget about a § 47 placement, and what it held."""

    submitted_on: Day
    meeting_on: Day
    investigation: Bool = Field(
        description="stk. 1, nr. 1: the investigation, the § 47 conditions, resources"
    )
    custody_assessment: Bool = Field(description="stk. 1, nr. 2: the custody holder's competences assessed")
    plan_and_support: Bool = Field(
        description="stk. 1, nr. 3: barnets plan / ungeplan and the support intended"
    )
    child_view: Bool = Field(description="stk. 1, nr. 4: the child's view of the intended measure")
    parent_plan: Code = Field(description="stk. 2: attached (§ 77 plan), reason (§ 77, stk. 3) or none")
    siblings: Code = Field(description="stk. 3: not_relevant, reasoned or missing")


class CommitteeSubmissionOut(Schema):
    decision_id: int
    submitted_on: dt.date
    meeting_on: dt.date
    investigation: bool
    custody_assessment: bool
    plan_and_support: bool
    child_view: bool
    parent_plan: str
    siblings: str
    missing: list[str] = Field(description="the parts § 51, stk. 1 and 3 require that it lacked (labels)")


def committee_submission_out(row) -> dict:
    return {
        "decision_id": row.decision_id,
        **{
            f: getattr(row, f)
            for f in ("submitted_on", "meeting_on", *row.CONTENTS, "parent_plan", "siblings")
        },
        "missing": row.missing,
    }
