"""The outbox through the API (issue 14 §4): the twins of the outbox page (list, retry, paper post)."""

from __future__ import annotations

from ninja import Router

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Line, api_errors

from . import selectors, services
from .schemas import OutboxLetterOut, OutboxPaperIn, letter_out

router = Router(tags=["letters (Digital Post)"])


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
