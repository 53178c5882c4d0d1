"""What follows a measure in a child's case file: follow-ups (§ 95), supervision visits (§ 156),
forældrehandleplaner (§§ 77–79), barnets plan (§ 91) or ungeplan (§ 108) with goals."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_noop

from tidlig.interventions.models import FollowUp, Measure, SupervisionVisit
from tidlig.plans.models import Goal, Plan
from tidlig.timeline.models import counted

from . import casetexts as T
from .casefile import CHILD_PLAN_KINDS, Book, noon
from .specs import MeasureSpec, age_on


class PlanWork:
    """CaseWork's follow-ups, visits and plans; uses its rng, now, today, plan_labels, at, days, event and note."""

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
        start = ms.started_on
        end = (
            measure.homecoming_period_end or ms.ended_on
        )  # § 100, stk. 4: the period continues the placement
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
        """§§ 77–79: a forældrehandleplan drawn up with the placement (§ 77), a revision within 3 months of it
        (§ 79, stk. 2), then every year (stk. 3)."""
        if ms.started_on <= self.today and not any(p.kind == "parent" for p in b.plans):
            self.plan(b, "parent", ms.started_on, measure)  # the first plan is not the § 79 revision
        end = measure.homecoming_period_end or ms.ended_on
        day = ms.started_on + (self.days(20, 85) if self.rng.random() < 0.9 else self.days(95, 130))
        while day <= self.today and (end is None or day < end):
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
            counted("%(plan)s udarbejdet med 1 mål", "%(plan)s udarbejdet med %(n)s mål"),
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
