"""Deadlines of case handling after screening (BL §§ 5, 20, 91, 95, 77–79, 111, 156), as pure functions.

Each function takes plain dates and returns plain dates; `casework_obligations` turns the facts of one
measure into the obligations it triggers. The Django side stores them beside the intake obligations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from .calendar import end_of_day
from .obligations import Obligation, ObligationType, gettext_noop

INVESTIGATION = ObligationType(
    "investigation", gettext_noop("Børnefaglig undersøgelse afsluttet inden 4 måneder"), "BL § 20, stk. 3"
)
CHILD_CONVERSATION = ObligationType(
    "child_conversation", gettext_noop("Børnesamtale før afgørelsen"), "BL § 5, stk. 3-4"
)
FIRST_FOLLOWUP = ObligationType(
    "first_followup", gettext_noop("Første opfølgning på indsatsen"), "BL § 95, stk. 2"
)
FOLLOWUP = ObligationType("followup", gettext_noop("Opfølgning på indsatsen"), "BL § 95, stk. 3")
CHILD_PLAN = ObligationType("child_plan", gettext_noop("Barnets plan"), "BL § 91")
PARENT_PLAN_OFFER = ObligationType(
    "parent_plan_offer", gettext_noop("Tilbud om revision af forældrehandleplanen"), "BL §§ 75, 77, 79"
)
SUPERVISION_VISIT = ObligationType(
    "supervision_visit", gettext_noop("Tilsynsbesøg med samtale med barnet"), "BL § 156, stk. 5"
)
SUPPORT_PERSON_OFFER = ObligationType(
    "support_person_offer", gettext_noop("Tilbud om støtteperson til forældrene"), "BL § 75"
)
YOUTH_SUPPORT_DECISION = ObligationType(
    "youth_support_decision", gettext_noop("Afgørelse om ungestøtte"), "BL § 111, stk. 1"
)
CASEWORK_TYPES = {
    t.code: t
    for t in (
        INVESTIGATION,
        CHILD_CONVERSATION,
        FIRST_FOLLOWUP,
        FOLLOWUP,
        CHILD_PLAN,
        PARENT_PLAN_OFFER,
        SUPERVISION_VISIT,
        YOUTH_SUPPORT_DECISION,
        SUPPORT_PERSON_OFFER,
    )
}

INVESTIGATION_MONTHS = 4
FIRST_FOLLOWUP_MONTHS = 3
PLAN_MONTHS = 3
PARENT_PLAN_FIRST_MONTHS = 3
PARENT_PLAN_REVIEW_MONTHS = 12
SUPERVISION_INTERVAL_MONTHS = 6  # at least two visits a year
YOUTH_SUPPORT_MONTHS_BEFORE_18 = 6


def investigation_due(aware: dt.date) -> dt.date:
    """BL § 20, stk. 3: concluded at the latest 4 months after the municipality became aware of the need.

    Calendar months; relativedelta clamps to the month's end (31 October + 4 months = 28/29 February).
    """
    return aware + relativedelta(months=INVESTIGATION_MONTHS)


def first_followup_due(started: dt.date, parallel_concluded: dt.date | None = None) -> dt.date:
    """BL § 95, stk. 2: the earlier of (1) the end of an afdækning/undersøgelse running alongside the
    measure and (2) 3 months after the measure started."""
    three_months = started + relativedelta(months=FIRST_FOLLOWUP_MONTHS)
    if parallel_concluded is not None and parallel_concluded > started:
        return min(three_months, parallel_concluded)
    return three_months


def child_plan_due(decided: dt.date, *, without_consent: bool) -> dt.date:
    """BL § 91, stk. 1–2: 3 months after the decision; for a placement without consent (§ 47), before it."""
    return decided if without_consent else decided + relativedelta(months=PLAN_MONTHS)


def parent_plan_offer_due(placed: dt.date, last_revision: dt.date | None) -> dt.date:
    """BL § 79, stk. 2–3: offer a revision within 3 months of the placement, then assess at most every 12 months."""
    if last_revision is None:
        return placed + relativedelta(months=PARENT_PLAN_FIRST_MONTHS)
    return last_revision + relativedelta(months=PARENT_PLAN_REVIEW_MONTHS)


def supervision_visit_due(placed: dt.date, last_visit: dt.date | None) -> dt.date:
    """BL § 156, stk. 5: at least two supervision visits with a conversation a year, so one every 6 months."""
    return (last_visit or placed) + relativedelta(months=SUPERVISION_INTERVAL_MONTHS)


def youth_support_due(birth_date: dt.date) -> dt.date:
    """BL § 111, stk. 1: decide on ungestøtte at the latest 6 months before the placement ends at 18."""
    return birth_date + relativedelta(years=18) - relativedelta(months=YOUTH_SUPPORT_MONTHS_BEFORE_18)


def _ob(t: ObligationType, due: dt.date, met_at: dt.datetime | None) -> Obligation:
    return Obligation(
        code=t.code,
        title=t.title,
        law=t.law,
        due_at=end_of_day(due),
        due_date=due,
        due_is_time=False,
        met_at=met_at,
    )


@dataclass(frozen=True)
class MeasureFacts:
    """What the rules need to know about one measure (indsats) and what has happened to it."""

    kind: str  # "preventive" (§ 30), "supportive" (§ 32) or "placement" (§§ 46/47)
    decided_on: dt.date
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    without_consent: bool = False  # § 47
    plan_needed: bool = False  # the § 32 decision says whether a plan is needed (§ 91, stk. 1)
    parallel_concluded_on: dt.date | None = None  # an afdækning/undersøgelse concluded alongside
    child_birth_date: dt.date | None = None
    first_followup_at: dt.datetime | None = None
    plan_recorded_at: dt.datetime | None = None
    parent_plan_revisions: tuple[dt.date, ...] = ()
    supervision_visits: tuple[dt.date, ...] = ()
    youth_support_decided_at: dt.datetime | None = None
    support_person_offered_at: dt.datetime | None = None
    later_followups: tuple[tuple[dt.date, dt.datetime | None], ...] = field(default_factory=tuple)


def measure_obligations(f: MeasureFacts) -> list[Obligation]:
    """The obligations one measure triggers. § 30 measures trigger none: they are early help without a case."""
    if f.kind not in ("supportive", "placement"):
        return []
    result: list[Obligation] = []
    placement = f.kind == "placement"
    if placement or f.plan_needed:
        due = child_plan_due(f.decided_on, without_consent=placement and f.without_consent)
        result.append(_ob(CHILD_PLAN, due, f.plan_recorded_at))
    if f.started_on is None:
        return result
    ongoing = f.ended_on is None
    if ongoing or f.first_followup_at is not None:
        result.append(
            _ob(
                FIRST_FOLLOWUP, first_followup_due(f.started_on, f.parallel_concluded_on), f.first_followup_at
            )
        )
    if placement and (ongoing or f.support_person_offered_at is not None):
        # § 75: the decision to offer the custody holder a support person is made with the placement.
        result.append(_ob(SUPPORT_PERSON_OFFER, f.started_on, f.support_person_offered_at))
    if placement and ongoing:
        last_revision = max(f.parent_plan_revisions, default=None)
        result.append(_ob(PARENT_PLAN_OFFER, parent_plan_offer_due(f.started_on, last_revision), None))
        last_visit = max(f.supervision_visits, default=None)
        result.append(_ob(SUPERVISION_VISIT, supervision_visit_due(f.started_on, last_visit), None))
        if f.child_birth_date is not None:
            result.append(
                _ob(YOUTH_SUPPORT_DECISION, youth_support_due(f.child_birth_date), f.youth_support_decided_at)
            )
    return result


def staircase_level(active_levels: list[int]) -> int:
    """The child's step on the staircase (DESIGN.md § 3): the highest active measure, or 1 (almen indsats)."""
    return max(active_levels, default=1)


def staircase_history(
    measures: list[tuple[dt.date, dt.date | None, int]], *, until: dt.date
) -> list[tuple[dt.date, int]]:
    """The days the child's step changed, as (date, level), from (started, ended, level) of each measure.

    A measure counts from its start day up to and including its end day.
    """
    days = sorted(
        {s for s, _, _ in measures if s <= until}
        | {e + dt.timedelta(days=1) for _, e, _ in measures if e is not None and e < until}
    )
    history: list[tuple[dt.date, int]] = []
    for day in days:
        level = staircase_level([lvl for s, e, lvl in measures if s <= day and (e is None or e >= day)])
        if not history or history[-1][1] != level:
            history.append((day, level))
    return history
