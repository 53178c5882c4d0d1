"""Each child's case file: the rows, timeline events and obligations the case-handling services would write.

`population` (measures that began before the window) and `caseflow` (what the window's screenings led
to) decide dates and outcomes; this module fills in the rest the way a caseworker works: the case
opens with the first afdækning, undersøgelse or draft decision and closes when the work is done; a
børnesamtale (or a § 5, stk. 4 reason) before each decision, partshøring and consent; the measure's
start and end; follow-ups (§ 95) with their next dates; supervision visits (§ 156) and
forældrehandleplaner (§§ 77–79) for placements; barnets plan (§ 91) or ungeplan (§ 108) with goals;
journal notes. A few things are late, as in any department.

Events get the kinds and `data["_summary"]` of the services (cases.casework, interventions.services,
plans.services via timeline.services.event_record). Obligations are derived with the pure rules from the
same facts `interventions.services._facts` reads, so they equal what `measure_refresh_obligations`,
`decision_refresh_obligations` and `investigation_refresh_obligations` store (tests/test_demo_cases.py
re-runs them on a sample and compares).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils.translation import gettext_noop

from tidlig.cases.models import CaseAccess, JournalNote
from tidlig.interventions.models import MeasureType
from tidlig.plans.models import Plan
from tidlig.rules.calendar import local_date

from . import casetexts as T
from .casefile import Book, Ev, Rows
from .casework_closing import ClosingWork
from .casework_decisions import DecisionWork
from .casework_inquiry import InquiryWork
from .casework_plans import PlanWork
from .organisation import Org
from .specs import ChildSpec, office_hours


class CaseWork(InquiryWork, DecisionWork, PlanWork, ClosingWork):
    """Draws each child's case file stage by stage: `casework_inquiry` (afdækning and undersøgelse),
    `casework_decisions` (decisions and measures), `casework_plans` (follow-ups, visits and plans) and
    `casework_closing` (the case and its obligations); the shared helpers are here."""

    def __init__(self, org: Org, rng: random.Random, *, now: dt.datetime, types: dict[str, MeasureType]):
        self.org, self.rng, self.now, self.types = org, rng, now, types
        self.m = org.municipality
        self.today = local_date(now)
        # Danish labels, as the services store them (the build runs under translation.override("da")).
        self.note_labels = {k: str(label) for k, label in JournalNote.Kind.choices}
        self.plan_labels = {k: str(label) for k, label in Plan.Kind.choices}

    # -- time -----------------------------------------------------------------------------------------

    def at(self, day: dt.date, *, after: dt.datetime | None = None) -> dt.datetime:
        """When something dated `day` was recorded: office hours, after `after`, never after now."""
        t = office_hours(self.rng, day)
        if after is not None and t <= after:
            t = after + dt.timedelta(minutes=self.rng.randint(5, 90))
        return min(t, self.now - dt.timedelta(seconds=self.rng.randint(60, 1800)))

    def days(self, lo: int, hi: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(lo, hi))

    # -- one chunk ------------------------------------------------------------------------------------

    def chunk(self, children: list[ChildSpec]) -> Rows:
        rows = Rows()
        for c in children:
            if c.investigations or c.assessments or c.measures:
                self.child(c, rows)
        return rows

    def child(self, c: ChildSpec, rows: Rows) -> None:
        # The child's caseworker acts and owns the deadlines. A child routed to a sibling's caseworker and
        # screened a moment ago is not theirs yet: the screening's undersøgelse has no owner (route_for).
        actor = c.caseworker or next(
            s.notification.fields["assignee"] for s in c.investigations if s.notification
        )
        b = Book(c=c, cw=actor, owner=c.caseworker)
        for s in sorted(c.investigations, key=lambda s: s.started_at):
            self.investigation(b, s)
        for s in sorted(c.assessments, key=lambda s: s.started_at):
            self.assessment(b, s)
        for ms in sorted(c.measures, key=lambda ms: ms.decided_on or ms.planned_on):
            self.decision(b, ms)
        self.youth_support(b)
        self.goal_statuses(b)
        cases = self.cases(b)
        if cases and cases[-1].closed_at is None and b.owner and self.rng.random() < 0.03:
            colleagues = [s for s in self.org.caseworkers.get(b.cw.team_id, []) if s != b.cw]
            if colleagues:
                rows.access.append(
                    CaseAccess(
                        child=c.obj,
                        staff=self.rng.choice(colleagues),
                        granted_by=b.cw,
                        reason=self.rng.choice(T.ACCESS_REASONS),
                    )
                )
        rows.cases += cases
        rows.investigations += b.investigations
        rows.assessments += b.assessments
        rows.decisions += b.decisions
        rows.conversations += [d.conversation for d in b.decisions if d.conversation is not None]
        rows.measures += b.measures
        rows.plans += b.plans
        rows.goals += [g for p in b.plans for g in b.goals[id(p)]]
        rows.followups += [f for m in b.measures for f in b.followups[id(m)]]
        rows.visits += [v for m in b.measures for v in b.visits[id(m)]]
        rows.notes += [e.ref for e in b.events if e.kind == "cases.note.written"]
        rows.events += sorted(b.events, key=lambda e: (e.at, e.order))
        rows.obligations += self.obligations(b)

    def event(self, b: Book, kind: str, at: dt.datetime, msgid: str, source: str, ref, args=None, order=1):
        b.events.append(Ev(b.c, kind, at, b.cw, msgid, args or {}, source, ref, order))

    def note(self, b: Book, topic: str, day: dt.date, *, after: dt.datetime | None = None) -> None:
        day = min(day, self.today)
        kind, text = self.rng.choice(T.NOTES[topic])
        note = JournalNote(child=b.c.obj, kind=kind, happened_on=day, author=b.cw, text=text)
        written = self.at(min(day + self.days(0, 1), self.today), after=after)
        note.written_at = written  # writer keeps it (JournalNote.written_at is auto_now_add)
        self.event(
            b,
            "cases.note.written",
            written,
            gettext_noop("Journalnotat (%(kind)s): %(text)s"),
            "note",
            note,
            {"kind": self.note_labels[kind], "text": text[:120]},
        )
