"""One child's case file while `casework` draws it, and the rows a chunk of children adds.

`Book` collects a child's rows and events as the stages of `casework` add them; `Rows` is what
`writer.write_casework` inserts for a chunk of children.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from tidlig.cases.models import Assessment, Investigation
from tidlig.interventions.models import Decision, Measure
from tidlig.organisation.models import Staff
from tidlig.plans.models import Plan
from tidlig.rules.calendar import CPH

from .specs import ChildSpec

NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)
CHILD_PLAN_KINDS = ("child", "youth", "holistic")  # interventions.services._facts
YOUTH_SUPPORT_CODE = "ungestoette"  # interventions.services._facts looks for a decision of this type


def noon(day: dt.date) -> dt.datetime:
    """interventions.services._noon: a date deadline is met at noon of the day."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=CPH)


@dataclass
class Ev:
    child: ChildSpec
    kind: str
    at: dt.datetime
    actor: Staff
    msgid: str
    args: dict
    source: str
    ref: object  # the row whose pk is the event's source_id
    order: int = 1  # a case opened at the same moment as the action that opened it comes first


@dataclass
class Ob:
    child: ChildSpec
    source: str
    ref: object
    derived: object  # rules.obligations.Obligation
    team_id: int | None
    assignee: Staff | None


@dataclass
class Rows:
    """Everything one chunk of children adds, in insert order (writer.write_casework)."""

    cases: list = field(default_factory=list)
    investigations: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    conversations: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    followups: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    access: list = field(default_factory=list)
    events: list[Ev] = field(default_factory=list)
    obligations: list[Ob] = field(default_factory=list)


@dataclass
class Span:
    """A stretch of work that needs an open case; the case may close after a final one."""

    start: dt.datetime
    end: dt.datetime  # NEVER while under way
    final: bool  # nothing follows from it: the case can close
    reason: str  # key of casetexts.CASE_CLOSE_REASONS


@dataclass
class Book:
    """One child's case file while it is planned."""

    c: ChildSpec
    cw: Staff
    owner: Staff | None
    investigations: list[Investigation] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    # Keyed by id(): unsaved model instances are unhashable.
    goals: dict = field(default_factory=lambda: defaultdict(list))  # plan -> goals
    followups: dict = field(default_factory=lambda: defaultdict(list))  # measure -> follow-ups, in order
    visits: dict = field(default_factory=lambda: defaultdict(list))  # measure -> visits
    specs: dict = field(default_factory=dict)  # measure -> its MeasureSpec
    spans: list[Span] = field(default_factory=list)
    events: list[Ev] = field(default_factory=list)
