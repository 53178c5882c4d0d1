"""Decisions and measures in a child's case file: the børnesamtale, partshøring and consent before a
decision, the measure's start and end, ungestøtte (§ 111) and the support person offered (§ 75)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_noop

from tidlig.cases.models import ChildConversation
from tidlig.interventions.models import Decision, Measure, MeasureType
from tidlig.rules import casework as rules
from tidlig.rules.calendar import local_date

from . import casetexts as T
from .casefile import NEVER, YOUTH_SUPPORT_CODE, Book, Span, noon
from .specs import MeasureSpec, age_on

MONTHLY = {"month": Decimal(1), "day": Decimal("30.4"), "hour": Decimal(0), "once": Decimal(0)}


def monthly_cost(t: MeasureType) -> Decimal | None:
    """interventions.services.decision_make: unit price per month, none for hourly or one-off prices."""
    return (t.unit_price * MONTHLY[t.unit] or None) if t.unit_price else None


class DecisionWork:
    """CaseWork's decisions and measures; uses its rng, m, now, today, types, at, days and event, and the
    follow-ups, visits and plans of `casework_plans.PlanWork`."""

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
