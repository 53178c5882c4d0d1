"""Case handling after screening through the API: the case overview, afdækning (§ 19), undersøgelse (§ 20),
børnesamtale (§ 5), journal notes, closing and reopening, and who else may see the case.

Thin endpoints over `tidlig.cases.casework`: the services check that the caller owns the case (403);
a child or record the caller may not see is answered 404, as if it did not exist.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import Http404
from ninja import Router, Status

from tidlig.core.api import api_fields
from tidlig.core.pagination import Rows, paginated
from tidlig.core.schemas import api_errors, obligation_out
from tidlig.interventions.schemas import decision_out, measure_out
from tidlig.organisation.models import Staff
from tidlig.plans.schemas import plan_out
from tidlig.timeline import selectors

from . import casework
from .access import record_on_visible_case, visible_child
from .models import Assessment, ChildConversation, Investigation, JournalNote
from .overview import case_overview, hidden_from, visible_rows
from .schemas import (
    AccessIn,
    AccessOut,
    AreasIn,
    AssessmentIn,
    AssessmentOut,
    CaseOut,
    CaseOverviewOut,
    ConclusionIn,
    ConversationIn,
    ConversationOut,
    InvestigationDetailOut,
    InvestigationIn,
    NoteIn,
    NoteOut,
    NoteShareIn,
    PreliminaryIn,
    ReasonIn,
    access_out,
    assessment_out,
    case_out,
    conversation_out,
    investigation_out,
    note_out,
)

router = Router(tags=["case handling"])
ERRORS = api_errors(403, 404)


# --- the overview ----------------------------------------------------------------------------------------------


@router.get(
    "/children/{child_id}/case",
    response={200: CaseOverviewOut, **ERRORS},
    tags=["children"],
    summary="The child's case at a glance: staircase, measures, investigations, plans, notes, obligations",
)
def overview(request, child_id: int):
    actor = request.auth
    child = visible_child(actor, child_id, what="case")
    data = case_overview(actor, child)
    if not data["can_see_case"]:
        raise Http404
    hidden = hidden_from(actor, child)
    drafts = [d for d in data["drafts"] if d.pk not in hidden.get("decision", ())]
    prefetch_related_objects(drafts, "drafted_by", "decided_by")
    prefetch_related_objects(data["investigations"], "started_by")
    prefetch_related_objects(data["assessments"], "started_by")
    obligations = [
        r for r in visible_rows(selectors.child_obligations(child), hidden) if r.obligation.is_open
    ]
    return {
        "child": {"id": child.pk, "name": child.display_name},
        "can_work": data["can_work"],
        "case": case_out(data["case"]) if data["case"] else None,
        "closed_cases": [case_out(c) for c in data["closed_cases"]],
        "level": data["level"],
        "history": [{"date": s.day, "level": s.level} for s in data["steps"]],
        "measures": [measure_out(m) for m in data["measures"]],
        "active_measures": [measure_out(m) for m in data["active_measures"]],
        "placement": measure_out(data["placement"]) if data["placement"] else None,
        "drafts": [decision_out(d) for d in drafts],
        "investigations": [investigation_out(i) for i in data["investigations"]],
        "assessments": [assessment_out(a) for a in data["assessments"]],
        "conversations": [conversation_out(c) for c in data["conversations"]],
        "plans": [plan_out(p, hidden_measures=hidden.get("measure", set())) for p in data["plans"]],
        "notes": [note_out(n) for n in data["notes"]],
        "obligations": [obligation_out(r) for r in obligations],
        "siblings_to_investigate": [{"id": s.pk, "name": s.display_name} for s in data["sibling_reminder"]]
        if data["can_work"]
        else [],
        "is_party": data["is_party"],
    }


# --- afdækning (§ 19) ------------------------------------------------------------------------------------------


@router.post(
    "/children/{child_id}/assessments",
    response={201: AssessmentOut, **ERRORS},
    summary="Start an afdækning (BL § 19)",
)
def start_assessment(request, child_id: int, payload: AssessmentIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    a = casework.assessment_start(  # checks the owner, then that the notification is the child's
        child=child,
        actor=actor,
        matters=payload.matters,
        professionals=payload.professionals,
        started_on=payload.started_on,
        notification_id=payload.notification_id,
    )
    return Status(201, assessment_out(a))


@router.post(
    "/assessments/{assessment_id}/conclusion",
    response={200: AssessmentOut, **ERRORS},
    summary="Conclude an afdækning (BL § 19)",
)
def conclude_assessment(request, assessment_id: int, payload: ConclusionIn):
    a = record_on_visible_case(request.auth, Assessment, assessment_id, what="assessment")
    a = casework.assessment_conclude(
        assessment=a, actor=request.auth, conclusion=payload.conclusion, concluded_on=payload.concluded_on
    )
    return assessment_out(a)


# --- børnefaglig undersøgelse (§§ 20-22) --------------------------------------------------------------------


def _investigation(inv: Investigation) -> dict:
    inv = Investigation.objects.select_related("started_by").get(pk=inv.pk)
    return investigation_out(
        inv, [obligation_out(r) for r in selectors.obligations_for_source("investigation", inv.pk)]
    )


@router.post(
    "/children/{child_id}/investigations",
    response={201: InvestigationDetailOut, **ERRORS},
    summary="Start a børnefaglig undersøgelse (BL § 20); concluded within 4 months of aware_on",
)
def start_investigation(request, child_id: int, payload: InvestigationIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    inv = casework.investigation_start(  # checks the owner, then that the notification is the child's
        child=child, actor=actor, aware_on=payload.aware_on, notification_id=payload.notification_id
    )
    return Status(201, _investigation(inv))


@router.get("/investigations/{investigation_id}", response={200: InvestigationDetailOut, **ERRORS})
def get_investigation(request, investigation_id: int):
    inv = record_on_visible_case(request.auth, Investigation, investigation_id, what="investigation")
    return _investigation(inv)


@router.patch(
    "/investigations/{investigation_id}/areas",
    response={200: InvestigationDetailOut, **ERRORS},
    summary="Describe challenges and resources by ICS area (BL § 22, stk. 1); omitted fields are kept",
)
def update_areas(request, investigation_id: int, payload: AreasIn):
    inv = record_on_visible_case(request.auth, Investigation, investigation_id, what="investigation")
    areas = {}
    for code, area in payload.areas.items():
        now = inv.areas.get(code) or {}
        areas[code] = {
            "challenges": area.challenges if area.challenges is not None else now.get("challenges", ""),
            "resources": area.resources if area.resources is not None else now.get("resources", ""),
        }
    inv = casework.investigation_update_areas(investigation=inv, actor=request.auth, areas=areas)
    return _investigation(inv)


@router.post(
    "/investigations/{investigation_id}/preliminary",
    response={200: InvestigationDetailOut, **ERRORS},
    summary="A foreløbig vurdering when the 4 months cannot be kept (BL § 20, stk. 3)",
)
def preliminary(request, investigation_id: int, payload: PreliminaryIn):
    inv = record_on_visible_case(request.auth, Investigation, investigation_id, what="investigation")
    inv = casework.investigation_preliminary(investigation=inv, actor=request.auth, text=payload.text)
    return _investigation(inv)


@router.post(
    "/investigations/{investigation_id}/conclusion",
    response={200: InvestigationDetailOut, **ERRORS},
    summary="Conclude the investigation with a reasoned position (BL § 22, stk. 6)",
)
def conclude_investigation(request, investigation_id: int, payload: ConclusionIn):
    inv = record_on_visible_case(request.auth, Investigation, investigation_id, what="investigation")
    inv = casework.investigation_conclude(
        investigation=inv,
        actor=request.auth,
        conclusion=payload.conclusion,
        concluded_on=payload.concluded_on,
    )
    return _investigation(inv)


# --- børnesamtale and journal notes ------------------------------------------------------------------------------


@router.post(
    "/children/{child_id}/conversations",
    response={201: ConversationOut, **ERRORS},
    summary="Record a conversation with the child before a decision (BL § 5, stk. 3; bisidder § 6)",
)
def record_conversation(request, child_id: int, payload: ConversationIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    conv = casework.conversation_record(
        child=child,
        actor=actor,
        held_on=payload.held_on,
        child_view=payload.child_view,
        bisidder=payload.bisidder,
    )
    return Status(201, conversation_out(ChildConversation.objects.select_related("held_by").get(pk=conv.pk)))


@router.post(
    "/children/{child_id}/notes",
    response={201: NoteOut, **ERRORS},
    summary="Write a journal note (notatpligt)",
)
def write_note(request, child_id: int, payload: NoteIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    note = casework.journal_note_write(
        child=child,
        actor=actor,
        kind=payload.kind,
        happened_on=payload.happened_on,
        text=payload.text,
        for_family=payload.for_family,
    )
    return Status(201, note_out(note))


@router.put(
    "/children/{child_id}/notes/{note_id}/family",
    response={200: NoteOut, **ERRORS},
    summary="Show a journal note to the family, or hide it again (a message from the family stays shown)",
)
def share_note(request, child_id: int, note_id: int, payload: NoteShareIn):
    child = visible_child(request.auth, child_id, what="notes")
    note = JournalNote.objects.filter(child=child, pk=note_id).first()
    if note is None:
        raise Http404
    note = casework.journal_note_share(note=note, actor=request.auth, for_family=payload.for_family)
    return note_out(JournalNote.objects.select_related("author", "from_person").get(pk=note.pk))


@router.get(
    "/children/{child_id}/notes",
    response={200: list[NoteOut], **ERRORS},
    summary="The child's journal notes, newest first",
)
@paginated(default=50, maximum=500)
def list_notes(request, child_id: int):
    child = visible_child(request.auth, child_id, what="notes")
    return Rows(
        child.journal_notes.select_related("author", "from_person").order_by("-happened_on", "-pk"), note_out
    )


# --- the case ---------------------------------------------------------------------------------------------------


@router.post(
    "/children/{child_id}/case/close",
    response={200: CaseOut, **ERRORS},
    summary="Close the child's case (no ongoing § 32 measures or placements)",
)
def close_case(request, child_id: int, payload: ReasonIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    return case_out(casework.case_close(child=child, actor=actor, reason=payload.reason))


@router.post(
    "/children/{child_id}/case/reopen",
    response={200: CaseOut, **ERRORS},
    summary="Reopen the child's case",
)
def reopen_case(request, child_id: int, payload: ReasonIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    return case_out(casework.case_reopen(child=child, actor=actor, reason=payload.reason))


@router.post(
    "/children/{child_id}/access",
    response={201: AccessOut, **ERRORS},
    summary="Let another caseworker or team leader see the case (need to know); not a § 47 placement",
)
def grant_access(request, child_id: int, payload: AccessIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    # None if not found: the service checks the owner first, then refuses nobody like a wrong choice.
    staff = Staff.objects.filter(pk=payload.staff_id, municipality_id=child.municipality_id).first()
    with api_fields(staff="staff_id"):
        grant = casework.case_grant_access(child=child, actor=actor, staff=staff, reason=payload.reason)
    return Status(201, access_out(grant))
