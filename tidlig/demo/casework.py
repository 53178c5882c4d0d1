"""Each child's case file: the rows, timeline events and obligations the case-handling services would write.

`population` (measures that began before the window) and `caseflow` (what the window's screenings led
to) decide dates and outcomes; this module fills in the rest the way a caseworker works: the case
opens with the first afdækning, undersøgelse or draft decision and closes when the work is done; a
børnesamtale (or a § 5, stk. 4 reason) before each decision, partshøring and consent; the measure's
start and end; follow-ups (§ 95) with their next dates; supervision visits (§ 156) and
forældrehandleplaner (§§ 77–79) for placements; barnets plan (§ 91) or ungeplan (§ 108) with goals;
journal notes. A few things are late, as in any department.

Events get the kinds and `data["_summary"]` of the services (cases.casework, interventions.services,
plans.services via cases.services.event_record). Obligations are derived with the pure rules from the
same facts `interventions.services._facts` reads, so they equal what `measure_refresh_obligations`,
`decision_refresh_obligations` and `investigation_refresh_obligations` store (tests/test_demo_cases.py
re-runs them on a sample and compares).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_noop

from tidlig.cases.models import Assessment, Case, CaseAccess, ChildConversation, Investigation, JournalNote
from tidlig.interventions.models import Decision, FollowUp, Measure, MeasureType, SupervisionVisit
from tidlig.organisation.models import Staff
from tidlig.plans.models import Goal, Plan
from tidlig.rules import casework as rules
from tidlig.rules.calendar import CPH, local_date

from . import casetexts as T
from .organisation import Org
from .population import ChildSpec, MeasureSpec, age_on, office_hours

NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)
MONTHLY = {"month": Decimal(1), "day": Decimal("30.4"), "hour": Decimal(0), "once": Decimal(0)}
CHILD_PLAN_KINDS = ("child", "youth", "holistic")  # interventions.services._facts
YOUTH_SUPPORT_CODE = "ungestoette"  # interventions.services._facts looks for a decision of this type


def noon(day: dt.date) -> dt.datetime:
    """interventions.services._noon: a date deadline is met at noon of the day."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=CPH)


def monthly_cost(t: MeasureType) -> Decimal | None:
    """interventions.services.decision_make: unit price per month, none for hourly or one-off prices."""
    return (t.unit_price * MONTHLY[t.unit] or None) if t.unit_price else None


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


class CaseWork:
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

    # -- afdækning and undersøgelse -------------------------------------------------------------------

    def investigation(self, b: Book, s) -> None:
        rng, c = self.rng, b.c
        concluded_at = self.at(s.concluded_on, after=s.started_at) if s.concluded_on else None
        outcome = s.outcome if s.outcome in T.INVESTIGATION_CONCLUSIONS else "none"
        row = Investigation(
            child=c.obj,
            notification_id=_nid(s.notification),
            aware_on=s.aware_on,
            started_by=b.cw,
            areas=T.areas(rng, filled=s.concluded_on is not None),
            preliminary_on=s.preliminary_on,
            preliminary_text=rng.choice(T.PRELIMINARY) if s.preliminary_on else "",
            concluded_on=s.concluded_on,
            conclusion=rng.choice(T.INVESTIGATION_CONCLUSIONS[outcome]) if s.concluded_on else "",
        )
        b.investigations.append(row)
        self.event(
            b,
            "cases.investigation.started",
            s.started_at,
            gettext_noop("Børnefaglig undersøgelse startet (§ 20)"),
            "investigation",
            row,
        )
        if s.preliminary_on:
            self.event(
                b,
                "cases.investigation.preliminary",
                self.at(s.preliminary_on, after=s.started_at),
                gettext_noop("Foreløbig vurdering af undersøgelsen (§ 20, stk. 3)"),
                "investigation",
                row,
            )
        if concluded_at:
            self.event(
                b,
                "cases.investigation.concluded",
                concluded_at,
                gettext_noop("Børnefaglig undersøgelse afsluttet (§ 20)"),
                "investigation",
                row,
            )
        b.spans.append(Span(s.started_at, concluded_at or NEVER, s.outcome == "none", "investigation"))
        last = s.concluded_on or self.today
        first = local_date(s.started_at)
        for _ in range(rng.choice((1, 2, 2, 3))):
            day = first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))
            self.note(b, "investigation", day, after=s.started_at)

    def assessment(self, b: Book, s) -> None:
        rng, c = self.rng, b.c
        matters = T.matters_for(s.reasons)
        concluded_at = self.at(s.concluded_on, after=s.started_at) if s.concluded_on else None
        row = Assessment(
            child=c.obj,
            notification_id=_nid(s.notification),
            started_on=s.started_on,
            started_by=b.cw,
            matters=matters,
            professionals=rng.choice(T.PROFESSIONALS),
            concluded_on=s.concluded_on,
            conclusion=rng.choice(T.ASSESSMENT_CONCLUSIONS[s.outcome]) if s.concluded_on else "",
        )
        b.assessments.append(row)
        self.event(
            b,
            "cases.assessment.started",
            s.started_at,
            gettext_noop("Afdækning startet (§ 19): %(matters)s"),
            "assessment",
            row,
            {"matters": matters[:150]},
        )
        if concluded_at:
            self.event(
                b,
                "cases.assessment.concluded",
                concluded_at,
                gettext_noop("Afdækning afsluttet (§ 19)"),
                "assessment",
                row,
            )
        b.spans.append(Span(s.started_at, concluded_at or NEVER, s.outcome == "none", "assessment"))
        last = s.concluded_on or self.today
        day = s.started_on + dt.timedelta(days=rng.randint(0, max((last - s.started_on).days, 0)))
        self.note(b, "assessment", day, after=s.started_at)

    # -- decision, measure and what follows -----------------------------------------------------------

    def decision(self, b: Book, ms: MeasureSpec) -> None:
        rng, c, today = self.rng, b.c, self.today
        t = self.types[ms.code]
        kind = t.kind
        made = ms.decided_on is not None
        day = ms.decided_on or ms.planned_on  # the day of the decision, made or expected
        earliest = local_date(ms.after) if ms.after else day - dt.timedelta(days=21)
        drafted_day = min(max(earliest, day - self.days(3, 14)), day, today)
        drafted_at = self.at(drafted_day, after=ms.after)
        age = age_on(c.birth, day)

        conversation, exception = None, ""
        talk = age >= 7 or (age >= 4 and rng.random() < 0.4)
        if ms.pins.get("no_conversation"):
            pass
        elif talk:
            held = max(day - self.days(1, 10), drafted_day)
            if held <= today:
                conversation = ChildConversation(
                    child=c.obj,
                    held_on=held,
                    held_by=b.cw,
                    bisidder=rng.choice(T.BISIDDERE) if age >= 10 and rng.random() < 0.15 else "",
                    child_view=rng.choice(T.CHILD_VIEWS),
                )
                self.event(
                    b,
                    "cases.conversation.held",
                    self.at(held, after=drafted_at),
                    gettext_noop("Børnesamtale (§ 5, stk. 3)"),
                    "conversation",
                    conversation,
                )
        elif made:
            exception = T.CONVERSATION_EXCEPTION.format(age=max(age, 0))

        # The expected date; once made, the børnesamtale is due by the decision (decision_refresh_obligations).
        planned = ms.planned_on if not made else max(day - self.days(0, 7), drafted_day)

        consent, consent_note, hearing = None, "", None
        if made and kind in ("supportive", "placement"):
            hearing = max(day - self.days(3, 14), drafted_day)
            if ms.without_consent:
                consent, consent_note = False, T.WITHOUT_CONSENT_NOTE
            else:
                consent, consent_note = True, rng.choice(T.CONSENT_NOTES)
        special = ""
        concluded = any(i.concluded_on and i.concluded_on <= day for i in b.investigations)
        if made and kind == "placement" and not concluded:
            special = T.ACUTE_PLACEMENT  # § 46, stk. 3: the undersøgelse runs alongside
        decision = Decision(
            municipality=self.m,
            child=c.obj,
            type=t,
            planned_on=planned,
            decided_on=ms.decided_on,
            decided_by=b.cw if made else None,
            drafted_by=b.cw,
            purpose=T.PURPOSES[kind],
            expected_duration=rng.choice(T.DURATIONS[kind]),
            reasoning=T.REASONINGS[kind],
            consent=consent,
            consent_note=consent_note,
            hearing_on=hearing,
            plan_needed=ms.plan_needed or kind == "placement",
            without_consent=ms.without_consent,
            place_type=ms.place_type,
            place_name=ms.place_name,
            conversation=conversation,
            conversation_exception=exception,
            special_circumstances=special,
        )
        b.decisions.append(decision)
        self.event(
            b,
            "interventions.decision.drafted",
            drafted_at,
            gettext_noop("Udkast til afgørelse: %(type)s"),
            "decision",
            decision,
            {"type": t.title},
        )
        plan_first = None
        if ms.without_consent and made:
            # § 91, stk. 2: without consent, barnets plan is there before the decision.
            plan_first = self.plan(b, "child", max(day - self.days(1, 7), drafted_day), None)
        if not made:
            b.spans.append(Span(drafted_at, NEVER, False, kind))
            return

        decided_at = self.at(day, after=drafted_at)
        measure = Measure(
            municipality=self.m,
            child=c.obj,
            type=t,
            decision=decision,
            decided_on=day,
            started_on=ms.started_on,
            ended_on=ms.ended_on,
            end_reason=ms.end_reason,
            decided_by=b.cw,
            monthly_cost=monthly_cost(t),
            place_type=ms.place_type,
            place_name=ms.place_name,
            without_consent=ms.without_consent,
        )
        if ms.homecoming and ms.ended_on:
            measure.homecoming_decided_on = max(ms.ended_on - self.days(14, 45), ms.started_on or day)
            measure.homecoming_period_end = ms.ended_on + self.days(90, 183)
        b.measures.append(measure)
        b.specs[id(measure)] = ms
        if plan_first is not None:
            plan_first.measure = measure
        self.event(
            b,
            "interventions.decision.made",
            decided_at,
            gettext_noop("Afgørelse truffet: %(type)s (%(law)s)"),
            "measure",
            measure,
            {"type": t.title, "law": t.paragraph},
        )
        if ms.started_on:
            self.event(
                b,
                "interventions.measure.started",
                min(noon(ms.started_on), self.now),
                gettext_noop("Indsats startet: %(type)s"),
                "measure",
                measure,
                {"type": t.title},
            )
            if kind == "placement":
                self.support_person(b, ms, measure)
        if ms.ended_on:
            self.event(
                b,
                "interventions.measure.ended",
                min(noon(ms.ended_on), self.now),
                gettext_noop("Indsats afsluttet: %(type)s – %(reason)s"),
                "measure",
                measure,
                {"type": t.title, "reason": ms.end_reason[:120]},
            )
        reason = "homecoming" if kind == "supportive" and _came_home(b, measure) else kind
        end = min(noon(ms.ended_on), self.now) if ms.ended_on else NEVER
        b.spans.append(Span(drafted_at, end if ms.started_on else NEVER, True, reason))
        if kind == "preventive" or not ms.started_on:
            return
        self.followups(b, ms, measure)
        if kind == "placement":
            self.visits(b, ms, measure)
            self.parent_plans(b, ms, measure)
        if decision.plan_needed and not ms.without_consent:
            self.child_plans(b, ms, measure)
        elif plan_first is not None:
            self.plan_revisions(b, ms, measure, plan_first.recorded_on)

    def youth_support(self, b: Book) -> None:
        """§ 111, stk. 1: for a placed young person, ungestøtte is decided at the latest 6 months before 18."""
        if YOUTH_SUPPORT_CODE not in self.types:
            return
        rng = self.rng
        for m in list(b.measures):
            if m.type.kind != "placement" or m.ended_on is not None or not m.started_on:
                continue
            if b.specs[id(m)].pins.get("no_youth_decision"):
                continue  # the showcase: raadgiver's decision is due in twelve days
            due = rules.youth_support_due(b.c.birth)
            day = due - self.days(0, 75) if rng.random() < 0.9 else due + self.days(1, 40)
            day = max(day, m.decided_on + self.days(7, 40))
            if day < self.today and rng.random() < 0.95:
                self.decision(b, MeasureSpec(code=YOUTH_SUPPORT_CODE, decided_on=day))

    def support_person(self, b: Book, ms: MeasureSpec, measure: Measure) -> None:
        """§ 75: with the placement, the custody holder is offered a support person (most at once)."""
        rng = self.rng
        u = rng.random()
        if u < 0.92:
            day = max(ms.decided_on, ms.started_on - self.days(0, 5))
        elif u < 0.98:
            day = ms.started_on + self.days(3, 40)
        else:
            return  # not offered: the obligation stays open
        if day > self.today:
            return
        measure.support_person_offered_on = day
        measure.support_person_accepted = rng.choices((True, False, None), (0.45, 0.45, 0.10))[0]
        self.event(
            b,
            "interventions.support_person.offered",
            min(noon(day), self.now),
            gettext_noop("Støtteperson tilbudt forældrene (§ 75)"),
            "measure",
            measure,
        )

    def followups(self, b: Book, ms: MeasureSpec, measure: Measure) -> None:
        """§ 95: the first within 3 months (most on time), then at the dates each follow-up sets."""
        if ms.pins.get("no_followup"):
            return
        rng, t = self.rng, measure.type
        start, end = ms.started_on, ms.ended_on
        u = rng.random()
        held = start + (
            self.days(45, 88) if u < 0.85 else self.days(95, 130) if u < 0.95 else self.days(130, 170)
        )
        first = True
        while held <= self.today and (end is None or held < end):
            months = 6 if t.kind == "placement" else rng.choice((3, 6, 6))
            nxt = held + relativedelta(months=months)
            f = FollowUp(
                measure=measure,
                held_on=held,
                held_by=b.cw,
                assessment=rng.choice(T.FOLLOWUP_ASSESSMENTS),
                schedule_reason=rng.choice(T.SCHEDULE_REASONS) if first else "",
                next_on=nxt,
            )
            b.followups[id(measure)].append(f)
            msgid = (
                gettext_noop("Første opfølgning (§ 95): %(type)s")
                if first
                else gettext_noop("Opfølgning (§ 95): %(type)s")
            )
            self.event(
                b,
                "interventions.followup.held",
                min(noon(held), self.now),
                msgid,
                "followup",
                f,
                {"type": t.title},
            )
            if rng.random() < 0.5:
                self.note(b, "placement" if t.kind == "placement" else "measure", held)
            held = max(
                nxt + (self.days(-14, 7) if rng.random() < 0.88 else self.days(10, 60)),
                held + dt.timedelta(days=1),
            )
            first = False

    def visits(self, b: Book, ms: MeasureSpec, measure: Measure) -> None:
        """§ 156, stk. 5: at least two supervision visits a year with a conversation with the child."""
        rng = self.rng
        pin = ms.pins.get("last_visit")
        start, end = ms.started_on, ms.ended_on
        days = []
        v = start + self.days(60, 150)
        while v <= self.today and (end is None or v < end):
            if pin and v >= pin - dt.timedelta(days=30):
                break
            days.append(v)
            v += self.days(100, 180) if rng.random() < 0.9 else self.days(185, 215)
        if pin and start <= pin <= self.today:
            days.append(pin)
        for day in days:
            talked = day == pin or rng.random() < 0.92
            visit = SupervisionVisit(
                measure=measure,
                visited_on=day,
                visited_by=b.cw,
                talked_with_child=talked,
                note=rng.choice(T.VISIT_NOTES) if talked else T.VISIT_NOTE_NO_TALK,
            )
            b.visits[id(measure)].append(visit)
            self.event(
                b,
                "interventions.supervision.visited",
                min(noon(day), self.now),
                gettext_noop("Tilsynsbesøg (§ 156)"),
                "supervision",
                visit,
            )

    def parent_plans(self, b: Book, ms: MeasureSpec, measure: Measure) -> None:
        """§§ 77–79: a forældrehandleplan offered within 3 months of the placement, then every year."""
        day = ms.started_on + (self.days(20, 85) if self.rng.random() < 0.9 else self.days(95, 130))
        while day <= self.today and (ms.ended_on is None or day < ms.ended_on):
            self.plan(b, "parent", day, measure)
            day += self.days(300, 365)

    def child_plans(self, b: Book, ms: MeasureSpec, measure: Measure) -> None:
        """§ 91: barnets plan within 3 months of the decision (most on time), then a new version yearly."""
        rng, day = self.rng, ms.decided_on
        u = rng.random()
        recorded = day + (self.days(10, 85) if u < 0.85 else self.days(95, 130)) if u < 0.95 else None
        if recorded is None and day < self.today - dt.timedelta(days=180):
            recorded = day + self.days(130, 200)  # very late, but not missing for years
        covered = [
            p.recorded_on
            for p in b.plans
            if p.kind in CHILD_PLAN_KINDS and day <= p.recorded_on <= day + dt.timedelta(days=92)
        ]
        if covered:
            return  # the plan made for an earlier decision covers this one, and its revisions go on
        if (
            recorded is not None
            and recorded <= self.today
            and (ms.ended_on is None or recorded < ms.ended_on)
        ):
            self.plan(b, self.plan_kind(b, measure, recorded), recorded, measure)
        else:
            return
        self.plan_revisions(b, ms, measure, recorded)

    def plan_revisions(self, b: Book, ms: MeasureSpec, measure: Measure, last: dt.date) -> None:
        day = last + self.days(330, 400)
        while day <= self.today and (ms.ended_on is None or day < ms.ended_on):
            self.plan(b, self.plan_kind(b, measure, day), day, measure)
            day += self.days(330, 400)

    def plan_kind(self, b: Book, measure: Measure, day: dt.date) -> str:
        if measure.type.kind == "placement" and age_on(b.c.birth, day) >= 16:
            return "youth"  # § 108: from 16, the plan is the young person's own
        return "holistic" if self.rng.random() < 0.05 else "child"

    def plan(self, b: Book, kind: str, day: dt.date, measure: Measure | None) -> Plan:
        goals = T.goals(self.rng, kind)
        plan = Plan(
            child=b.c.obj,
            kind=kind,
            measure=measure,
            recorded_on=day,
            recorded_by=b.cw,
            summary=T.PLAN_SUMMARIES[kind],
        )
        b.plans.append(plan)
        b.goals[id(plan)] = [Goal(plan=plan, text=text, owner=owner) for text, owner in goals]
        self.event(
            b,
            "plans.plan.recorded",
            self.at(day),
            gettext_noop("%(plan)s udarbejdet med %(n)s mål"),
            "plan",
            plan,
            {"plan": self.plan_labels[kind], "n": len(goals)},
        )
        return plan

    def goal_statuses(self, b: Book) -> None:
        """Goals of plans since replaced are mostly achieved; the plan in force is mostly still open."""
        rng = self.rng
        ongoing = any(m.ended_on is None for m in b.measures)
        for group in (CHILD_PLAN_KINDS, ("parent",)):
            plans = sorted((p for p in b.plans if p.kind in group), key=lambda p: p.recorded_on)
            for i, p in enumerate(plans):
                latest = i == len(plans) - 1
                weights = (
                    (0.7, 0.25, 0.05)
                    if latest and ongoing
                    else (0.1, 0.7, 0.2)
                    if latest
                    else (0.3, 0.55, 0.15)
                )
                for g in b.goals[id(p)]:
                    g.status = rng.choices(
                        (Goal.Status.OPEN, Goal.Status.ACHIEVED, Goal.Status.DROPPED), weights
                    )[0]

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

    # -- the case: open from the first afdækning, undersøgelse or draft; closed when the work is done ---

    def cases(self, b: Book) -> list[Case]:
        """cases.casework.case_open_if_needed opens a case at the first action; case_close closes it."""
        out: list[Case] = []
        current: Case | None = None
        busy_end, final, reason = None, False, ""
        for span in sorted(b.spans, key=lambda s: s.start):
            if current is not None and busy_end is not None and busy_end < span.start and final:
                closing = self.closing(busy_end)
                if closing is not None and closing < span.start:
                    self.close(b, current, closing, reason)
                    current = None
            if current is None:
                current = Case(municipality=self.m, child=b.c.obj, opened_at=span.start, opened_by=b.cw)
                out.append(current)
                self.event(
                    b, "cases.case.opened", span.start, gettext_noop("Sag åbnet"), "case", current, order=0
                )
                busy_end, final, reason = span.end, span.final, span.reason
            elif span.end >= busy_end:
                busy_end, final, reason = span.end, span.final, span.reason
        if current is not None and busy_end is not None and busy_end < NEVER and final:
            closing = self.closing(busy_end)
            if closing is not None:
                self.close(b, current, closing, reason)
        return out

    def closing(self, end: dt.datetime) -> dt.datetime | None:
        at = office_hours(self.rng, local_date(end) + self.days(3, 30))
        at = max(at, end + dt.timedelta(hours=1))
        return at if at <= self.now - dt.timedelta(hours=1) else None

    def close(self, b: Book, case: Case, at: dt.datetime, reason: str) -> None:
        text = T.CASE_CLOSE_REASONS[reason if reason in T.CASE_CLOSE_REASONS else "supportive"]
        case.closed_at, case.closed_by, case.close_reason = at, b.cw, text
        self.event(
            b,
            "cases.case.closed",
            at,
            gettext_noop("Sag lukket: %(reason)s"),
            "case",
            case,
            {"reason": text[:200]},
        )

    # -- obligations ----------------------------------------------------------------------------------

    def obligations(self, b: Book) -> list[Ob]:
        """What investigation_refresh_obligations, decision_refresh_obligations and
        measure_refresh_obligations store for this child's rows, owned by the child's caseworker."""
        out: list[Ob] = []

        def add(source, ref, derived):
            out.append(Ob(b.c, source, ref, derived, b.owner.team_id if b.owner else None, b.owner))

        for inv in b.investigations:
            met = noon(inv.concluded_on) if inv.concluded_on else None
            add(
                "investigation",
                inv,
                rules._ob(rules.INVESTIGATION, rules.investigation_due(inv.aware_on), met),
            )
        for d in b.decisions:
            met = None
            if d.conversation is not None:
                met = noon(d.conversation.held_on)
            elif d.conversation_exception:
                met = noon(d.decided_on or self.today)
            add("decision", d, rules._ob(rules.CHILD_CONVERSATION, d.decided_on or d.planned_on, met))
        for m in b.measures:
            for derived in rules.measure_obligations(self.facts(b, m)):
                add("measure", m, derived)
            followups = sorted(b.followups[id(m)], key=lambda f: f.held_on)
            for i, f in enumerate(followups):
                if f.next_on is None:
                    continue
                following = followups[i + 1] if i + 1 < len(followups) else None
                if following is None and m.ended_on is not None:
                    continue
                met = noon(following.held_on) if following else None
                add("followup", f, rules._ob(rules.FOLLOWUP, f.next_on, met))
        return out

    def facts(self, b: Book, m: Measure) -> rules.MeasureFacts:
        """interventions.services._facts, read from the child's rows in memory."""
        followups = sorted(b.followups[id(m)], key=lambda f: f.held_on)
        parallel = None
        if m.started_on:
            # § 95, stk. 2, nr. 1: an afdækning/undersøgelse running when the measure started, ending after.
            s = m.started_on
            ends = [
                i.concluded_on
                for i in b.investigations
                if i.aware_on <= s and i.concluded_on and i.concluded_on > s
            ]
            ends += [
                a.concluded_on
                for a in b.assessments
                if a.started_on <= s and a.concluded_on and a.concluded_on > s
            ]
            parallel = min(ends, default=None)
        plans = [
            p.recorded_on
            for p in b.plans
            if p.kind in CHILD_PLAN_KINDS and (m.without_consent or p.recorded_on >= m.decided_on)
        ]
        since = m.started_on or m.decided_on
        youth = [d.decided_on for d in b.decisions if d.type.code == YOUTH_SUPPORT_CODE and d.decided_on]
        return rules.MeasureFacts(
            kind=m.type.kind,
            decided_on=m.decided_on,
            started_on=m.started_on,
            ended_on=m.ended_on,
            without_consent=m.without_consent,
            plan_needed=bool(m.decision and m.decision.plan_needed),
            parallel_concluded_on=parallel,
            child_birth_date=b.c.birth,
            first_followup_at=noon(followups[0].held_on) if followups else None,
            plan_recorded_at=noon(min(plans)) if plans else None,
            parent_plan_revisions=tuple(
                p.recorded_on for p in b.plans if p.kind == "parent" and p.recorded_on >= since
            ),
            supervision_visits=tuple(v.visited_on for v in b.visits[id(m)] if v.talked_with_child),
            youth_support_decided_at=noon(min(youth)) if youth else None,
            support_person_offered_at=noon(m.support_person_offered_on)
            if m.support_person_offered_on
            else None,
        )


def _nid(planned) -> int | None:
    obj = getattr(planned, "obj", None)
    return obj.pk if obj is not None else None


def _came_home(b: Book, measure: Measure) -> bool:
    """§ 32 support that followed a placement ending the day before (hjemgivelse)."""
    if not measure.started_on:
        return False
    return any(
        m.type.kind == "placement"
        and m.ended_on is not None
        and measure.started_on - dt.timedelta(days=1) <= m.ended_on <= measure.started_on
        for m in b.measures
    )
