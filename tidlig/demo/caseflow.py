"""What a screening leads to: an afdækning (§ 19) or a børnefaglig undersøgelse (§ 20), and its outcome.

`timeline.Planner` calls `CaseFlow.screened` for every notification in the order they arrive, so a
measure that an earlier notification led to is known when the next one comes (whether the child had
§ 32 support or a placement decides the reassessment of BL § 137). Only dates and outcomes are decided
here, as specs on the child (specs.InvestigationSpec, AssessmentSpec, MeasureSpec);
`casework` turns them into rows, events and obligations once the notifications have their keys.

Constraints the services enforce hold by construction: one undersøgelse at a time
(`investigation_start`), nothing dated in the future, a decision after the undersøgelse it rests on,
a measure starting on or after its decision, a placement ending the § 32 support it replaces.
"""

from __future__ import annotations

import datetime as dt
import random

from tidlig.rules import casework as rules
from tidlig.rules.calendar import local_date

from . import calibration as cal
from . import story
from .measure_history import (
    ENDED_BY_PLACEMENT,
    ENDED_GOALS_MET,
    PREVENTIVE_CODES,
    PREVENTIVE_ENDED,
    SUPPORT_CODES,
    choose_placement,
)
from .organisation import Org
from .specs import AssessmentSpec, ChildSpec, InvestigationSpec, MeasureSpec, age_on, office_hours

FOREVER = dt.date.max
SUPPORT_TO_PLACEMENT = 0.30  # ASSUMPTION: an undersøgelse of a child with § 32 support leads to placement
SHORT_SUPPORT = 0.25  # ASSUMPTION: § 32 support from the window that has already ended


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


class CaseFlow:
    def __init__(self, org: Org, rng: random.Random, *, now: dt.datetime):
        self.org, self.rng, self.now = org, rng, now
        self.today = local_date(now)
        self.story = story.Story(self.today, org.districts)

    def office(self, day: dt.date) -> dt.datetime:
        return office_hours(self.rng, day)

    def screened(self, c: ChildSpec, p) -> None:
        """After the screening of one notification (Planned `p`)."""
        f = p.fields
        decision, screened_at = f.get("screening_decision"), f.get("screened_at")
        if screened_at is None or decision not in ("afdaekning", "undersoegelse"):
            return
        if decision == "undersoegelse":
            # intake.services.notification_screen → cases.casework.investigation_for_screening: the
            # undersøgelse starts with the screening, its 4 months from the receipt, unless one is running.
            if not self.investigation_running(c, screened_at):
                self.investigation(c, p, aware=local_date(f["received_at"]), start=screened_at)
            return
        if c.is_unborn or c.caseworker is None:
            return  # assessment_start needs the child's caseworker (require_case_owner)
        rng = self.rng
        start = self.office(local_date(screened_at) + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 6))))
        start = max(start, screened_at + dt.timedelta(minutes=rng.randint(10, 90)))
        if start > self.now:
            return  # screened a moment ago; the afdækning has not begun
        day = local_date(start)
        if c.busy_until is not None and c.busy_until >= day:
            return  # the afdækning, undersøgelse or decision under way takes the new notification in
        if c.ongoing_kind_on(day) is None and not self.investigation_running(c, start):
            self.assessment(c, p, start)

    def investigation_running(self, c: ChildSpec, at: dt.datetime) -> bool:
        day = local_date(at)
        return any(
            i.started_at <= at and (i.concluded_on is None or i.concluded_on >= day) for i in c.investigations
        )

    # -- afdækning (§ 19) -----------------------------------------------------------------------------

    def assessment(self, c: ChildSpec, p, start: dt.datetime) -> None:
        rng = self.rng
        concluded = local_date(start) + dt.timedelta(days=rng.randint(10, 70))
        a = AssessmentSpec(
            started_at=start, concluded_on=None, notification=p, reasons=list(p.fields["reasons"])
        )
        c.assessments.append(a)
        if concluded > self.today:
            c.busy_until = FOREVER
            return
        a.concluded_on, a.outcome = concluded, _pick(rng, cal.ASSESSMENT_OUTCOMES)
        c.busy_until = concluded
        after = max(self.office(concluded), start + dt.timedelta(hours=1))
        if a.outcome == "preventive":
            self.preventive(c, after)
        elif a.outcome == "investigation":
            begin = self.office(concluded + dt.timedelta(days=rng.randint(1, 5)))
            received = p.fields["received_at"]
            if any(received < t <= begin for t in c.received):
                # A later notification came meanwhile; its screening decides (and may start one).
                a.outcome = "none"
            elif begin <= self.now and not self.investigation_running(c, begin):
                self.investigation(c, p, aware=concluded, start=begin)

    # -- børnefaglig undersøgelse (§ 20) --------------------------------------------------------------

    def investigation(self, c: ChildSpec, p, *, aware: dt.date, start: dt.datetime) -> None:
        rng = self.rng
        due = rules.investigation_due(aware)
        first = local_date(start)
        script = c.script.get("investigation")
        preliminary = None
        if c.caseworker is None:  # nobody may conclude it yet (require_case_owner)
            concluded = None
        elif script:  # showcase: still running; the overdue one has a foreløbig vurdering
            concluded = None
            if script == "overdue":
                preliminary = due - dt.timedelta(days=3)
        else:
            if rng.random() < cal.INVESTIGATION_ON_TIME:
                concluded = aware + dt.timedelta(days=rng.randint(35, max(35, (due - aware).days)))
            else:
                concluded = due + dt.timedelta(days=rng.randint(5, 55))
                if rng.random() < 0.8:
                    preliminary = due - dt.timedelta(days=rng.randint(0, 10))
            concluded = max(concluded, first + dt.timedelta(days=14))
            if concluded > self.today:
                concluded = None
        if preliminary is not None:
            preliminary = max(preliminary, first)
            if preliminary > self.today:
                preliminary = None
        inv = InvestigationSpec(
            aware_on=aware,
            started_at=start,
            concluded_on=concluded,
            preliminary_on=preliminary,
            notification=p,
            reasons=list(p.fields["reasons"]) if p is not None else [],
        )
        c.investigations.append(inv)
        if concluded is None:
            c.busy_until = FOREVER
            return
        c.busy_until = max(c.busy_until or concluded, concluded)
        ongoing = c.ongoing_kind_on(concluded)
        if c.is_unborn:
            return  # the demo makes no decisions about unborn children
        if ongoing == "placement" or (c.decision_until is not None and c.decision_until >= concluded):
            inv.outcome = "continue"  # the decision under way, or the placement, covers it
            return
        if ongoing == "supportive":
            # Up the staircase, fewer as the district shifts (story.placement_kept).
            s = self.story.shift(concluded, c.district_id)
            kept = story.placement_kept(age_on(c.birth, concluded), s)
            if any(m.homecoming for m in c.measures):  # home after a placement: placed again less often
                kept *= story.replacement_share(s) / story.replacement_share(0.0)
            inv.outcome = "placement" if rng.random() < SUPPORT_TO_PLACEMENT * kept else "continue"
        else:
            inv.outcome = _pick(rng, cal.INVESTIGATION_OUTCOMES)
        if ongoing is None and inv.outcome in ("placement", "supportive"):
            # The story: as the district shifts, placements of the older become § 32 support at home,
            # and some of the youngest are placed sooner (younger at placement).
            s, age = self.story.shift(concluded, c.district_id), age_on(c.birth, concluded)
            if inv.outcome == "placement" and rng.random() >= story.placement_kept(age, s):
                inv.outcome = "supportive"
            elif inv.outcome == "supportive" and age < 6 and rng.random() < story.YOUNG_PLACED * s:
                inv.outcome = "placement"
            elif inv.outcome == "supportive" and rng.random() < story.placed_instead(age, s):
                inv.outcome = "placement"  # where the district did not shift, placed as before
        after = max(self.office(concluded), start + dt.timedelta(hours=1))
        if inv.outcome in ("supportive", "placement"):
            self.decide(c, inv.outcome, concluded, after)
        elif inv.outcome == "preventive":
            self.preventive(c, after)

    # -- decisions ------------------------------------------------------------------------------------

    def decide(self, c: ChildSpec, kind: str, concluded: dt.date, after: dt.datetime) -> None:
        """§ 32 support or a placement, decided two to four weeks after the undersøgelse: made or a draft."""
        rng = self.rng
        decided = concluded + dt.timedelta(days=rng.randint(7, 28))
        if kind == "placement":
            code, place = choose_placement(
                rng, age_on(c.birth, min(decided, self.today)), self.story.shift(decided, c.district_id)
            )
            ms = MeasureSpec(
                code=code,
                decided_on=decided,
                place_name=place,
                without_consent=rng.random() < cal.NEW_WITHOUT_CONSENT_SHARE,
                plan_needed=True,
                after=after,
            )
        else:
            ms = MeasureSpec(
                code=rng.choice(SUPPORT_CODES),
                decided_on=decided,
                plan_needed=rng.random() < cal.PLAN_NEEDED_32,
                after=after,
            )
        c.busy_until = c.decision_until = decided
        if decided > self.today:
            drafted = self.office(concluded + dt.timedelta(days=rng.randint(1, 5)))
            if drafted > self.now:
                return  # concluded a moment ago; the decision is not drafted yet
            ms.decided_on, ms.planned_on = None, decided
            c.measures.append(ms)
            return
        started = decided + dt.timedelta(
            days=rng.randint(0, 3) if kind == "placement" else rng.randint(0, 21)
        )
        ms.started_on = started if started <= self.today else None
        if kind == "placement" and ms.started_on:
            for m in c.measures:  # up the staircase: the placement replaces the support at home
                if m.kind == "supportive" and m.ongoing_on(started) and m.started_on < started:
                    m.ended_on, m.end_reason = started - dt.timedelta(days=1), ENDED_BY_PLACEMENT
        if kind == "supportive" and ms.started_on and rng.random() < SHORT_SUPPORT:
            ended = ms.started_on + dt.timedelta(days=rng.randint(120, 300))
            if ended <= self.today - dt.timedelta(days=7):
                ms.ended_on, ms.end_reason = ended, rng.choice(ENDED_GOALS_MET)
        c.measures.append(ms)

    def preventive(self, c: ChildSpec, after: dt.datetime) -> None:
        """A § 30 measure: early help, decided within two weeks, a course of two to four months."""
        rng = self.rng
        decided = local_date(after) + dt.timedelta(days=rng.randint(3, 14))
        if decided > self.today:
            return
        started = decided + dt.timedelta(days=rng.randint(0, 14))
        ms = MeasureSpec(code=rng.choice(PREVENTIVE_CODES), decided_on=decided, after=after)
        if started <= self.today:
            ms.started_on = started
            ended = started + dt.timedelta(days=rng.randint(56, 112))
            if ended < self.today:
                ms.ended_on, ms.end_reason = ended, PREVENTIVE_ENDED
        c.measures.append(ms)
        c.busy_until = c.decision_until = decided
