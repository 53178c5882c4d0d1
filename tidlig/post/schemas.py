"""The outbox's API schemas, shared by post's routes and the apps that show their letters (interventions)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tidlig.core.schemas import Day, InSchema

from .models import Letter


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
