"""The plain data the demo plans with before it writes rows: households, children and their case files.

`population` fills these for households and the measures that began before the window, `caseflow` for
what the window's notifications led to; `writer`, `timeline` and `casework` turn them into rows.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from tidlig.organisation.models import Staff
from tidlig.rules.calendar import CPH

from . import calibration as cal


def kind_of(code: str) -> str:
    """The catalogue's kind of a measure code (tidlig.interventions.catalogue)."""
    if code.startswith("anb_"):
        return "placement"
    return "preventive" if code.startswith("bl30") else "supportive"  # bl32_*, ungestoette


@dataclass
class PersonSpec:
    first: str
    last: str
    cpr: str
    address: str
    email: str = ""
    obj: object = None


@dataclass
class MeasureSpec:
    """One decision and its measure. A draft has no decided_on; an unstarted measure no started_on."""

    code: str
    decided_on: dt.date | None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str = ""
    homecoming: bool = False  # a placement that ended with hjemgivelse (§ 100)
    without_consent: bool = False  # § 47
    place_name: str = ""
    plan_needed: bool = False
    planned_on: dt.date | None = None  # a draft: when the decision is expected
    after: dt.datetime | None = None  # the conclusion it follows; the draft is written after it
    pins: dict = field(default_factory=dict)  # showcase: "no_followup", "last_visit"

    @property
    def kind(self) -> str:
        return kind_of(self.code)

    @property
    def place_type(self) -> str:
        return cal.PLACE_TYPE_BY_CODE.get(self.code, "")

    def ongoing_on(self, day: dt.date) -> bool:
        return (
            self.started_on is not None
            and self.started_on <= day
            and (self.ended_on is None or self.ended_on >= day)
        )


@dataclass
class InvestigationSpec:
    """A børnefaglig undersøgelse (§ 20); `notification` is the Planned one that led to it, if any."""

    aware_on: dt.date
    started_at: dt.datetime
    concluded_on: dt.date | None
    preliminary_on: dt.date | None = None
    notification: object = None
    reasons: list[str] = field(default_factory=list)
    outcome: str = "none"


@dataclass
class AssessmentSpec:
    """An afdækning (§ 19)."""

    started_at: dt.datetime
    concluded_on: dt.date | None
    notification: object = None
    reasons: list[str] = field(default_factory=list)
    outcome: str = "none"

    @property
    def started_on(self) -> dt.date:
        return self.started_at.astimezone(CPH).date()


@dataclass
class ChildSpec:
    first: str
    last: str
    sex: str
    address: str
    district_id: int
    cpr: str | None = None
    birth: dt.date | None = None
    institution_id: int | None = None
    institution_name: str = ""
    is_unborn: bool = False
    expected_birth: dt.date | None = None
    mother: PersonSpec | None = None
    measures: list[MeasureSpec] = field(default_factory=list)
    received: list[dt.datetime] = field(default_factory=list)  # when notifications came, sorted later
    # Notifications in the story's years before the window: (received, screening decision, the
    # undersøgelse it started or None); planned apart from the window's (timeline.Planner.earlier).
    earlier: list[tuple[dt.datetime, str, object]] = field(default_factory=list)
    caseworker: Staff | None = None
    caseworker_since: dt.datetime | None = None
    investigations: list[InvestigationSpec] = field(default_factory=list)
    assessments: list[AssessmentSpec] = field(default_factory=list)
    busy_until: dt.date | None = None  # an afdækning, undersøgelse or decision under way until then
    decision_until: dt.date | None = None  # a decision under way (drafted, not yet made) until then
    script: dict = field(default_factory=dict)  # showcase: what happens to this child's undersøgelse
    obj: object = None

    def had_measure_on(self, day: dt.date) -> bool:
        """interventions.selectors.has_ongoing_measure_or_placement: § 32 support or placement that day."""
        return any(m.kind != "preventive" and m.ongoing_on(day) for m in self.measures)

    def ongoing_kind_on(self, day: dt.date) -> str | None:
        kinds = {m.kind for m in self.measures if m.ongoing_on(day)}
        return "placement" if "placement" in kinds else "supportive" if "supportive" in kinds else None


@dataclass
class Family:
    district_id: int
    postcode: str
    address: str
    guardians: list[tuple[PersonSpec, str]]  # (person, relation)
    children: list[ChildSpec]
    caseworker: Staff | None = None
    scripted: bool = False  # a showcase household (showcase.CASE_SCENARIOS): the intake showcase leaves it be
    overrides: dict = field(default_factory=dict)  # (id(child), received_at) -> timeline.Override


def office_hours(rng: random.Random, day: dt.date) -> dt.datetime:
    """A moment in office hours on `day`, as an aware UTC datetime."""
    local = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=CPH)
    return local.astimezone(dt.UTC)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
