"""The decision letter's dispatch and complaints through the API (issue 12): the page's twins, for the case
owners only (the same rule as the letter itself)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from tidlig.cases.access import require_case_owner
from tidlig.core.pagination import paginated
from tidlig.core.schemas import Day, InSchema, Line, api_errors
from tidlig.post.schemas import OutboxLetterOut, OutboxPaperIn, letter_out
from tidlig.post.selectors import letters_about

from . import selectors, services
from .case_selectors import decision_for
from .models import Appeal, Decision
from .services import outbox

router = Router(tags=["decisions and measures"])
ERRORS = api_errors(403, 404)


class LetterSentOut(Schema):
    id: int
    sent_on: dt.date
    method: str = Field(description="digital_post, letter or handed_over")
    received_on: dt.date | None
    complaint_deadline: dt.date = Field(
        description="4 weeks from receipt (RSL § 67, stk. 1; BL § 146, stk. 1 for a § 47 committee decision)"
    )
    deadline_known: bool = Field(
        description="False: a letter by post, receipt unknown; the earliest deadline"
    )


class LetterSentIn(InSchema):
    sent_on: Day
    method: Line(20) = Field(description="digital_post, letter or handed_over")
    received_on: Day | None = None


class AppealOut(Schema):
    id: int
    decision_id: int
    received_on: dt.date
    reconsideration_due: dt.date | None = Field(
        description="4 weeks after the complaint came in (RSL § 66); null for a decision of børne- og "
        "ungeudvalget (§ 47), which goes to Ankestyrelsen without one (BL § 146, stk. 1)"
    )
    reconsidered_on: dt.date | None
    reconsideration: str | None = Field(description="granted, partly or kept")
    outcome_on: dt.date | None
    outcome: str | None = Field(description="upheld, changed, annulled, remitted or dismissed (RSL § 68)")


class AppealIn(InSchema):
    received_on: Day


class AppealUpdateIn(InSchema):
    reconsidered_on: Day | None = None
    reconsideration: Line(10) = ""
    outcome_on: Day | None = None
    outcome: Line(10) = ""


def _owned(request, decision_id: int) -> Decision:
    d = decision_for(request.auth, decision_id)
    require_case_owner(request.auth, d.child)
    return d


def _letter(row) -> dict:
    s = row.letter
    return {
        "id": s.pk,
        "sent_on": s.sent_on,
        "method": s.method,
        "received_on": s.received_on,
        "complaint_deadline": row.complaint_deadline,
        "deadline_known": row.deadline_known,
    }


def _appeal(row) -> dict:
    a = row.appeal
    return {
        "id": a.pk,
        "decision_id": a.decision_id,
        "received_on": a.received_on,
        "reconsideration_due": row.reconsideration_due,
        "reconsidered_on": a.reconsidered_on,
        "reconsideration": a.reconsideration or None,
        "outcome_on": a.outcome_on,
        "outcome": a.outcome or None,
    }


@router.get(
    "/decisions/{decision_id}/letters-sent",
    response={200: list[LetterSentOut], **ERRORS},
    summary="When and how the decision letter was sent, with the complaint deadline",
)
@paginated
def letters_sent_list(request, decision_id: int):
    return [_letter(r) for r in selectors.letters_sent(_owned(request, decision_id))]


@router.post(
    "/decisions/{decision_id}/letters-sent",
    response={201: LetterSentOut, **api_errors(403, 404)},
    summary="Record that the decision letter was sent",
)
def letter_sent_create(request, decision_id: int, payload: LetterSentIn):
    d = decision_for(request.auth, decision_id)  # the service checks the owner
    s = services.letter_sent_record(decision=d, actor=request.auth, **payload.dict())
    return Status(201, next(_letter(r) for r in selectors.letters_sent(d) if r.letter.pk == s.pk))


@router.get(
    "/decisions/{decision_id}/appeals",
    response={200: list[AppealOut], **ERRORS},
    summary="Complaints about a decision",
)
@paginated
def appeals_list(request, decision_id: int):
    return [_appeal(r) for r in selectors.appeals_of(_owned(request, decision_id))]


@router.post(
    "/decisions/{decision_id}/appeals",
    response={201: AppealOut, **api_errors(403, 404)},
    summary="Record a complaint (klage) about a decision",
)
def appeal_create(request, decision_id: int, payload: AppealIn):
    d = decision_for(request.auth, decision_id)  # the service checks the owner
    a = services.appeal_record(decision=d, actor=request.auth, received_on=payload.received_on)
    return Status(201, next(_appeal(r) for r in selectors.appeals_of(d) if r.appeal.pk == a.pk))


@router.put(
    "/appeals/{appeal_id}",
    response={200: AppealOut, **ERRORS},
    summary="Record the reconsideration and Ankestyrelsen's outcome of a complaint",
)
def appeal_update(request, appeal_id: int, payload: AppealUpdateIn):
    a = get_object_or_404(Appeal, pk=appeal_id, decision__municipality_id=request.auth.municipality_id)
    d = decision_for(request.auth, a.decision_id)  # 404 unless seen; the service checks the owner
    a.decision = d
    services.appeal_update(appeal=a, actor=request.auth, **payload.dict())
    return next(_appeal(r) for r in selectors.appeals_of(d) if r.appeal.pk == a.pk)


# The decision letter by Digital Post (issue 14 §4): the outbox rows on the decision, for its case owners.


def _outbox_letter(request, letter_id: int):
    from tidlig.post.models import Letter

    letter = get_object_or_404(Letter, pk=letter_id, source=outbox.SOURCE)
    _owned(request, letter.source_id)
    return letter


@router.get(
    "/decisions/{decision_id}/digital-post",
    response={200: list[OutboxLetterOut], **ERRORS},
    summary="The decision letter's messages in the outbox (Digital Post), with their status",
)
@paginated
def decision_post_list(request, decision_id: int):
    d = _owned(request, decision_id)
    return [letter_out(x) for x in letters_about(source=outbox.SOURCE, source_id=d.pk)]


@router.post(
    "/decisions/{decision_id}/digital-post",
    response={201: list[OutboxLetterOut], **api_errors(403, 404, 422)},
    summary="Send the decision letter by Digital Post to each parent with custody",
)
def decision_post_send(request, decision_id: int):
    d = decision_for(request.auth, decision_id)  # the service checks the owner
    return Status(201, [letter_out(x) for x in outbox.decision_letter_post(decision=d, actor=request.auth)])


@router.post(
    "/decisions/digital-post/{letter_id}/retry",
    response={200: OutboxLetterOut, **api_errors(403, 404, 422)},
    summary="Send a failed decision letter again",
)
def decision_post_retry(request, letter_id: int):
    letter = _outbox_letter(request, letter_id)
    return letter_out(outbox.decision_letter_retry(letter=letter, actor=request.auth))


@router.post(
    "/decisions/digital-post/{letter_id}/paper",
    response={200: OutboxLetterOut, **api_errors(403, 404, 422)},
    summary="Record that the decision letter went by paper post instead",
)
def decision_post_paper(request, letter_id: int, payload: OutboxPaperIn):
    letter = _outbox_letter(request, letter_id)
    return letter_out(
        outbox.decision_letter_paper(letter=letter, actor=request.auth, sent_on=payload.sent_on)
    )
