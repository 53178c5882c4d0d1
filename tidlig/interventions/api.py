"""Decisions (afgørelser) and measures (indsatser) through the API: draft → made → started → followed up → ended.

Thin endpoints over `tidlig.interventions.services`, with the same permissions as the UI: the services check
that the caller owns the case (403); what the caller may not see is answered 404 — including a placement
without consent (§ 47) for people who were only added to the case.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from tidlig.cases.access import require_case_owner, visible_child
from tidlig.core.api import api_fields
from tidlig.core.pagination import paginated
from tidlig.core.schemas import api_errors, obligation_out
from tidlig.organisation.models import Role, Staff
from tidlig.timeline.selectors import obligations_for_source

from . import services
from .case_selectors import catalogue, decision_for, measure_for
from .models import CommitteeSubmission, Decision, Measure
from .schemas import (
    CommitteeSubmissionIn,
    CommitteeSubmissionOut,
    DecisionDetailOut,
    DecisionIn,
    DecisionOut,
    DecisionWithdrawIn,
    EndIn,
    MakeIn,
    MeasureDetailOut,
    MeasureFollowUpIn,
    MeasureFollowUpOut,
    MeasureTypeOut,
    ParentPlanOfferIn,
    ParentPlanOfferOut,
    StartIn,
    SupervisionVisitIn,
    SupervisionVisitOut,
    SupportPersonIn,
    committee_submission_out,
    decision_out,
    followup_out,
    measure_out,
    measure_type_out,
    parent_plan_offer_out,
    visit_out,
)

router = Router(tags=["decisions and measures"])
ERRORS = api_errors(403, 404)
CATALOGUE_ROLES = (Role.CASEWORKER, Role.TEAM_LEADER, Role.MANAGER, Role.ANALYST, Role.ADMINISTRATOR)


@router.get(
    "/measure-types",
    response={200: list[MeasureTypeOut], **api_errors(403)},
    summary="The catalogue of measure types of the caller's municipality",
)
@paginated
def measure_types(request):
    actor: Staff = request.auth
    if actor.role not in CATALOGUE_ROLES:
        raise PermissionDenied(
            _("Din rolle bruger ikke indsatskataloget. Bed din leder om adgang, hvis du har brug for den.")
        )
    rows = catalogue(actor.municipality_id).order_by(
        "level", "code", F("municipality_id").asc(nulls_first=True)
    )
    return [measure_type_out(t) for t in rows]


def _decision(d: Decision) -> dict:
    d = Decision.objects.select_related("type", "drafted_by", "decided_by").get(pk=d.pk)
    measure_id = Measure.objects.filter(decision=d).values_list("pk", flat=True).first()
    return {
        **decision_out(d, measure_id=measure_id),
        "obligations": [obligation_out(r) for r in obligations_for_source("decision", d.pk)],
    }


def _measure(m: Measure) -> dict:
    m = Measure.objects.select_related("type").get(pk=m.pk)
    followups = list(m.followups.select_related("held_by").order_by("held_on", "pk"))
    rows = list(obligations_for_source("measure", m.pk))
    out_followups = []
    for f in followups:
        own = obligations_for_source("followup", f.pk)
        rows += own
        out_followups.append(followup_out(f, [obligation_out(r) for r in own]))
    rows.sort(key=lambda r: r.obligation.due_at)
    return {
        **measure_out(m),
        "followups": out_followups,
        "supervision_visits": [
            visit_out(v)
            for v in m.supervision_visits.select_related("visited_by").order_by("visited_on", "pk")
        ],
        "parent_plan_offers": [
            parent_plan_offer_out(o)
            for o in m.parent_plan_offers.select_related("recorded_by").order_by("held_on", "pk")
        ],
        "obligations": [obligation_out(r) for r in rows],
    }


# --- decisions -----------------------------------------------------------------------------------------------


@router.post(
    "/children/{child_id}/decisions",
    response={201: DecisionDetailOut, **ERRORS},
    tags=["children"],
    summary="Draft a decision (afgørelse) on a measure from the catalogue",
)
def draft_decision(request, child_id: int, payload: DecisionIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    types = catalogue(child.municipality_id)
    if payload.type_id is not None:
        type_ = types.filter(pk=payload.type_id).first()
    elif payload.type_code:
        type_ = (
            types.filter(code=payload.type_code).order_by(F("municipality_id").desc(nulls_last=True)).first()
        )
    else:
        type_ = None  # none found: the service checks the owner, then refuses it
    with api_fields(type="type_id"):
        d = services.decision_draft(
            child=child,
            actor=actor,
            type=type_,
            planned_on=payload.planned_on,
            purpose=payload.purpose,
            expected_duration=payload.expected_duration,
            reasoning=payload.reasoning,
            plan_needed=payload.plan_needed,
            without_consent=payload.without_consent,
            place_type=payload.place_type,
            place_name=payload.place_name,
        )
    return Status(201, _decision(d))


@router.get("/decisions/{decision_id}", response={200: DecisionDetailOut, **ERRORS})
def get_decision(request, decision_id: int):
    return _decision(decision_for(request.auth, decision_id))


@router.post(
    "/decisions/{decision_id}/make",
    response={201: MeasureDetailOut, **ERRORS},
    summary="Make the decision; answers the measure it creates",
)
def make_decision(request, decision_id: int, payload: MakeIn):
    actor = request.auth
    d = decision_for(actor, decision_id)
    # The service checks the owner, then finds the conversation by its id.
    with api_fields(conversation="conversation_id"):
        m = services.decision_make(
            decision=d,
            actor=actor,
            decided_on=payload.decided_on,
            consent=payload.consent,
            consent_note=payload.consent_note,
            hearing_on=payload.hearing_on,
            conversation=payload.conversation_id,
            conversation_exception=payload.conversation_exception,
            special_circumstances=payload.special_circumstances,
        )
    return Status(201, _measure(m))


# --- measures --------------------------------------------------------------------------------------------------


@router.get("/measures/{measure_id}", response={200: MeasureDetailOut, **ERRORS})
def get_measure(request, measure_id: int):
    return _measure(measure_for(request.auth, measure_id))


@router.post(
    "/measures/{measure_id}/start",
    response={200: MeasureDetailOut, **ERRORS},
    summary="Start the measure (not before the decision); the first follow-up falls due (BL § 95, stk. 2)",
)
def start_measure(request, measure_id: int, payload: StartIn):
    m = measure_for(request.auth, measure_id)
    return _measure(services.measure_start(measure=m, actor=request.auth, started_on=payload.started_on))


@router.post(
    "/measures/{measure_id}/end",
    response={200: MeasureDetailOut, **ERRORS},
    summary="End the measure; a placement may end with hjemgivelse (BL § 100)",
)
def end_measure(request, measure_id: int, payload: EndIn):
    m = measure_for(request.auth, measure_id)
    m = services.measure_end(
        measure=m,
        actor=request.auth,
        ended_on=payload.ended_on,
        reason=payload.reason,
        homecoming_period_end=payload.homecoming_period_end,
    )
    return _measure(m)


@router.post(
    "/measures/{measure_id}/followups",
    response={201: MeasureFollowUpOut, **ERRORS},
    summary="Record a follow-up (BL § 95); next_on becomes the next `followup` obligation",
)
def record_followup(request, measure_id: int, payload: MeasureFollowUpIn):
    m = measure_for(request.auth, measure_id)
    f = services.followup_record(
        measure=m,
        actor=request.auth,
        held_on=payload.held_on,
        assessment=payload.assessment,
        schedule_reason=payload.schedule_reason,
        next_on=payload.next_on,
    )
    return Status(201, followup_out(f, [obligation_out(r) for r in obligations_for_source("followup", f.pk)]))


@router.post(
    "/measures/{measure_id}/supervision-visits",
    response={201: SupervisionVisitOut, **ERRORS},
    summary="Record a supervision visit in a placement (BL § 156, stk. 5)",
)
def record_supervision_visit(request, measure_id: int, payload: SupervisionVisitIn):
    m = measure_for(request.auth, measure_id)
    v = services.supervision_visit_record(
        measure=m,
        actor=request.auth,
        visited_on=payload.visited_on,
        talked_with_child=payload.talked_with_child,
        note=payload.note,
    )
    return Status(201, visit_out(v))


@router.post(
    "/measures/{measure_id}/parent-plan-offers",
    response={201: ParentPlanOfferOut, **ERRORS},
    summary="Record the offer to revise the forældrehandleplan and the parents' answer, or the assessment "
    "that no revision is needed (BL § 79, stk. 2–3); each meets a period of `parent_plan_offer`",
)
def record_parent_plan_offer(request, measure_id: int, payload: ParentPlanOfferIn):
    m = measure_for(request.auth, measure_id)
    o = services.parent_plan_offer_record(
        measure=m, actor=request.auth, held_on=payload.held_on, outcome=payload.outcome, note=payload.note
    )
    return Status(201, parent_plan_offer_out(o))


@router.post(
    "/measures/{measure_id}/support-person",
    response={200: MeasureDetailOut, **ERRORS},
    summary="Record the offer of a support person to the parents of a placed child (BL § 75)",
)
def offer_support_person(request, measure_id: int, payload: SupportPersonIn):
    m = measure_for(request.auth, measure_id)
    services.support_person_offer(
        measure=m, actor=request.auth, offered_on=payload.offered_on, accepted=payload.accepted
    )
    return _measure(m)


@router.post(
    "/decisions/{decision_id}/withdraw",
    response={200: DecisionOut, **ERRORS},
    summary="Withdraw a draft decision that will not be made",
)
def withdraw_decision(request, decision_id: int, payload: DecisionWithdrawIn):
    d = decision_for(request.auth, decision_id)
    services.decision_withdraw(decision=d, actor=request.auth, reason=payload.reason)
    return decision_out(Decision.objects.select_related("type").get(pk=d.pk))


@router.get(
    "/decisions/{decision_id}/committee-submission",
    response={200: CommitteeSubmissionOut, **ERRORS},
    summary="The indstilling to børne- og ungeudvalget about a § 47 placement (BL § 51), if recorded",
)
def committee_submission_get(request, decision_id: int):
    d = decision_for(request.auth, decision_id)
    require_case_owner(request.auth, d.child)
    row = CommitteeSubmission.objects.filter(decision=d).first()
    if row is None:
        raise Http404
    return committee_submission_out(row)


@router.put(
    "/decisions/{decision_id}/committee-submission",
    response={200: CommitteeSubmissionOut, **ERRORS},
    summary="Record or correct the indstilling to børne- og ungeudvalget (BL § 51) on a § 47 draft",
)
def committee_submission_put(request, decision_id: int, payload: CommitteeSubmissionIn):
    d = decision_for(request.auth, decision_id)  # the service checks the owner
    row = services.committee_submission_record(decision=d, actor=request.auth, **payload.dict())
    return committee_submission_out(row)
