"""Deadlines of case handling after screening (BL §§ 5, 20, 91, 95, 77–79, 100, 108, 111, 156), as pure functions.

Each function takes plain dates and returns plain dates; `measure_obligations` turns the facts of one
measure into the obligations it triggers. The Django side stores them beside the intake obligations.

Recurring obligations (issue 12): the § 156, stk. 5 supervision visits and the § 79 offer/assessment of the
forældrehandleplan leave ONE ROW PER PERIOD (`recurring_periods`), each with its own status: a visit after
the due date meets the missed period late instead of moving its deadline, so the miss stays on record. The
next period runs from the day the previous one was met (§ 79, stk. 3: "med højst 12 måneders mellemrum";
§ 156, stk. 5: at least two visits a year, i.e. never more than 6 months between two). docs/law.md has the
reading of the text behind each rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from .calendar import CPH, end_of_day
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
YOUTH_PLAN = ObligationType(
    "youth_plan", gettext_noop("Ungeplan efter det fyldte 16. år"), "BL § 108, stk. 2-3"
)
PARENT_PLAN_OFFER = ObligationType(
    "parent_plan_offer", gettext_noop("Tilbud om revision af forældrehandleplanen"), "BL § 79, stk. 2-3"
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
        YOUTH_PLAN,
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
YOUTH_PLAN_AGE = 16  # § 108, stk. 2
YOUTH_PLAN_MONTHS = 3  # § 108, stk. 3


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
    """BL § 79, stk. 2–3: offer a revision within 3 months of the placement, then assess at most every 12 months.

    `last_revision` is the day the previous period was met (an offer, a revision or an assessment)."""
    if last_revision is None:
        return placed + relativedelta(months=PARENT_PLAN_FIRST_MONTHS)
    return last_revision + relativedelta(months=PARENT_PLAN_REVIEW_MONTHS)


def supervision_visit_due(placed: dt.date, last_visit: dt.date | None) -> dt.date:
    """BL § 156, stk. 5: at least two supervision visits with a conversation a year, so one every 6 months."""
    return (last_visit or placed) + relativedelta(months=SUPERVISION_INTERVAL_MONTHS)


@dataclass(frozen=True)
class Period:
    """One period of a recurring obligation: its number (from 1), its deadline and the day it was met."""

    number: int
    due: dt.date
    met_on: dt.date | None


def recurring_periods(
    *,
    first_due: dt.date,
    interval_months: int,
    meetings: tuple[dt.date, ...] | list[dt.date],
    first_meetings: tuple[dt.date, ...] | list[dt.date] | None = None,
    until: dt.date | None = None,
) -> list[Period]:
    """The periods of a recurring obligation, one per period, oldest first.

    Period 1 is due on `first_due`; it is met by the earliest of `first_meetings` (default `meetings`).
    Period n + 1 is due `interval_months` after the day period n was met and is met by the earliest of
    `meetings` after that day. A meeting after the due date meets its period late (status met late); it
    never moves that period's deadline. The first period not met is the open one, and the last.
    `until` is the last day the obligation runs (the placement's end, or the end of its hjemgivelsesperiode,
    § 100, stk. 4): a period due after it is not owed. Meetings on or before `until` count.
    """
    meetings = sorted(set(meetings))
    first = sorted(set(first_meetings)) if first_meetings is not None else meetings
    periods: list[Period] = []
    due, after = first_due, None
    while until is None or due <= until:
        pool = first if not periods else meetings
        met = next((d for d in pool if (after is None or d > after) and (until is None or d <= until)), None)
        periods.append(Period(len(periods) + 1, due, met))
        if met is None:
            break
        after = met
        due = met + relativedelta(months=interval_months)
    return periods


def youth_plan_due(birth_date: dt.date) -> dt.date:
    """BL § 108, stk. 2–3: a placed young person who turns 16 has an ungeplan at the latest 3 months later."""
    return birth_date + relativedelta(years=YOUTH_PLAN_AGE, months=YOUTH_PLAN_MONTHS)


def is_youth(birth_date: dt.date | None, on: dt.date) -> bool:
    """Fyldt 16 år on `on` (the birthday itself counts; 29 February birthdays turn on 28 February)."""
    return birth_date is not None and on >= birth_date + relativedelta(years=YOUTH_PLAN_AGE)


def youth_support_due(birth_date: dt.date) -> dt.date:
    """BL § 111, stk. 1: decide on ungestøtte at the latest 6 months before the placement ends at 18."""
    return birth_date + relativedelta(years=18) - relativedelta(months=YOUTH_SUPPORT_MONTHS_BEFORE_18)


def _ob(t: ObligationType, due: dt.date, met_at: dt.datetime | None, period: int = 0) -> Obligation:
    return Obligation(
        code=t.code,
        title=t.title,
        law=t.law,
        due_at=end_of_day(due),
        due_date=due,
        due_is_time=False,
        met_at=met_at,
        period=period,
    )


def _noon(day: dt.date) -> dt.datetime:
    """A day recorded as a day (a visit, an offer) meets a deadline at noon Copenhagen time."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=CPH)


def _periods(t: ObligationType, periods: list[Period]) -> list[Obligation]:
    return [_ob(t, p.due, _noon(p.met_on) if p.met_on else None, p.number) for p in periods]


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
    plan_recorded_at: dt.datetime | None = None  # the first barnets plan, ungeplan or helhedsorienteret plan
    youth_plan_recorded_at: dt.datetime | None = None  # the first ungeplan or helhedsorienteret plan (§ 108)
    # § 79: revisions of the forældrehandleplan after the child moved out (not the first § 77 plan), offers
    # of a revision (accepted or declined by the parents), and assessments that no revision was needed.
    parent_plan_revisions: tuple[dt.date, ...] = ()
    parent_plan_offers: tuple[dt.date, ...] = ()
    parent_plan_assessments: tuple[dt.date, ...] = ()
    supervision_visits: tuple[dt.date, ...] = ()  # visits with a conversation with the child (§ 156, stk. 5)
    homecoming_period_end: dt.date | None = None  # § 100, stk. 4: the placement continues until this day
    youth_support_decided_at: dt.datetime | None = None
    support_person_offered_at: dt.datetime | None = None
    later_followups: tuple[tuple[dt.date, dt.datetime | None], ...] = field(default_factory=tuple)


def placement_until(f: MeasureFacts) -> dt.date | None:
    """The last day of a placement: the end of its hjemgivelsesperiode if there is one (§ 100, stk. 4: the
    period continues the placement), else the day it ended; None while it runs."""
    if f.ended_on is None:
        return None
    return max(f.ended_on, f.homecoming_period_end or f.ended_on)


def measure_obligations(f: MeasureFacts) -> list[Obligation]:
    """The obligations one measure triggers. § 30 measures trigger none: they are early help without a case."""
    if f.kind not in ("supportive", "placement"):
        return []
    result: list[Obligation] = []
    placement = f.kind == "placement"
    if placement or f.plan_needed:
        due = child_plan_due(f.decided_on, without_consent=placement and f.without_consent)
        # § 91, stk. 1 ("jf. dog § 108") and § 108, stk. 2–4: for a young person of 16 or more the plan is an
        # ungeplan, due at the same time; an ordinary barnets plan does not meet it.
        youth = is_youth(f.child_birth_date, f.decided_on)
        result.append(_ob(CHILD_PLAN, due, f.youth_plan_recorded_at if youth else f.plan_recorded_at))
    if f.started_on is None:
        return result
    ongoing = f.ended_on is None
    if ongoing or f.first_followup_at is not None:
        result.append(
            _ob(
                FIRST_FOLLOWUP, first_followup_due(f.started_on, f.parallel_concluded_on), f.first_followup_at
            )
        )
    if not placement:
        return result
    if ongoing or f.support_person_offered_at is not None:
        # § 75: the decision to offer the custody holder a support person is made with the placement.
        result.append(_ob(SUPPORT_PERSON_OFFER, f.started_on, f.support_person_offered_at))
    until = placement_until(f)
    if f.child_birth_date is not None and not is_youth(f.child_birth_date, f.decided_on):
        # § 108, stk. 2–3: a child who turns 16 while placed gets an ungeplan within 3 months of the birthday.
        turns = f.child_birth_date + relativedelta(years=YOUTH_PLAN_AGE)
        if until is None or turns <= until:
            result.append(_ob(YOUTH_PLAN, youth_plan_due(f.child_birth_date), f.youth_plan_recorded_at))
    since = f.started_on
    offers = [d for d in (*f.parent_plan_revisions, *f.parent_plan_offers) if d >= since]
    result += _periods(
        PARENT_PLAN_OFFER,
        recurring_periods(
            first_due=parent_plan_offer_due(since, None),
            interval_months=PARENT_PLAN_REVIEW_MONTHS,
            first_meetings=offers,  # § 79, stk. 2: the first is an offer, not only an assessment
            meetings=[*offers, *(d for d in f.parent_plan_assessments if d >= since)],
            until=until,
        ),
    )
    result += _periods(
        SUPERVISION_VISIT,
        recurring_periods(
            first_due=supervision_visit_due(since, None),
            interval_months=SUPERVISION_INTERVAL_MONTHS,
            meetings=[d for d in f.supervision_visits if d >= since],
            until=until,
        ),
    )
    if f.child_birth_date is not None:
        due = youth_support_due(f.child_birth_date)
        if ongoing or f.youth_support_decided_at is not None or (until is not None and due <= until):
            result.append(_ob(YOUTH_SUPPORT_DECISION, due, f.youth_support_decided_at))
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
