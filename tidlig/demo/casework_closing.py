"""What a child's drawn case file comes to: the cases that open and close around the work, and the
obligations the services would store for its rows."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop

from tidlig.cases.models import Case
from tidlig.interventions.models import Measure
from tidlig.rules import casework as rules
from tidlig.rules.calendar import local_date

from . import casetexts as T
from .casefile import CHILD_PLAN_KINDS, NEVER, YOUTH_SUPPORT_CODE, Book, Ob, noon
from .specs import office_hours


class ClosingWork:
    """CaseWork's cases and obligations; uses its rng, m, now, today, days and event."""

    # -- the case: open from the first afdækning, undersøgelse or draft; closed when the work is done ---

    def cases(self, b: Book) -> list[Case]:
        """cases.services.case_open_if_needed opens a case at the first action; case_close closes it."""
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
        youth_plans = [
            p.recorded_on
            for p in b.plans
            if p.kind in CHILD_PLAN_KINDS
            and p.kind != "child"
            and (m.without_consent or p.recorded_on >= m.decided_on)
        ]
        since = m.started_on or m.decided_on
        # § 79, stk. 2: the first forældrehandleplan is drawn up, not revised (rows are stored in list order)
        parent_plans = sorted((p for p in b.plans if p.kind == "parent"), key=lambda p: p.recorded_on)
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
            youth_plan_recorded_at=noon(min(youth_plans)) if youth_plans else None,
            parent_plan_revisions=tuple(p.recorded_on for p in parent_plans[1:] if p.recorded_on >= since),
            supervision_visits=tuple(v.visited_on for v in b.visits[id(m)] if v.talked_with_child),
            homecoming_period_end=m.homecoming_period_end,
            youth_support_decided_at=noon(min(youth)) if youth else None,
            support_person_offered_at=noon(m.support_person_offered_on)
            if m.support_person_offered_on
            else None,
        )
