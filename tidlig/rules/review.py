"""Case review (sagsgennemgang) the way Ankestyrelsen's Børnesagsbarometer does it (issue 12, section 1), and
the appeal and letter deadlines (retssikkerhedsloven §§ 66-68). Pure Python: no Django, no clock.

- `CHECKPOINTS`: the barometer's checkpoints mapped to Barnets lov, with the national rates the issue quotes
  (the barometer ran under serviceloven until 2024; docs/review.md has the mapping with the paragraphs).
- `pre_answer`: what Tidlig derives for one checkpoint from a case's stored obligations and facts.
- `draw`: a seeded, reproducible (optionally stratified) sample.
- `wilson`: the 95 % confidence interval of a share (Wilson score interval).
- `complaint_deadline`, `reconsideration_due`, `appeal_shares`: the appeal rules.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from dateutil.relativedelta import relativedelta


def gettext_noop(message: str) -> str:
    return message


class Answer(StrEnum):
    MET = "met"
    MET_LATE = "met_late"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


ANSWER_TITLES = {
    Answer.MET: gettext_noop("Overholdt"),
    Answer.MET_LATE: gettext_noop("Overholdt for sent"),
    Answer.NOT_MET: gettext_noop("Ikke overholdt"),
    Answer.NOT_APPLICABLE: gettext_noop("Ikke relevant"),
}


@dataclass(frozen=True)
class Checkpoint:
    code: str
    title: str
    law: str
    # The obligation codes (rules.obligations / rules.casework) whose stored rows answer it; empty when
    # Tidlig derives it from other facts or cannot derive it at all.
    obligations: tuple[str, ...] = ()
    derived: bool = True
    # Ankestyrelsen's published national rates (per cent), oldest first, as quoted in issue 12.
    national: tuple[str, ...] = ()
    national_latest: float | None = None


CHECKPOINTS: tuple[Checkpoint, ...] = (
    Checkpoint(
        "acute_assessment",
        gettext_noop("Underretningen vurderet inden 24 timer"),
        "BL § 136, stk. 2",
        obligations=("acute_assessment",),
        national=("87 %", "88 %", "92 %"),
        national_latest=92,
    ),
    Checkpoint(
        "acute_action",
        gettext_noop("Handlet, da et akut behov blev fundet"),
        "BL § 136, stk. 2",
        derived=False,
        national=("100 %",),
        national_latest=100,
    ),
    Checkpoint(
        "investigation_made",
        gettext_noop("Børnefaglig undersøgelse, hvor den var påkrævet"),
        "BL §§ 18, 20",
        national=("69–73 %",),
        national_latest=71,
    ),
    Checkpoint(
        "investigation_in_time",
        gettext_noop("Undersøgelsen afsluttet inden 4 måneder"),
        "BL § 20, stk. 3",
        obligations=("investigation",),
        national=("60 % (2021)", "50 % (2024)"),
        national_latest=50,
    ),
    Checkpoint(
        "child_talk_investigation",
        gettext_noop("Samtale med barnet under undersøgelsen"),
        "BL § 5, stk. 3; § 22",
        national=("95 %",),
        national_latest=95,
    ),
    Checkpoint(
        "child_conversation",
        gettext_noop("Børnesamtale før afgørelsen"),
        "BL § 5, stk. 3-4",
        obligations=("child_conversation",),
        national=("56 %", "61 %", "57 %", "65 %"),
        national_latest=65,
    ),
    Checkpoint(
        "decision_purpose",
        gettext_noop("Afgørelsen angiver formål og forventet varighed"),
        "BL § 32, stk. 3",
        derived=False,
    ),
    Checkpoint(
        "involvement_quality",
        gettext_noop("Barnets inddragelse er tilstrækkelig"),
        "BL § 5, stk. 1-3",
        derived=False,
    ),
    Checkpoint(
        "plan",
        gettext_noop("Plan (barnets plan / ungeplan) foreligger"),
        "BL §§ 91-92",
        obligations=("child_plan",),
        national=("77 %",),
        national_latest=77,
    ),
    Checkpoint(
        "followup",
        gettext_noop("Opfølgning inden 3 måneder"),
        "BL § 95, stk. 2",
        obligations=("first_followup",),
        national=("44 %", "50 %", "75 %"),
        national_latest=75,
    ),
    Checkpoint(
        "supervision",
        gettext_noop("Tilsynsbesøg med samtale med barnet"),
        "BL § 156, stk. 5",
        obligations=("supervision_visit",),
    ),
)
BY_CODE = {c.code: c for c in CHECKPOINTS}


@dataclass(frozen=True)
class ObligationFact:
    """One stored obligation of the case, with its status at the review's date (rules.obligations.Status)."""

    code: str
    title: str
    due_date: dt.date
    met_on: dt.date | None
    status: str  # open, met, met_late, overdue, not_applicable
    event_id: int | None = None  # the timeline event that met it, when one was recorded at that moment


@dataclass(frozen=True)
class CaseFacts:
    obligations: Sequence[ObligationFact] = ()
    # (started, concluded or None) of each § 20 investigation
    investigations: Sequence[tuple[dt.date, dt.date | None]] = ()
    conversations: Sequence[dt.date] = ()  # § 5 børnesamtaler held
    decisions: Sequence[dt.date] = ()  # decisions made (§§ 32, 46, 47)
    screened_for_investigation: bool = False  # § 18, stk. 1, nr. 3: screening said investigation


@dataclass(frozen=True)
class Evidence:
    what: str
    on: dt.date | None
    due: dt.date | None = None
    event_id: int | None = None  # the event on the child's timeline that is the evidence


@dataclass(frozen=True)
class PreAnswer:
    answer: Answer | None  # None: Tidlig cannot derive it, the reviewer answers
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


_RANK = {Answer.NOT_MET: 3, Answer.MET_LATE: 2, Answer.MET: 1, Answer.NOT_APPLICABLE: 0}


def _from_obligations(facts: Iterable[ObligationFact]) -> PreAnswer:
    """The worst of the checkpoint's obligations: one missed deadline is enough for "not met". An open
    obligation not yet due says nothing yet (not applicable at the review's date)."""
    answer, evidence = Answer.NOT_APPLICABLE, []
    for o in facts:
        a = {
            "met": Answer.MET,
            "met_late": Answer.MET_LATE,
            "overdue": Answer.NOT_MET,
        }.get(o.status, Answer.NOT_APPLICABLE)
        evidence.append(Evidence(o.title, o.met_on, o.due_date, o.event_id))
        if _RANK[a] > _RANK[answer]:
            answer = a
    return PreAnswer(answer, tuple(evidence))


def pre_answer(checkpoint: Checkpoint, facts: CaseFacts) -> PreAnswer:
    """What Tidlig can say about one checkpoint of one case (None: the reviewer must answer)."""
    if not checkpoint.derived:
        return PreAnswer(None)
    if checkpoint.obligations:
        return _from_obligations(o for o in facts.obligations if o.code in checkpoint.obligations)
    if checkpoint.code == "investigation_made":
        # Required where the screening said so (§ 18, stk. 1, nr. 3) or before a decision on a measure that
        # rests on one (§ 20, stk. 1); met when an investigation was started.
        started = sorted(s for s, _c in facts.investigations)
        evidence = tuple(Evidence(gettext_noop("Børnefaglig undersøgelse startet"), s) for s in started)
        if not facts.screened_for_investigation and not facts.decisions:
            return PreAnswer(Answer.NOT_APPLICABLE, evidence)
        return PreAnswer(Answer.MET if started else Answer.NOT_MET, evidence)
    if checkpoint.code == "child_talk_investigation":
        # Judged on concluded investigations only: a running one may still hold its conversation.
        concluded = [(s, c) for s, c in facts.investigations if c is not None]
        if not concluded:
            return PreAnswer(Answer.NOT_APPLICABLE)
        evidence, talked = [], True
        for started, ended in concluded:
            held = [c for c in facts.conversations if started <= c <= ended]
            evidence += [Evidence(gettext_noop("Børnesamtale"), c) for c in held]
            talked = talked and bool(held)
        return PreAnswer(Answer.MET if talked else Answer.NOT_MET, tuple(evidence))
    raise ValueError(checkpoint.code)


# --- sampling ---------------------------------------------------------------------------------------


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Proportional allocation of n over strata (largest remainder, ties by name): sums to min(n, total)."""
    total = sum(sizes.values())
    n = min(n, total)
    if total == 0:
        return {k: 0 for k in sizes}
    exact = {k: n * s / total for k, s in sizes.items()}
    out = {k: min(sizes[k], math.floor(v)) for k, v in exact.items()}
    rest = sorted(sizes, key=lambda k: (-(exact[k] - math.floor(exact[k])), k))
    i = 0
    while sum(out.values()) < n:
        k = rest[i % len(rest)]
        if out[k] < sizes[k]:
            out[k] += 1
        i += 1
    return out


def draw(population: Iterable[tuple[int, str]], *, size: int, seed: int, stratified: bool) -> list[int]:
    """A simple random sample of `size` ids (or all), or a stratified one with proportional allocation.
    Reproducible: the same population, size and seed always give the same ids, whatever the input order."""
    strata: dict[str, list[int]] = defaultdict(list)
    for pk, stratum in sorted(set(population)):
        strata[stratum if stratified else ""].append(pk)
    rng = random.Random(seed)
    chosen: list[int] = []
    for stratum, k in sorted(allocate({s: len(ids) for s, ids in strata.items()}, size).items()):
        chosen += rng.sample(strata[stratum], k)
    return sorted(chosen)


# --- results ----------------------------------------------------------------------------------------

Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal distribution


def wilson(kept: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a share kept/n (95 % by default).

    Wilson rather than the textbook Wald interval (p ± z·√(p(1−p)/n)): with n around 26 and shares near 0 or
    100 % Wald gives intervals that leave [0, 1] or shrink to nothing (9 of 9 → 100–100 %), while Wilson's
    coverage stays close to 95 % for small n (Brown, Cai & DasGupta 2001, Statistical Science 16:101–133)."""
    if n <= 0:
        return None
    p = kept / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo = 0.0 if kept == 0 else max(0.0, centre - half)  # exactly 0 and 1 at the ends, not 1e-17 off
    hi = 1.0 if kept == n else min(1.0, centre + half)
    return lo, hi


@dataclass(frozen=True)
class Result:
    checkpoint: Checkpoint
    n: int  # answered met, met late or not met
    kept: int  # met in time
    late: int
    not_applicable: int
    share: float | None
    interval: tuple[float, float] | None


def results(answers: Iterable[tuple[str, str]]) -> list[Result]:
    """Per checkpoint: how many cases it applied to (n), the share where the law was kept (met in time; met
    late is not kept, as the barometer counts a deadline), and its 95 % interval."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for code, answer in answers:
        counts[code][answer] += 1
    out = []
    for c in CHECKPOINTS:
        k = counts[c.code]
        n = k[Answer.MET] + k[Answer.MET_LATE] + k[Answer.NOT_MET]
        out.append(
            Result(
                c,
                n,
                k[Answer.MET],
                k[Answer.MET_LATE],
                k[Answer.NOT_APPLICABLE],
                k[Answer.MET] / n if n else None,
                wilson(k[Answer.MET], n),
            )
        )
    return out


# --- decision letters and appeals -------------------------------------------------------------------


class Delivery(StrEnum):
    DIGITAL_POST = "digital_post"
    LETTER = "letter"
    HANDED_OVER = "handed_over"


DELIVERY_TITLES = {
    Delivery.DIGITAL_POST: gettext_noop("Digital Post"),
    Delivery.LETTER: gettext_noop("Brev med posten"),
    Delivery.HANDED_OVER: gettext_noop("Udleveret personligt"),
}

COMPLAINT_WEEKS = 4  # RSL § 67, stk. 1
RECONSIDERATION_WEEKS = 4  # RSL § 66 with the retssikkerhedsbekendtgørelse


def received_on(*, sent_on: dt.date, method: str, received: dt.date | None = None) -> tuple[dt.date, bool]:
    """When the party received the decision, and whether that is known (True) or only the earliest day.

    A recorded day of receipt wins. Digital Post has arrived when it is available in the inbox (lov om Digital
    Post fra offentlige afsendere § 10), and a letter handed over is received on the spot: both the day sent.
    A letter by post arrives later on a day Tidlig does not know: the day sent is only the earliest."""
    if received is not None:
        return received, True
    return sent_on, method in (Delivery.DIGITAL_POST, Delivery.HANDED_OVER)


def complaint_deadline(
    *, sent_on: dt.date, method: str, received: dt.date | None = None
) -> tuple[dt.date, bool]:
    """RSL § 67, stk. 1 (and BL § 146, stk. 1 for the committee's decisions, in the same words): a complaint to
    Ankestyrelsen within 4 weeks after the party was told of the decision. Returns the last day and whether
    it is certain (False: at the earliest, receipt unknown)."""
    day, known = received_on(sent_on=sent_on, method=method, received=received)
    return day + relativedelta(weeks=COMPLAINT_WEEKS), known


def complaint_law(*, committee: bool) -> str:
    """The paragraph that sets the 4 weeks: RSL § 67, stk. 1 for the municipality's decisions (BL § 144), BL
    § 146, stk. 1 for børne- og ungeudvalget's (§ 47 without consent, BL § 142, stk. 1, nr. 4)."""
    return "BL § 146, stk. 1" if committee else "RSL § 67, stk. 1"


def reconsideration_due(complaint_received: dt.date, *, committee: bool = False) -> dt.date | None:
    """RSL § 66: the municipality reconsiders the decision before the complaint goes on; it has 4 weeks from
    receiving the complaint (retssikkerhedsbekendtgørelsen).

    A decision of børne- og ungeudvalget (BL § 142) is not the municipality's to reconsider: BL § 144 sends
    only kommunalbestyrelsens decisions through the retssikkerhedslov, and § 146, stk. 1 lets the committee's
    be brought before Ankestyrelsen directly. None: no reconsideration is owed."""
    if committee:
        return None
    return complaint_received + relativedelta(weeks=RECONSIDERATION_WEEKS)


class Outcome(StrEnum):
    """Ankestyrelsen's decision on a complaint (RSL § 68, stk. 2)."""

    UPHELD = "upheld"  # stadfæstet
    CHANGED = "changed"  # ændret
    ANNULLED = "annulled"  # ophævet
    REMITTED = "remitted"  # hjemvist
    DISMISSED = "dismissed"  # afvist


OUTCOME_TITLES = {
    Outcome.UPHELD: gettext_noop("Stadfæstet"),
    Outcome.CHANGED: gettext_noop("Ændret"),
    Outcome.ANNULLED: gettext_noop("Ophævet"),
    Outcome.REMITTED: gettext_noop("Hjemvist"),
    Outcome.DISMISSED: gettext_noop("Afvist"),
}
CHANGED_OR_REMITTED = {Outcome.CHANGED, Outcome.ANNULLED, Outcome.REMITTED}


@dataclass(frozen=True)
class AppealYear:
    year: int
    decided: int  # complaints Ankestyrelsen decided on the merits (dismissed ones left out)
    changed: int  # changed, annulled or sent back


def appeal_shares(outcomes: Iterable[tuple[int, str]]) -> list[AppealYear]:
    """Per year of Ankestyrelsen's decision: of the complaints it decided on the merits, how many it changed,
    annulled or sent back (omgørelsesprocent). A dismissed complaint (afvist) was never tried, so it counts in
    neither part."""
    decided: dict[int, int] = defaultdict(int)
    changed: dict[int, int] = defaultdict(int)
    for year, outcome in outcomes:
        if outcome == Outcome.DISMISSED:
            continue
        decided[year] += 1
        changed[year] += outcome in CHANGED_OR_REMITTED
    return [AppealYear(y, decided[y], changed[y]) for y in sorted(decided)]
