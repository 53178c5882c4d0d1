"""Households of synthetic children: guardians, ages, daycare or school, § 32 support and placements.

Only plain data here; `writer` and `casework` turn it into rows. Every household lives in one
district, and its children go to a daycare or school in that district, so child.district =
institution.district.

Measures drawn here began before the demo's 15-month window (their undersøgelse too), as tracks:
placed now (a third after § 32 support at home), § 32 support now (some home from a placement),
placed then home with support and then without (down the staircase), support that ended in the
window, and § 30 help a family asked for. Measures that began in the window come from its
notifications (`caseflow`). `scripted_families` adds the showcase households of case handling.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from tidlig.organisation.models import Staff
from tidlig.rules import casework as rules_casework
from tidlig.rules.calendar import CPH, local_date

from . import calibration as cal
from . import names
from .organisation import Org
from .synthetic_cpr import CprAllocator

FAMILY_SIZES = {1: 0.42, 2: 0.42, 3: 0.13, 4: 0.03}  # ASSUMPTION: children per household
TWO_GUARDIANS = 0.75
SINGLE_MOTHER = 0.20
SUPPORT_CODES = ["bl32_2", "bl32_3", "bl32_5", "bl32_5", "bl32_7", "bl32_8", "bl32_1"]
PREVENTIVE_CODES = ["bl30_1", "bl30_1", "bl30_2", "bl30_4", "bl30_4"]
INSTITUTIONS = {
    "døgninstitution": [
        "Børne- og ungehjemmet Solbakken",
        "Ungdomshjemmet Fjordly",
        "Børnehjemmet Rønnebær",
        "Døgninstitutionen Lindegården",
    ],
    "opholdssted": [
        "Opholdsstedet Kastanjegården",
        "Opholdsstedet Lærkereden",
        "Opholdsstedet Havbrisen",
        "Opholdsstedet Egebakken",
        "Opholdsstedet Nordlys",
    ],
}
BOARDING_SCHOOLS = [
    "Højby Efterskole",
    "Egnsefterskolen Vestbo",
    "Nørre Efterskole",
    "Fjordskolen, fri fagskole",
]
OWN_ROOMS = ["Kollegiet Vestergade", "Ungeboligerne Engvej", "Kollegiet Ved Åen"]
YEAR = dt.timedelta(days=365)
SCRIPTED_MIN_CHILDREN = 50  # below this, no showcase households for case handling
HOMECOMING = "Hjemgivet (§ 100); støtte i hjemmet efter hjemgivelsen"
ENDED_BY_PLACEMENT = "Afløst af anbringelse uden for hjemmet"
PREVENTIVE_ENDED = "Forløbet er gennemført som aftalt"
ENDED_GOALS_MET = [
    "Målene er nået; familien klarer sig uden støtte",
    "Indsatsen har virket, og forældrene ønsker ikke længere støtte",
    "Barnets trivsel er stabil; indsatsen afsluttes efter aftale med familien",
]


def kind_of(code: str) -> str:
    """The catalogue's kind of a measure code (tidlig.interventions.catalogue)."""
    if code.startswith("anb_"):
        return "placement"
    return "preventive" if code.startswith("bl30") else "supportive"  # bl32_*, ungestoette


def choose_placement(rng: random.Random, age: int) -> tuple[str, str]:
    """A placement (catalogue code, place name) drawn from the 2018 placement sites (see calibration)."""
    if age >= cal.OTHER_PLACEMENT_FROM_AGE and rng.random() < cal.OTHER_PLACEMENT_AMONG_OLDER:
        site = "other"  # eget værelse and efterskole are for the older ones
    else:
        sites = {k: v for k, v in cal.PLACEMENT_SITES.items() if k != "other"}
        site = rng.choices(list(sites), list(sites.values()))[0]
    if site == "foster":
        code = rng.choices(list(cal.FOSTER_CODES), list(cal.FOSTER_CODES.values()))[0]
        surname = rng.choice(names.SURNAMES)
        if code == "anb_netvaerk":
            who = rng.choice(["Mormor og morfar", "Farmor og farfar", "Moster", "Faster", "Morbror"])
            return code, f"{who} ({surname})"
        return code, f"Plejefamilien {surname}"
    if site == "institution":
        kind = rng.choices(list(cal.INSTITUTION_KINDS), list(cal.INSTITUTION_KINDS.values()))[0]
        return "anb_institution", rng.choice(INSTITUTIONS[kind])
    code = rng.choices(list(cal.OTHER_PLACEMENT_CODES), list(cal.OTHER_PLACEMENT_CODES.values()))[0]
    return code, rng.choice(OWN_ROOMS if code == "anb_eget_vaerelse" else BOARDING_SCHOOLS)


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


def _sunday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=6 - day.weekday())


def _round_trip(lo: dt.date, hi: dt.date, back, forth) -> dt.date:
    """The first day in [lo, hi] that `forth(back(day))` maps back to (month arithmetic clamps)."""
    day = min(lo + dt.timedelta(days=2), hi)
    for d in [day] + [lo + dt.timedelta(days=k) for k in range((hi - lo).days + 1)]:
        if forth(back(d)) == d:
            return d
    return forth(back(day))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class Population:
    def __init__(
        self, org: Org, rng: random.Random, *, now: dt.datetime, window_start: dt.datetime, showcase
    ):
        self.org, self.rng, self.now, self.window_start = org, rng, now, window_start
        self.showcase = showcase
        self.today = now.astimezone(CPH).date()
        # Born yesterday at the latest: stdnum compares with the server's date and refuses the future.
        self.latest_birth = min(self.today, dt.date.today()) - dt.timedelta(days=1)
        self.cpr = CprAllocator()
        self.year_start = now - dt.timedelta(days=365)
        counts, weights, tail = cal.count_distribution()
        self.counts, self.count_weights, self.tail_extra = counts, weights, tail
        mean_age_weight = sum(cal.age_weight(a) for a in range(18)) / 18
        share_measures = (
            cal.PLACED_BEFORE_WINDOW_SHARE
            + cal.SUPPORT_32_BEFORE_WINDOW_SHARE
            + cal.STEPPED_DOWN_SHARE
            + cal.SUPPORT_ENDED_SHARE
        )
        base = (cal.NOTIFIED_SHARE_PER_YEAR - share_measures * cal.MEASURE_CHILD_NOTIFIED_SHARE) / (
            1 - share_measures
        )
        self.p_base = base / mean_age_weight
        self.districts = org.districts
        self.weights = names.DISTRICT_WEIGHTS
        # Measures drawn here began before the window (their undersøgelse too, so no notification of
        # the window led to them); the window's new ones come from its notifications (caseflow).
        self.before_window = local_date(window_start) - dt.timedelta(days=30)

    # -- households ----------------------------------------------------------------------------------

    def families(self, n_children: int) -> Iterator[Family]:
        made = 0
        if n_children >= SCRIPTED_MIN_CHILDREN:
            for family in self.scripted_families():
                made += len(family.children)
                yield family
        while made < n_children:
            family = self.family(limit=n_children - made)
            made += len(family.children)
            yield family

    def family(self, *, limit: int) -> Family:
        rng = self.rng
        district = rng.choices(self.districts, self.weights)[0]
        postcode = self.org.postcodes[district.pk]
        home = names.address(rng, postcode)
        size = min(limit, rng.choices(list(FAMILY_SIZES), list(FAMILY_SIZES.values()))[0])
        births = self.sibling_births(size)
        eldest = min(births)
        surname = rng.choice(names.SURNAMES)
        guardians = []
        r = rng.random()
        mother_age = rng.randint(21, 38)
        if r < TWO_GUARDIANS + SINGLE_MOTHER:
            guardians.append((self.adult("F", eldest, mother_age, surname, home), "mother"))
        if r < TWO_GUARDIANS or r >= TWO_GUARDIANS + SINGLE_MOTHER:
            father_surname = surname if rng.random() < 0.6 else rng.choice(names.SURNAMES)
            guardians.append(
                (self.adult("M", eldest, mother_age + rng.randint(0, 6), father_surname, home), "father")
            )
        family = Family(
            district_id=district.pk, postcode=postcode, address=home, guardians=guardians, children=[]
        )
        for birth in births:
            family.children.append(self.child(family, birth, surname))
        return family

    def sibling_births(self, size: int) -> list[dt.date]:
        """Birth dates 1–5 years apart around a random child, all 0–17 years old today."""
        rng = self.rng
        oldest_days = 18 * 365 - 2
        days = [rng.randint(1, oldest_days)]
        for _ in range(size - 1):
            for _attempt in range(10):
                gap = rng.randint(420, 1800)
                candidate = max(days) + gap if rng.random() < 0.5 else min(days) - gap
                if 1 <= candidate <= oldest_days:
                    days.append(candidate)
                    break
        return sorted(self.latest_birth - dt.timedelta(days=d - 1) for d in days)

    def adult(self, sex: str, eldest: dt.date, age_at_first: int, surname: str, home: str) -> PersonSpec:
        rng = self.rng
        birth = eldest - relativedelta(years=age_at_first) - dt.timedelta(days=rng.randint(0, 364))
        cpr, _ = self.cpr.allocate(birth, sex, latest=self.latest_birth)
        first, _ = names.adult_name(rng, sex)
        email = f"{names.ascii_fold(first)}.{names.ascii_fold(surname)}{rng.randint(1, 99)}@post.invalid"
        return PersonSpec(
            first=first, last=surname, cpr=cpr, address=home, email=email if rng.random() < 0.6 else ""
        )

    def child(self, family: Family, birth: dt.date, surname: str, *, scripted: bool = False) -> ChildSpec:
        rng = self.rng
        sex = rng.choice("MF")
        cpr, birth = self.cpr.allocate(birth, sex, latest=self.latest_birth)
        c = ChildSpec(
            first=names.child_name(rng, sex),
            last=surname,
            sex=sex,
            address=family.address,
            district_id=family.district_id,
            cpr=cpr,
            birth=birth,
        )
        age = age_on(birth, self.today)
        months = (self.today - birth).days / 30.4
        if 10 <= months and age <= 5:
            inst = rng.choice(self.org.daycares[family.district_id])
        elif 6 <= age <= 16 or (age == 17 and rng.random() < 0.2):
            inst = rng.choice(self.org.schools[family.district_id])
        else:
            inst = None  # at home (under 10 months) or in upper secondary education (17)
        if inst is not None:
            c.institution_id, c.institution_name = inst.pk, inst.name
        if not scripted:
            self.add_measures(family, c, age)
            self.add_notification_times(c, age)
        return c

    def unborn(self) -> Family:
        """An expecting mother in her own household, known to the municipality before the birth."""
        rng = self.rng
        district = rng.choices(self.districts, self.weights)[0]
        postcode = self.org.postcodes[district.pk]
        home = names.address(rng, postcode)
        surname = rng.choice(names.SURNAMES)
        mother = self.adult("F", self.today, rng.randint(17, 34), surname, home)
        expected = self.today + dt.timedelta(days=rng.randint(14, 180))
        c = ChildSpec(
            first="",
            last="",
            sex="U",
            address=home,
            district_id=district.pk,
            is_unborn=True,
            expected_birth=expected,
            mother=mother,
        )
        # Known from about week 8 of the pregnancy (term is 280 days after conception).
        pregnancy_known = max(
            self.now + dt.timedelta(days=(expected - self.today).days - 220), self.year_start
        )
        c.received = [self.sample_time(pregnancy_known, self.now) for _ in range(rng.choice((1, 1, 2)))]
        return Family(district_id=district.pk, postcode=postcode, address=home, guardians=[], children=[c])

    # -- measures and notifications -------------------------------------------------------------------

    def add_measures(self, family: Family, c: ChildSpec, age: int) -> None:
        """A measure history that began before the window: placed, § 32 support, or support that ended."""
        rng = self.rng
        if rng.random() < cal.PLACED_BEFORE_WINDOW_SHARE * (age + 2) / 10.5:
            self.track_placed(c)
        else:
            u = rng.random()
            shares = [cal.SUPPORT_32_BEFORE_WINDOW_SHARE, cal.STEPPED_DOWN_SHARE, cal.SUPPORT_ENDED_SHARE]
            if u < shares[0]:
                self.track_supported(c)
            elif u < sum(shares[:2]):
                self.track_stepped_down(c)
            elif u < sum(shares):
                self.track_support_ended(c)
            elif u < sum(shares) + cal.PREVENTIVE_ON_REQUEST_PER_YEAR * 15 / 12:
                self.track_preventive(c)
        if not c.measures:
            return
        # The case began before the window: the child has a caseworker.
        if family.caseworker is None:
            team = self.org.team_by_district[family.district_id]
            claimed = self.showcase.claim_measure_family(family, c) if c.had_measure_on(self.today) else None
            family.caseworker = claimed or self.org.pick_caseworker(rng, team.pk)
        c.caseworker = family.caseworker
        c.caseworker_since = self.window_start - dt.timedelta(days=1)
        self.org.take(c.caseworker)

    def day_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        return lo + dt.timedelta(days=self.rng.randint(0, max((hi - lo).days, 0)))

    def earliest(self, c: ChildSpec) -> dt.date:
        return c.birth + dt.timedelta(days=30)

    def track_placed(self, c: ChildSpec) -> None:
        """Placed now; a third had § 32 support at home first (up the staircase)."""
        rng = self.rng
        lo, hi = max(self.earliest(c), self.today - 6 * YEAR), self.before_window
        if lo > hi:
            return
        code, place = choose_placement(rng, age_on(c.birth, self.today))
        if code in cal.OTHER_PLACEMENT_CODES:
            # Eget værelse and efterskole: begun from 14 years, lasting a year or two.
            lo = max(lo, self.today - 2 * YEAR, c.birth + relativedelta(years=14))
            if lo > hi:
                code, place = choose_placement(rng, 13)
                lo = max(self.earliest(c), self.today - 6 * YEAR)
        started = self.day_between(lo, hi)
        if rng.random() < cal.PLACEMENT_AFTER_SUPPORT:
            before = started - dt.timedelta(days=rng.randint(180, 720))
            if before >= self.earliest(c) + dt.timedelta(days=30):
                self.support(c, before, ended=started - dt.timedelta(days=1), reason=ENDED_BY_PLACEMENT)
        self.placement(
            c, code, place, started, without_consent=rng.random() < cal.WITHOUT_CONSENT_BEFORE_WINDOW
        )

    def track_supported(self, c: ChildSpec) -> None:
        """§ 32 support now; some came home from a placement to it (down the staircase)."""
        rng = self.rng
        lo, hi = max(self.earliest(c), self.today - 3 * YEAR), self.before_window
        if lo > hi:
            return
        started = self.day_between(lo, hi)
        if rng.random() < cal.SUPPORT_AFTER_PLACEMENT:
            placed = started - dt.timedelta(days=rng.randint(365, 1460))
            if placed >= self.earliest(c):
                code, place = choose_placement(rng, age_on(c.birth, placed))
                self.placement(c, code, place, placed, ended=started - dt.timedelta(days=1))
                self.support(c, started, after_placement=True)
                return
        self.support(c, started)

    def track_stepped_down(self, c: ChildSpec) -> None:
        """Placed, home with § 32 support, and then no support: all the way down; the case is closed."""
        rng = self.rng
        ended = self.day_between(
            local_date(self.window_start) - dt.timedelta(days=180), self.today - dt.timedelta(days=30)
        )
        home = ended - dt.timedelta(days=rng.randint(180, 540))
        placed = home - dt.timedelta(days=rng.randint(365, 1460))
        if placed < self.earliest(c):
            return
        code, place = choose_placement(rng, age_on(c.birth, placed))
        self.placement(c, code, place, placed, ended=home - dt.timedelta(days=1))
        self.support(c, home, ended=ended, reason=rng.choice(ENDED_GOALS_MET), after_placement=True)

    def track_support_ended(self, c: ChildSpec) -> None:
        """§ 32 support that ended in the window."""
        rng = self.rng
        ended = self.day_between(local_date(self.window_start), self.today - dt.timedelta(days=21))
        started = min(ended - dt.timedelta(days=rng.randint(150, 720)), self.before_window)
        if started < self.earliest(c):
            return
        self.support(c, started, ended=ended, reason=rng.choice(ENDED_GOALS_MET))

    def track_preventive(self, c: ChildSpec) -> None:
        """A § 30 measure in the window that the family asked for, with no notification before it."""
        rng = self.rng
        decided = self.day_between(
            max(local_date(self.window_start), self.earliest(c)), self.today - dt.timedelta(days=3)
        )
        if decided < self.earliest(c):
            return
        ms = MeasureSpec(code=rng.choice(PREVENTIVE_CODES), decided_on=decided)
        started = decided + dt.timedelta(days=rng.randint(0, 14))
        if started <= self.today:
            ms.started_on = started
            ended = started + dt.timedelta(days=rng.randint(56, 112))
            if ended < self.today:
                ms.ended_on, ms.end_reason = ended, PREVENTIVE_ENDED
        c.measures.append(ms)

    def support(
        self,
        c: ChildSpec,
        started: dt.date,
        *,
        ended: dt.date | None = None,
        reason: str = "",
        after_placement: bool = False,
        code: str | None = None,
    ) -> MeasureSpec:
        rng = self.rng
        decided = max(c.birth, started - dt.timedelta(days=rng.randint(0, 10 if after_placement else 21)))
        if not after_placement:
            self.investigation_before(c, decided, "supportive")
        ms = MeasureSpec(
            code=code or rng.choice(SUPPORT_CODES),
            decided_on=decided,
            started_on=started,
            ended_on=ended,
            end_reason=reason,
            plan_needed=after_placement or rng.random() < cal.PLAN_NEEDED_32,
        )
        c.measures.append(ms)
        return ms

    def placement(
        self,
        c: ChildSpec,
        code: str,
        place: str,
        started: dt.date,
        *,
        ended: dt.date | None = None,
        without_consent: bool = False,
    ) -> MeasureSpec:
        decided = max(c.birth, started - dt.timedelta(days=self.rng.randint(0, 3)))
        if self.investigation_before(c, decided, "placement") is None:
            self.acute_investigation(c, decided)
            without_consent = False  # § 47, stk. 2 needs a concluded undersøgelse
        ms = MeasureSpec(
            code=code,
            decided_on=decided,
            started_on=started,
            ended_on=ended,
            end_reason=HOMECOMING if ended else "",
            homecoming=ended is not None,
            without_consent=without_consent,
            place_name=place,
            plan_needed=True,
        )
        c.measures.append(ms)
        return ms

    def investigation_before(self, c: ChildSpec, decided: dt.date, outcome: str) -> InvestigationSpec | None:
        """The børnefaglig undersøgelse a decision rests on: concluded days or weeks before it."""
        rng = self.rng
        concluded = decided - dt.timedelta(days=rng.randint(3, 25))
        on_time = rng.random() < cal.INVESTIGATION_ON_TIME
        aware = concluded - dt.timedelta(days=rng.randint(40, 118) if on_time else rng.randint(125, 160))
        aware = max(aware, self.free_from(c))
        if (concluded - aware).days < 14:
            return None  # too young for one, or just after the last one
        started = aware + dt.timedelta(days=rng.randint(0, min(5, (concluded - aware).days - 7)))
        due = rules_casework.investigation_due(aware)
        inv = InvestigationSpec(
            aware_on=aware,
            started_at=office_hours(rng, started),
            concluded_on=concluded,
            preliminary_on=(due - dt.timedelta(days=rng.randint(0, 10))) if concluded > due else None,
            outcome=outcome,
        )
        c.investigations.append(inv)
        return inv

    def acute_investigation(self, c: ChildSpec, decided: dt.date) -> InvestigationSpec:
        """An acute placement (§ 46, stk. 3): the undersøgelse began days before and ends after it."""
        rng = self.rng
        aware = max(decided - dt.timedelta(days=rng.randint(1, 7)), self.free_from(c))
        concluded = decided + dt.timedelta(days=rng.randint(25, 100))
        inv = InvestigationSpec(
            aware_on=aware,
            started_at=office_hours(rng, aware),
            concluded_on=concluded if concluded <= self.today else None,
            outcome="placement",
        )
        c.investigations.append(inv)
        if inv.concluded_on is None:
            c.busy_until = dt.date.max
        return inv

    def free_from(self, c: ChildSpec) -> dt.date:
        """The first day a new undersøgelse can start: after birth and after the last one (one at a time)."""
        last = max((i.concluded_on or dt.date.max for i in c.investigations), default=c.birth)
        return max(c.birth, last) + dt.timedelta(days=1)

    # -- the showcase households of case handling (showcase.CASE_SCENARIOS) ----------------------------

    def scripted_families(self) -> list[Family]:
        """One household per case-handling scenario, in raadgiver's district and on her caseload."""
        from .timeline import Override  # timeline imports this module

        rng, today = self.rng, self.today
        raadgiver = self.org.raadgiver
        out = []

        def household(age_days: int, *, own: bool = True) -> tuple[Family, ChildSpec]:
            district_id = self.showcase.district_id
            home = names.address(rng, self.org.postcodes[district_id])
            surname = rng.choice(names.SURNAMES)
            birth = today - dt.timedelta(days=age_days)
            mother = self.adult("F", birth, rng.randint(22, 34), surname, home)
            father = self.adult("M", birth, rng.randint(24, 38), surname, home)
            family = Family(
                district_id=district_id,
                postcode=self.org.postcodes[district_id],
                address=home,
                guardians=[(mother, "mother"), (father, "father")],
                children=[],
                scripted=True,
            )
            c = self.child(family, birth, surname, scripted=True)
            family.children.append(c)
            if own:
                family.caseworker = c.caseworker = raadgiver
                c.caseworker_since = self.window_start - dt.timedelta(days=1)
                self.org.take(raadgiver)
            out.append(family)
            return family, c

        # An undersøgelse due in five days, and one overdue with a foreløbig vurdering (§ 20, stk. 3).
        for script, due in (
            ("running", today + dt.timedelta(days=5)),
            ("overdue", today - dt.timedelta(days=9)),
        ):
            family, c = household(rng.randint(7, 12) * 365 + rng.randint(0, 300), own=False)
            aware = due - relativedelta(months=rules_casework.INVESTIGATION_MONTHS)
            at = dt.datetime.combine(aware, dt.time(10, 15), tzinfo=CPH).astimezone(dt.UTC)
            c.received = [at]
            c.script["investigation"] = script
            family.overrides[(id(c), at)] = Override(assign_to=raadgiver, decision="undersoegelse")

        # § 32 support whose first follow-up (§ 95, stk. 2) falls due this week.
        family, c = household(7 * 365 + 100)
        due = _round_trip(
            today,
            _sunday(today),
            lambda d: d - relativedelta(months=3),
            lambda s: s + relativedelta(months=3),
        )
        ms = self.support(c, due - relativedelta(months=3), code="bl32_5")
        ms.pins["no_followup"] = True

        # A placement whose supervision visit (§ 156, stk. 5) is due in four days.
        family, c = household(11 * 365 + 40)
        due = _round_trip(
            today + dt.timedelta(days=4),
            today + dt.timedelta(days=9),
            lambda d: d - relativedelta(months=6),
            lambda s: s + relativedelta(months=6),
        )
        ms = self.placement(
            c,
            "anb_almen",
            f"Plejefamilien {rng.choice(names.SURNAMES)}",
            today - dt.timedelta(days=2 * 365 + 50),
        )
        ms.pins["last_visit"] = due - relativedelta(months=6)

        # Placed, turning 17½ in twelve days: the decision on ungestøtte (§ 111, stk. 1) is due then.
        due = today + dt.timedelta(days=12)
        birth = due + relativedelta(months=6) - relativedelta(years=18)
        family, c = household((today - birth).days)
        ms = self.placement(
            c, "anb_institution", "Opholdsstedet Kastanjegården", today - dt.timedelta(days=3 * 365 + 20)
        )
        ms.pins["no_youth_decision"] = True

        # An undersøgelse concluded last week: a draft decision on § 32 support, børnesamtale not yet held.
        family, c = household(12 * 365 + 200)
        concluded = today - dt.timedelta(days=8)
        c.investigations.append(
            InvestigationSpec(
                aware_on=concluded - dt.timedelta(days=88),
                started_at=office_hours(rng, concluded - dt.timedelta(days=86)),
                concluded_on=concluded,
                outcome="supportive",
            )
        )
        c.measures.append(
            MeasureSpec(
                code="bl32_3",
                decided_on=None,
                planned_on=today + dt.timedelta(days=6),
                after=office_hours(rng, concluded),
                plan_needed=True,
                pins={"no_conversation": True},
            )
        )
        c.busy_until = c.decision_until = today + dt.timedelta(days=6)

        # Down the staircase: home from a placement nine months ago, with family treatment since.
        family, c = household(9 * 365 + 10)
        home = today - dt.timedelta(days=270)
        self.placement(
            c,
            "anb_forstaerket",
            f"Plejefamilien {rng.choice(names.SURNAMES)}",
            home - dt.timedelta(days=2 * 365),
            ended=home - dt.timedelta(days=1),
        )
        self.support(c, home, code="bl32_5", after_placement=True)
        return out

    def notification_count(self) -> int:
        k = self.rng.choices(self.counts, self.count_weights)[0]
        if k == 6 and self.tail_extra:
            k += min(int(self.rng.expovariate(1 / self.tail_extra)), 40)
        return k

    def add_notification_times(self, c: ChildSpec, age: int) -> None:
        """The last 12 months are calibrated to DST; the 3 months before them get a quarter of the rate."""
        rng = self.rng
        known = any(m.kind != "preventive" for m in c.measures)
        p = cal.MEASURE_CHILD_NOTIFIED_SHARE if known else self.p_base * cal.age_weight(age)
        born = dt.datetime.combine(c.birth + dt.timedelta(days=1), dt.time(8), tzinfo=CPH)
        if rng.random() < p:
            start = max(self.year_start, born)
            if start < self.now - dt.timedelta(hours=1):
                c.received += [self.sample_time(start, self.now) for _ in range(self.notification_count())]
        if rng.random() < p * 0.25 and born < self.year_start:
            start = max(self.window_start, born)
            k = 1 + sum(rng.random() < 0.25 for _ in range(self.notification_count() - 1))
            c.received += [self.sample_time(start, self.year_start) for _ in range(k)]

    def sample_time(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        """A moment in [start, end): most notifications arrive on weekdays in office hours."""
        rng = self.rng
        span = (end - start).total_seconds()
        office = rng.random() < 0.7
        for _ in range(50):
            t = start + dt.timedelta(seconds=rng.random() * span)
            local = t.astimezone(CPH)
            if not office or (local.weekday() < 5 and 8 <= local.hour < 16):
                return t.astimezone(dt.UTC)
        return t.astimezone(dt.UTC)
