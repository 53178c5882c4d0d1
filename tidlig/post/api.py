"""The outbox through the API (issue 14 §4): the twins of the outbox page (list, retry, paper post)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Day, InSchema, Line, api_errors

from . import selectors, services
from .models import Letter

router = Router(tags=["letters (Digital Post)"])


class OutboxLetterOut(Schema):
    id: int
    subject: str
    recipient_name: str
    child_id: int | None
    source: str = Field(description="what the letter is about, fx decision")
    source_id: int | None
    status: str = Field(description="queued, sent, delivered, failed or paper")
    transport: str = Field(description="file or digitalpost (the try that sent it)")
    attempts: int
    last_error: str
    queued_at: dt.datetime
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None = Field(description="sent by Digital Post: the complaint period runs from it")
    delivered_at: dt.datetime | None
    failed_at: dt.datetime | None
    paper_sent_on: dt.date | None


class OutboxPaperIn(InSchema):
    sent_on: Day


def letter_out(x: Letter) -> dict:
    return {f: getattr(x, f) for f in OutboxLetterOut.model_fields}


@router.get(
    "/outbox",
    response={200: list[OutboxLetterOut], **api_errors(403)},
    summary="The letters I (or my team, for a team leader) sent to citizens, newest first",
)
@paginated
def outbox_list(request, status: Line(10) = ""):
    return [letter_out(x) for x in selectors.outbox_for(request.auth, status=status)]


@router.get("/outbox/{letter_id}", response={200: OutboxLetterOut, **api_errors(404)}, summary="One letter")
def outbox_letter(request, letter_id: int):
    return letter_out(selectors.letter_for(request.auth, letter_id))


@router.post(
    "/outbox/{letter_id}/retry",
    response={200: OutboxLetterOut, **api_errors(403, 404, 422)},
    summary="Send a failed letter again",
)
def outbox_retry(request, letter_id: int):
    letter = selectors.letter_for(request.auth, letter_id)
    return letter_out(services.letter_retry(actor=request.auth, letter=letter))


@router.post(
    "/outbox/{letter_id}/paper",
    response={200: OutboxLetterOut, **api_errors(403, 404, 422)},
    summary="Record that the letter went by paper post instead",
)
def outbox_paper(request, letter_id: int, payload: OutboxPaperIn):
    letter = selectors.letter_for(request.auth, letter_id)
    return letter_out(
        services.letter_paper_record(actor=request.auth, letter=letter, sent_on=payload.sent_on)
    )
