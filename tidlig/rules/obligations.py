"""Obligations derived from a notification's events (DESIGN.md § 2).

An obligation is something the law or a local standard requires: triggered by one event, due at a
time, met by another. `notification_obligations` is a pure function of the facts and events of one
notification of concern (underretning); the Django side stores its result so that a worklist is one
indexed query, and re-derives it after every event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from .calendar import WorkCalendar, end_of_day, local_date


def gettext_noop(message: str) -> str:
    """Marks a title for translation (makemessages finds it); the UI translates it when shown."""
    return message


class NotifierKind(StrEnum):
    PROFESSIONAL = "professional"  # BL § 133: duty to notify in public service
    CITIZEN = "citizen"  # BL § 135: anyone who learns of neglect
    ANONYMOUS = "anonymous"
    MUNICIPALITY = "municipality"  # BL § 132: the municipality the family moved from


class Status(StrEnum):
    OPEN = "open"
    MET = "met"
    OVERDUE = "overdue"
    MET_LATE = "met_late"
    NOT_APPLICABLE = "not_applicable"


# Event kinds (dotted, as in the audit log) that trigger or meet the intake obligations.
RECEIVED = "intake.notification.received"
ACUTE_ASSESSED = "intake.notification.acute_assessed"
RECEIPT_SENT = "intake.notification.receipt_sent"
SCREENED = "intake.notification.screened"
FEEDBACK_SENT = "intake.notification.feedback_sent"
FEEDBACK_WAIVED = "intake.notification.feedback_waived"
REASSESSED = "intake.notification.reassessed"


@dataclass(frozen=True)
class ObligationType:
    code: str
    title: str
    law: str
    local_standard: bool = False


ACUTE_ASSESSMENT = ObligationType(
    "acute_assessment", gettext_noop("Akut vurdering inden 24 timer"), "BL § 136, stk. 2"
)
RECEIPT = ObligationType("receipt", gettext_noop("Kvittering til underretter"), "BL § 138, stk. 1")
SCREENING = ObligationType(
    "screening", gettext_noop("Screening af underretningen"), "BL § 18; RSL § 3, stk. 2", local_standard=True
)
NOTIFIER_FEEDBACK = ObligationType(
    "notifier_feedback",
    gettext_noop("Tilbagemelding til fagperson"),
    "BL § 138, stk. 2; RSL § 3, stk. 2",
    local_standard=True,
)
REASSESSMENT = ObligationType(
    "reassessment", gettext_noop("Genvurdering af sagen"), "BL § 137, stk. 1", local_standard=True
)
OBLIGATION_TYPES = {
    t.code: t for t in (ACUTE_ASSESSMENT, RECEIPT, SCREENING, NOTIFIER_FEEDBACK, REASSESSMENT)
}


@dataclass(frozen=True)
class LocalDeadlines:
    """The municipality's own service standards (RSL § 3, stk. 2); the defaults are Tidlig's."""

    screening_working_days: int = 6
    feedback_months: int = 3
    reassessment_working_days: int = 10


@dataclass(frozen=True)
class Event:
    kind: str
    at: dt.datetime


@dataclass(frozen=True)
class NotificationFacts:
    received_at: dt.datetime
    notifier_kind: NotifierKind
    # BL § 137: the child already had § 32 support or a placement when the notification came.
    child_had_ongoing_measure: bool = False


@dataclass(frozen=True)
class Obligation:
    code: str
    title: str
    law: str
    due_at: dt.datetime  # aware, UTC; for a date deadline the end of that Copenhagen day
    due_date: dt.date  # the day shown to people
    due_is_time: bool  # True when the deadline is an hour (24-hour rule), not a day
    met_at: dt.datetime | None = None
    not_applicable: bool = False
    # A recurring obligation (§ 156, stk. 5 visits, § 79 offers) leaves one row per period, numbered from 1;
    # 0 is a one-off obligation. Part of the stored key (source, source_id, code, period).
    period: int = 0

    def status(self, now: dt.datetime) -> Status:
        return obligation_status(
            due_at=self.due_at, met_at=self.met_at, not_applicable=self.not_applicable, now=now
        )


def obligation_status(
    *, due_at: dt.datetime, met_at: dt.datetime | None, not_applicable: bool, now: dt.datetime
) -> Status:
    if not_applicable:
        return Status.NOT_APPLICABLE
    if met_at is not None:
        return Status.MET if met_at <= due_at else Status.MET_LATE
    return Status.OVERDUE if now > due_at else Status.OPEN


def acute_assessment_due(received: dt.datetime) -> dt.datetime:
    """BL § 136, stk. 2: within 24 clock hours of receipt, weekends and holidays included.

    Clock hours, not local wall time: across a daylight-saving change 24 hours later is 23:00 or
    01:00 on the local clock, so the arithmetic is done in UTC.
    """
    return received.astimezone(dt.UTC) + dt.timedelta(hours=24)


def receipt_due(received: dt.datetime, calendar: WorkCalendar) -> dt.date:
    """BL § 138, stk. 1: confirm receipt within 6 working days; the day of receipt is not counted."""
    return calendar.add_working_days(local_date(received), 6)


def screening_due(received: dt.datetime, calendar: WorkCalendar, local: LocalDeadlines) -> dt.date:
    """BL § 18 with the municipality's service standard (RSL § 3, stk. 2), in working days."""
    return calendar.add_working_days(local_date(received), local.screening_working_days)


def feedback_due(received: dt.datetime, local: LocalDeadlines) -> dt.date:
    """BL § 138, stk. 2 sets no time; the local standard does, in calendar months from receipt.

    relativedelta clamps to the month's last day: 30 November + 3 months is 28/29 February.
    """
    return local_date(received) + relativedelta(months=local.feedback_months)


def reassessment_due(received: dt.datetime, calendar: WorkCalendar, local: LocalDeadlines) -> dt.date:
    """BL § 137, stk. 1: the law says "genvurdere" without a time; the local standard sets it."""
    return calendar.add_working_days(local_date(received), local.reassessment_working_days)


def receipt_required(kind: NotifierKind) -> bool:
    """BL § 138, stk. 1 covers notifications under §§ 132, 133 and 135; an anonymous one has nobody to answer."""
    return kind != NotifierKind.ANONYMOUS


def _first(events: Iterable[Event], kinds: Sequence[str]) -> Event | None:
    matching = [e for e in events if e.kind in kinds]
    return min(matching, key=lambda e: e.at) if matching else None


def _dated(t: ObligationType, day: dt.date, met: Event | None, *, not_applicable: bool = False) -> Obligation:
    return Obligation(
        code=t.code,
        title=t.title,
        law=t.law,
        due_at=end_of_day(day),
        due_date=day,
        due_is_time=False,
        met_at=met.at if met and not not_applicable else None,
        not_applicable=not_applicable,
    )


def notification_obligations(
    facts: NotificationFacts,
    events: Sequence[Event],
    *,
    calendar: WorkCalendar,
    local: LocalDeadlines,
) -> list[Obligation]:
    """Every obligation one notification triggers, with whether and when it was met."""
    received = facts.received_at
    acute_due = acute_assessment_due(received)
    acute_met = _first(events, [ACUTE_ASSESSED])
    result = [
        Obligation(
            code=ACUTE_ASSESSMENT.code,
            title=ACUTE_ASSESSMENT.title,
            law=ACUTE_ASSESSMENT.law,
            due_at=acute_due,
            due_date=local_date(acute_due),
            due_is_time=True,
            met_at=acute_met.at if acute_met else None,
        )
    ]
    if receipt_required(facts.notifier_kind):
        result.append(_dated(RECEIPT, receipt_due(received, calendar), _first(events, [RECEIPT_SENT])))
    result.append(_dated(SCREENING, screening_due(received, calendar, local), _first(events, [SCREENED])))
    if facts.notifier_kind == NotifierKind.PROFESSIONAL:
        waived = _first(events, [FEEDBACK_WAIVED])
        sent = _first(events, [FEEDBACK_SENT])
        result.append(
            _dated(
                NOTIFIER_FEEDBACK,
                feedback_due(received, local),
                sent,
                not_applicable=waived is not None and sent is None,
            )
        )
    if facts.child_had_ongoing_measure:
        result.append(
            _dated(REASSESSMENT, reassessment_due(received, calendar, local), _first(events, [REASSESSED]))
        )
    return result
