"""FIT scoring (Feedback-Informed Treatment, issue 13 § 4): pure functions, no Django.

The instruments are visual-analogue scales: four items, each marked 0–10 (a 10 cm line, read to one
decimal), the total 0–40 (Miller, Duncan, Brown, Sparks & Claud 2003, "The Outcome Rating Scale: a
preliminary study of the reliability, validity, and feasibility of a brief visual analog measure",
Journal of Brief Therapy 2(2), 91–100). The outcome scales (ORS; CORS for children 6–12; YCORS for
younger children) ask how life is going, the alliance scales (SRS; CSRS; YCSRS) how the meeting was.

Every number below is a default a municipality may change per instrument and age band (FitSettings):

- Clinical cut-off of the outcome total: adults (ORS) 25 (Miller et al. 2003); children 6–12 (CORS) 32
  (Duncan, Sparks, Miller, Bohanske & Claud 2006, "Giving youth a voice", Journal of Brief Therapy 5(2),
  71–88). The adolescent (13–17, ORS) value is often quoted as 28, but we could not verify it in the
  published source, so it is NOT guessed here: it is a required municipality setting (None until set, and
  the pages say so). No cut-off is published for YCORS (under 6), so none is drawn until one is set.
- Reliable change: a difference of 5 points or more between the first and the latest outcome total
  (`reliable_change`; the value in issue 13 § 4 and the developers' scoring guidance).
- Alliance concern: an alliance total below 36, or any single alliance item below 9, or a drop from the
  session before (issue 13 § 4, from the developers' SRS guidance; not checked here against a primary
  source, hence configurable).
- Alert on no reliable change after three sessions (`no_change_sessions`, issue 13 § 4).
- A municipality's own reliable change index (Jacobson & Truax 1991, "Clinical significance: a statistical
  approach to defining meaningful change in psychotherapy research", J Consult Clin Psychol 59(1), 12–19):
  RCI = 1.96 · SD · √(2(1 − r)), SD of the intake totals, r the test-retest reliability.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

ITEMS = 4
ITEM_MIN = Decimal("0")
ITEM_MAX = Decimal("10")
TOTAL_MAX = ITEM_MAX * ITEMS
STEP = Decimal("0.1")


class Instrument(StrEnum):
    ORS = "ORS"
    SRS = "SRS"
    CORS = "CORS"
    CSRS = "CSRS"
    YCORS = "YCORS"
    YCSRS = "YCSRS"


OUTCOME = (Instrument.ORS, Instrument.CORS, Instrument.YCORS)
ALLIANCE = (Instrument.SRS, Instrument.CSRS, Instrument.YCSRS)
ALLIANCE_OF = {
    Instrument.ORS: Instrument.SRS,
    Instrument.CORS: Instrument.CSRS,
    Instrument.YCORS: Instrument.YCSRS,
}


class Band(StrEnum):
    YOUNG = "young"  # under 6: YCORS / YCSRS
    CHILD = "child"  # 6–12: CORS / CSRS
    YOUTH = "youth"  # 13–17: ORS / SRS
    ADULT = "adult"  # 18 and over: ORS / SRS


def band_for_age(age: int | None) -> Band:
    """The age band of a respondent (an adult when the age is not known: a parent)."""
    if age is None or age >= 18:
        return Band.ADULT
    if age >= 13:
        return Band.YOUTH
    if age >= 6:
        return Band.CHILD
    return Band.YOUNG


def instrument_for(band: Band) -> Instrument:
    """The outcome instrument of an age band (the alliance one is `ALLIANCE_OF[...]`)."""
    return {Band.YOUNG: Instrument.YCORS, Band.CHILD: Instrument.CORS}.get(band, Instrument.ORS)


@dataclass(frozen=True)
class Rules:
    """The configurable numbers (defaults cited in the module's docstring)."""

    cutoffs: dict[Band, Decimal | None] = field(
        default_factory=lambda: {
            Band.ADULT: Decimal("25"),
            Band.CHILD: Decimal("32"),
            Band.YOUTH: None,  # required municipality setting: not verified in the published source
            Band.YOUNG: None,
        }
    )
    reliable_change: Decimal = Decimal("5")
    alliance_total: Decimal = Decimal("36")
    alliance_item: Decimal = Decimal("9")
    alliance_drop: Decimal = Decimal("0")  # a drop of more than this from the session before
    no_change_sessions: int = 3

    def cutoff(self, band: Band) -> Decimal | None:
        return self.cutoffs.get(band)


DEFAULT_RULES = Rules()


def parse_item(value) -> Decimal | None:
    """One item as a Decimal with one decimal, or None when it is not a number 0–10 with at most one decimal."""
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite() or d < ITEM_MIN or d > ITEM_MAX or d != d.quantize(STEP):
        return None
    return d.quantize(STEP)


def items_errors(values: Sequence) -> dict[int, str]:
    """{item number (1–4): what is wrong} for four raw values; empty when all four are valid."""
    errors: dict[int, str] = {}
    if len(values) != ITEMS:
        return {0: "count"}
    for i, v in enumerate(values, start=1):
        if v is None or str(v).strip() == "":
            errors[i] = "missing"
        elif parse_item(v) is None:
            errors[i] = "range"
    return errors


def total(items: Sequence[Decimal]) -> Decimal:
    """The total of the four items (0–40, one decimal)."""
    if len(items) != ITEMS:
        raise ValueError("four items")
    return sum((Decimal(i) for i in items), Decimal("0")).quantize(STEP)


class Change(StrEnum):
    IMPROVED = "improved"
    DETERIORATED = "deteriorated"
    NONE = "none"


def change(first: Decimal, latest: Decimal, rules: Rules = DEFAULT_RULES) -> Change:
    """Reliable change from the first to the latest outcome total: ±`reliable_change` or more."""
    diff = Decimal(latest) - Decimal(first)
    if diff >= rules.reliable_change:
        return Change.IMPROVED
    if diff <= -rules.reliable_change:
        return Change.DETERIORATED
    return Change.NONE


def below_cutoff(score: Decimal, band: Band, rules: Rules = DEFAULT_RULES) -> bool | None:
    """In the clinical range (below the cut-off)? None when the band has no cut-off set."""
    cut = rules.cutoff(band)
    return None if cut is None else Decimal(score) < cut


class AllianceReason(StrEnum):
    LOW_TOTAL = "low_total"
    LOW_ITEM = "low_item"
    DROPPED = "dropped"


def alliance_concerns(
    items: Sequence[Decimal], previous_total: Decimal | None = None, rules: Rules = DEFAULT_RULES
) -> list[AllianceReason]:
    """Why the alliance is a concern (empty: it is not): a total below `alliance_total`, any item below
    `alliance_item`, or a drop of more than `alliance_drop` from the session before."""
    reasons = []
    t = total(items)
    if t < rules.alliance_total:
        reasons.append(AllianceReason.LOW_TOTAL)
    if any(Decimal(i) < rules.alliance_item for i in items):
        reasons.append(AllianceReason.LOW_ITEM)
    if previous_total is not None and Decimal(previous_total) - t > rules.alliance_drop:
        reasons.append(AllianceReason.DROPPED)
    return reasons


class OutcomeAlert(StrEnum):
    DETERIORATION = "deterioration"
    NO_CHANGE = "no_change"


def outcome_alerts(totals: Sequence[Decimal], rules: Rules = DEFAULT_RULES) -> list[OutcomeAlert]:
    """Alerts after the latest of a respondent's outcome totals (in session order): reliable deterioration
    since the first session, or no reliable change once `no_change_sessions` sessions are scored."""
    if len(totals) < 2:
        return []
    c = change(totals[0], totals[-1], rules)
    if c == Change.DETERIORATED:
        return [OutcomeAlert.DETERIORATION]
    if c == Change.NONE and len(totals) >= rules.no_change_sessions:
        return [OutcomeAlert.NO_CHANGE]
    return []


def reliable_change_index(sd: float, r: float, z: float = 1.96) -> float:
    """Jacobson & Truax (1991): the smallest difference that is reliable at 95 %: z · SD · √(2(1 − r))."""
    if sd < 0 or not 0 <= r < 1:
        raise ValueError("sd >= 0 and 0 <= r < 1")
    return z * sd * math.sqrt(2 * (1 - r))


def rci_from_intakes(intake_totals: Sequence[float], r: float) -> tuple[float, float]:
    """(RCI, SD) from the intake (first-session) totals of many respondents (sample SD)."""
    if len(intake_totals) < 2:
        raise ValueError("at least two intake totals")
    sd = statistics.stdev(float(t) for t in intake_totals)
    return reliable_change_index(sd, r), sd


# The literature's team benchmark as issue 13 § 4 gives it (not checked against a primary source here),
# shown beside a team's own shares (see README "FIT").
BENCHMARK_RELIABLE_CHANGE = (66, 68)  # % of clients with reliable improvement
BENCHMARK_DETERIORATION = (7, 11)  # % of clients with reliable deterioration
