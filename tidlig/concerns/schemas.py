from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tidlig.core.schemas import Code, Day, InSchema, Int, Text


class ConcernIn(InSchema):
    child_id: Int
    observation: Text = Field(..., description="what was observed (hvad er iagttaget)")
    observed_on: Day
    follow_up_on: Day | None = None


class EntryIn(InSchema):
    text: Text = Field(..., description="what was done")
    happened_on: Day
    step_id: Int | None = Field(None, description="the handleguide step this entry records")
    follow_up_on: Day | None = Field(None, description="moves the concern's next follow-up")


class CloseIn(InSchema):
    outcome: Code = Field(..., description="resolved | institution | team | notification")
    note: Text = ""


class DialogNotificationIn(InSchema):
    text: Text = Field(..., description="the concern, as in any notification")
    dialog_participants: Text = Field(..., description="who took part in the dialog")
    dialog_parents_view: Text = Field(..., description="what the parents said")
    reasons: list[Code] = []


class GuideStepOut(Schema):
    id: int | None
    order: int
    kind: str
    title: str
    guidance: str
    contact: str
    done: bool | None = None


class GuideOut(Schema):
    acute_phone: str
    steps: list[GuideStepOut]


class ConcernChildRef(Schema):
    id: int
    name: str


class ConcernEntryOut(Schema):
    id: int
    happened_on: dt.date
    step_id: int | None
    text: str
    recorded_by: str


class ConcernOut(Schema):
    id: int
    child: ConcernChildRef
    institution: str | None
    raised_by: str
    observed_on: dt.date
    observation: str
    follow_up_on: dt.date | None
    status: str
    outcome: str
    closed_at: dt.datetime | None
    notification_id: int | None
    rating_id: int | None


class ConcernDetailOut(ConcernOut):
    entries: list[ConcernEntryOut]
    guide: list[GuideStepOut]


class DialogNotificationOut(Schema):
    notification_id: int
    received_at: dt.datetime
    concern: ConcernOut
