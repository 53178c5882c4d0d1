from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tidlig.core.schemas import Bool, Code, Cpr, Email, InSchema, Int, Line, ObligationOut, Phone, Text


class NotifierIn(InSchema):
    kind: Code = Field(..., description="professional | citizen | anonymous | municipality")
    name: Line(200) = ""
    role: Line(200) = Field("", description="the professional's job title (stilling)")
    workplace: Line(200) = Field(
        "", description="workplace, or for kind=municipality the notifying municipality"
    )
    email: Email = ""
    phone: Phone = ""
    address: Line(300) = ""
    category: Code = Field("", description="Danmarks Statistik's UND1 notifier code, e.g. 2 = school")


class NewChildIn(InSchema):
    first_name: Line(100) = ""
    last_name: Line(100) = ""


class NotificationIn(InSchema):
    child_cpr: Cpr | None = Field(
        None, description="the child's CPR number; or child_id, or unborn_mother_cpr"
    )
    child_id: Int | None = None
    unborn_mother_cpr: Cpr | None = Field(None, description="for an unborn child: the expecting mother's CPR")
    received_at: Line(64) | None = Field(
        None,
        description="ISO 8601 with offset, e.g. 2025-04-14T09:30:00+02:00; required from reception, "
        "ignored for staff who notify as themselves (then it is the time the server received it)",
    )
    notifier: NotifierIn | None = Field(
        None, description="required from reception; staff notify as themselves"
    )
    text: Text = Field("", description="the concern; required (named with the other problems in one 422)")
    new_child: NewChildIn | None = Field(
        None,
        description="reception only: when child_cpr is a plausible child's that the municipality does not "
        "know, register the child with these names in the same request",
    )
    reasons: list[Code] = []
    dialog_based: Bool = Field(
        False, description="drafted at a meeting with the parents present (dialogbaseret underretning)"
    )
    dialog_participants: Text = Field("", description="who took part in the dialog; required if dialog_based")
    dialog_parents_view: Text = Field("", description="what the parents said; required if dialog_based")


class DialogOut(Schema):
    participants: str
    parents_view: str


class NotifierOut(Schema):
    kind: str
    category: str
    name: str
    role: str
    workplace: str
    email: str
    phone: str
    address: str


class Ref(Schema):
    id: int
    name: str


class NotificationChildRef(Schema):
    id: int
    name: str
    cpr: str | None


class EarlierNotification(Schema):
    id: int
    received_at: dt.datetime
    notifier_kind: str
    screening_decision: str


class OpenMeasure(Schema):
    id: int
    title: str
    paragraph: str
    started_on: dt.date | None


class History(Schema):
    earlier_notifications: list[EarlierNotification]
    open_measures: list[OpenMeasure]
    caseworker: Ref | None


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class AbuseReadinessOut(Schema):
    law: str
    readiness_contact: str
    police_contact: str
    childrens_house: str
    acute_phone: str


class NotificationOut(Schema):
    id: int
    child: NotificationChildRef
    received_at: dt.datetime
    channel: str
    notifier: NotifierOut
    text: str
    reasons: list[str]
    dialog: DialogOut | None = Field(None, description="set for a dialog-based notification")
    team: Ref | None
    assignee: Ref | None
    acute_assessed_at: dt.datetime | None
    acute_danger: bool | None
    acute_note: str
    receipt_sent_at: dt.datetime | None
    screening_decision: str
    screened_at: dt.datetime | None
    screening_note: str = Field("", description="the § 18 screening's justification")
    feedback_sent_at: dt.datetime | None
    reassessment_required: bool
    reassessed_at: dt.datetime | None
    attachments: list[AttachmentOut]
    history: History
    obligations: list[ObligationOut]
    abuse_readiness: AbuseReadinessOut | None = Field(
        None,
        description="set when the notification ticks violence or sexual abuse: whom the acute assessment "
        "involves (BL § 15, stk. 2; §§ 124–125), from the municipality's settings",
    )


class SubmittedOut(Schema):
    """What an educator may see of a notification they sent: that it arrived and was acknowledged."""

    id: int
    received_at: dt.datetime
    receipt_sent_at: dt.datetime | None


class AcuteIn(InSchema):
    danger: Bool
    note: Text


class LetterIn(InSchema):
    medium: Code | None = Field(
        None,
        description="email | print | digital_post | phone; default from the draft. digital_post: the recipient "
        "is the notifier's CPR number (a citizen) or CVR number (a professional's workplace), and the letter goes "
        "through the outbox",
    )
    recipient: Line(300) | None = None
    subject: Line(300) | None = None
    body: Text | None = Field(None, description="omit to send Tidlig's draft as it is")


class LetterOut(Schema):
    id: int
    kind: str
    medium: str
    recipient: str
    subject: str
    body: str
    sent_at: dt.datetime | None = Field(
        description="empty while a Digital Post letter waits in the outbox (GET /outbox lists it, source "
        "intake_letter); set when it is sent"
    )


class MeasureInForce(Schema):
    title: str
    paragraph: str
    expected_duration: str


class DraftOut(Schema):
    medium: str
    recipient: str
    subject: str
    body: str
    measures_in_force: list[MeasureInForce] = Field(
        [],
        description="feedback only: the measures in force; their type and planned duration may be added to the "
        "letter only when that matters much for the support the notifier can give (BL § 138, stk. 3)",
    )


class RouteIn(InSchema):
    team_id: Int


class AssignIn(InSchema):
    caseworker_id: Int


class ScreeningIn(InSchema):
    decision: Code = Field(..., description="none | afdaekning | undersoegelse (BL § 18, stk. 1)")
    note: Text


class WaiverIn(InSchema):
    reason: Text


class ReassessmentIn(InSchema):
    participant_ids: list[Int]
    conclusion: Text
