from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class ActorOut(Schema):
    id: int
    username: str
    name: str
    role: str


class ChildRefOut(Schema):
    id: int
    name: str | None = None
    cpr: str | None = None


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    action: str
    view: str
    route: str
    method: str
    path: str
    ip: str | None
    user_agent: str
    actor: ActorOut | None
    citizen: str | None = Field(
        None,
        description="A citizen on the family's own pages (/borger/): a keyed digest of their CPR number, never "
        "the number (actor is then null)",
    )
    child: ChildRefOut | None


class EntryPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuditEntryOut]
