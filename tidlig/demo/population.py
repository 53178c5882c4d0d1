"""Households of synthetic children: guardians, ages, daycare or school, § 32 support and placements.

Only plain data here; `writer` and `casework` turn it into rows. Every household lives in one
district, and its children go to a daycare or school in that district, so child.district =
institution.district.

Measures drawn here (`measure_history`) began before the demo's 15-month window (their undersøgelse
too), as tracks: placed now (a third after § 32 support at home), § 32 support now (some home from a
placement), placed then home with support and then without (down the staircase), support that ended in
the window, and § 30 help a family asked for. Measures that began in the window come from its
notifications (`caseflow`). `scripted_families` adds the showcase households of case handling. The
plain data types are in `specs`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta

from tidlig.rules.calendar import CPH, local_date

from . import calibration as cal
from . import names, story
from .measure_history import MeasureHistory
from .organisation import Org
from .scripted_families import ScriptedFamilies
from .specs import ChildSpec, Family, PersonSpec, age_on, office_hours
from .synthetic_cpr import CprAllocator

FAMILY_SIZES = {1: 0.42, 2: 0.42, 3: 0.13, 4: 0.03}  # ASSUMPTION: children per household
TWO_GUARDIANS = 0.75
SINGLE_MOTHER = 0.20
SCRIPTED_MIN_CHILDREN = 50  # below this, no showcase households for case handling


class Population(MeasureHistory, ScriptedFamilies):
    def __init__(
        self,
        org: Org,
        rng: random.Random,
        *,
        now: dt.datetime,
        window_start: dt.datetime,
        showcase,
        cpr: CprAllocator | None = None,
    ):
        self.org, self.rng, self.now, self.window_start = org, rng, now, window_start
        self.showcase = showcase
        self.today = now.astimezone(CPH).date()
        self.story = story.Story(self.today, org.districts)
        # Born yesterday at the latest: stdnum compares with the server's date and refuses the future.
        self.latest_birth = min(self.today, dt.date.today()) - dt.timedelta(days=1)
        self.cpr = cpr or CprAllocator()  # the national demo shares one across its municipalities
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

    def former_children(self, n_children: int) -> Iterator[Family]:
        """Young people of 18–22 today, placed as teenagers in the story's first years (`story.FORMER_PLACED`;
        none below `story.FORMER_MIN_CHILDREN`), each in their own household with their parents."""
        if n_children < story.FORMER_MIN_CHILDREN:
            return
        for _ in range(int(n_children * story.FORMER_PLACED)):
            family = self.former_child()
            if family.children[0].measures:
                yield family

    def former_child(self) -> Family:
        rng = self.rng
        shifted = [(d, w) for d, w in zip(self.districts, self.weights, strict=False) if d.name != story.LATE]
        district = rng.choices([d for d, _w in shifted], [w for _d, w in shifted])[0]
        postcode = self.org.postcodes[district.pk]
        home = names.address(rng, postcode)
        surname = rng.choice(names.SURNAMES)
        birth = self.today - dt.timedelta(days=rng.randint(18 * 365 + 12, 23 * 365 - 10))
        mother = self.adult("F", birth, rng.randint(19, 36), surname, home)
        family = Family(
            district_id=district.pk,
            postcode=postcode,
            address=home,
            guardians=[(mother, "mother")],
            children=[],
        )
        c = self.child(family, birth, surname, scripted=True)  # no school, no window notifications
        self.track_former(c)
        if c.measures:
            self.add_earlier_notifications(c)  # the undersøgelse's notification
            team = self.org.team_by_district[family.district_id]
            family.caseworker = c.caseworker = self.org.pick_caseworker(rng, team.pk)
            c.caseworker_since = self.window_start - dt.timedelta(days=1)
            self.org.take(c.caseworker)
        family.children.append(c)
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
            self.add_earlier_notifications(c)
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

    # -- notification times ---------------------------------------------------------------------------

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
        # A placement drawn in the window's first months (track_placed) began with its own undersøgelse:
        # no notification of the window comes before it, so caseflow starts no second one alongside.
        began = max((i.started_at for i in c.investigations), default=self.window_start)
        if began > self.window_start:
            c.received = [t for t in c.received if t > began + dt.timedelta(days=1)]

    def add_earlier_notifications(self, c: ChildSpec) -> None:
        """Notifications in the story's years before the window (`story.EARLIER_NOTIFICATIONS`).

        Each undersøgelse that began there (`measure_history`) began with a notification received the
        day the municipality became aware; other children were notified as often as in the window, and
        those notifications were screened to no further action (the demo has no afdækning before the
        window: an afdækning needs the case work the window's notifications get)."""
        rng = self.rng
        window = local_date(self.window_start)
        for inv in c.investigations:
            if inv.notification is None and self.story.start <= inv.aware_on < window:
                received = office_hours(rng, inv.aware_on) - dt.timedelta(hours=rng.randint(0, 4))
                c.earlier.append((received, "undersoegelse", inv))
        if any(m.kind != "preventive" for m in c.measures):
            return  # their notifications are the undersøgelser's
        born = dt.datetime.combine(c.birth + dt.timedelta(days=1), dt.time(8), tzinfo=CPH)
        start = max(born, dt.datetime.combine(self.story.start, dt.time(8), tzinfo=CPH))
        while start < self.window_start:
            end = min(start + dt.timedelta(days=365), self.window_start)
            p = self.p_base * cal.age_weight(age_on(c.birth, local_date(start)))
            p *= story.EARLIER_NOTIFICATIONS * (end - start) / dt.timedelta(days=365)
            if rng.random() < p:
                k = self.notification_count()
                c.earlier += [(self.sample_time(start, end), "none", None) for _ in range(k)]
            start = end
        c.earlier.sort(key=lambda e: e[0])

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
