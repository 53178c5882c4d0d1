"""Measures that began before the demo's 15-month window, drawn for each child of a household.

As tracks: placed now (a third after § 32 support at home), § 32 support now (some home from a
placement), placed then home with support and then without (down the staircase), support that ended in
the window, and § 30 help a family asked for. Each decision rests on a børnefaglig undersøgelse drawn
here too. `Population` composes `MeasureHistory`; `caseflow` reuses the codes, end reasons and
`choose_placement` for the measures the window's notifications lead to.
"""

from __future__ import annotations

import datetime as dt
import random

from dateutil.relativedelta import relativedelta

from tidlig.rules import casework as rules_casework
from tidlig.rules.calendar import local_date

from . import calibration as cal
from . import names, story
from .specs import ChildSpec, Family, InvestigationSpec, MeasureSpec, age_on, office_hours

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
HOMECOMING = "Hjemgivet (§ 100); støtte i hjemmet efter hjemgivelsen"
LEFT_CARE_AT_18 = "Anbringelsen ophørte ved det fyldte 18. år; efterværn tilbudt (§ 114)"
ENDED_BY_PLACEMENT = "Afløst af anbringelse uden for hjemmet"
MOVED = "Barnet er flyttet til et andet anbringelsessted"
MOVED_SHARE = 0.25  # ASSUMPTION: of the placements that ended at home, the child moved place once on the way
PREVENTIVE_ENDED = "Forløbet er gennemført som aftalt"
ENDED_GOALS_MET = [
    "Målene er nået; familien klarer sig uden støtte",
    "Indsatsen har virket, og forældrene ønsker ikke længere støtte",
    "Barnets trivsel er stabil; indsatsen afsluttes efter aftale med familien",
]


def choose_placement(rng: random.Random, age: int, shift: float | None = None) -> tuple[str, str]:
    """A placement (catalogue code, place name) drawn from the 2018 placement sites (see calibration),
    moved by `story.placement_weights` when the story's `shift` is given."""
    site_weights, foster_codes = (
        (cal.PLACEMENT_SITES, cal.FOSTER_CODES) if shift is None else story.placement_weights(shift)
    )
    if age >= cal.OTHER_PLACEMENT_FROM_AGE and rng.random() < cal.OTHER_PLACEMENT_AMONG_OLDER:
        site = "other"  # eget værelse and efterskole are for the older ones
    else:
        sites = {k: v for k, v in site_weights.items() if k != "other"}
        site = rng.choices(list(sites), list(sites.values()))[0]
    if site == "foster":
        code = rng.choices(list(foster_codes), list(foster_codes.values()))[0]
        surname = rng.choice(names.SURNAMES)
        if code == "anb_netvaerk":
            who = rng.choice(["Mormor og morfar", "Farmor og farfar", "Moster", "Faster", "Morbror"])
            return code, f"{who} ({surname})"
        return code, f"Plejefamilien {surname}"
    if site == "institution":
        kind = rng.choices(list(cal.INSTITUTION_KINDS), list(cal.INSTITUTION_KINDS.values()))[0]
        return "anb_institution", rng.choice(INSTITUTIONS[kind])
    return other_placement(rng)


def other_placement(rng: random.Random) -> tuple[str, str]:
    """Eget værelse or efterskole (BL § 43, stk. 1, nr. 5 and 7), for young people from 15."""
    code = rng.choices(list(cal.OTHER_PLACEMENT_CODES), list(cal.OTHER_PLACEMENT_CODES.values()))[0]
    return code, rng.choice(OWN_ROOMS if code == "anb_eget_vaerelse" else BOARDING_SCHOOLS)


class MeasureHistory:
    """Population's measure histories; uses its rng, org, showcase, today, window_start and before_window."""

    def add_measures(self, family: Family, c: ChildSpec, age: int) -> None:
        """A measure history that began before the window: placed, § 32 support, or support that ended."""
        rng = self.rng
        placed_share = cal.PLACED_BEFORE_WINDOW_SHARE * self.story.placed_factor.get(c.district_id, 1.0)
        if rng.random() < placed_share * (age + 2) / 10.5:
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
            elif u < sum(shares) + cal.PREVENTIVE_ON_REQUEST_PER_YEAR * 15 / 12 + story.PREVENTIVE_EARLIER:
                self.track_preventive_earlier(c)
            elif (
                u
                < sum(shares)
                + cal.PREVENTIVE_ON_REQUEST_PER_YEAR * 15 / 12
                + story.PREVENTIVE_EARLIER
                + story.SUPPORT_EARLIER
            ):
                self.track_support_earlier(c)
            elif (
                u
                < sum(shares)
                + cal.PREVENTIVE_ON_REQUEST_PER_YEAR * 15 / 12
                + story.PREVENTIVE_EARLIER
                + story.SUPPORT_EARLIER
                + story.PLACED_AND_HOME
            ):
                self.track_placed_home(c)
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
        """Placed now; a third had § 32 support at home first (up the staircase), some were placed before.

        The start is drawn along the story (`story`): fewer new placements and younger children as the
        child's district shifts, and fewer children placed again after a hjemgivelse.
        """
        rng = self.rng
        # Up to a year ago, into the window's first months: the window's own placements (from its
        # notifications, `caseflow`) begin only months after them, and the years should join up. Such a
        # child's notifications come after the undersøgelse began (population.add_notification_times).
        lo, hi = max(self.earliest(c), self.today - 6 * YEAR), self.today - YEAR - dt.timedelta(days=7)
        if lo > hi:
            return
        age_now = age_on(c.birth, self.today)
        shift = self.story.shift

        def weight(day: dt.date) -> float:
            s = shift(day, c.district_id)
            return (
                story.placement_intensity(s)
                * story.age_weight_at_placement(age_on(c.birth, day), s)
                * story.still_placed(self.today, day)
            )

        code = ""
        if age_now >= cal.OTHER_PLACEMENT_FROM_AGE and rng.random() < cal.OTHER_PLACEMENT_AMONG_OLDER:
            # Eget værelse and efterskole: begun from 14 years, lasting a year or two.
            lo2 = max(lo, self.today - 2 * YEAR, c.birth + relativedelta(years=14))
            if lo2 <= hi:
                code, place = other_placement(rng)
                started = self.day_between(lo2, hi)
        if not code:
            started = story.draw_day(rng, lo, hi, weight, top=2.25, tries=24)
            code, place = choose_placement(rng, 13, shift(started, c.district_id))
        s = shift(started, c.district_id)
        if rng.random() < story.replacement_share(s):
            home = started - dt.timedelta(days=rng.randint(90, 540))
            before = home - dt.timedelta(days=rng.randint(270, 1100))
            if before >= self.earliest(c) + dt.timedelta(days=30):
                earlier, where = choose_placement(rng, 13, shift(before, c.district_id))
                self.placement(c, earlier, where, before, ended=home - dt.timedelta(days=1))
        elif rng.random() < cal.PLACEMENT_AFTER_SUPPORT:
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
        started = story.draw_day(
            rng, lo, hi, lambda day: story.support_intensity(self.story.shift(day, c.district_id)), top=1.4
        )
        came_home = story.homecoming_factor(self.story.shift(started, c.district_id))
        if rng.random() < cal.SUPPORT_AFTER_PLACEMENT * came_home:
            placed = started - dt.timedelta(days=rng.randint(365, 1460))
            if placed >= self.earliest(c):
                code, place = choose_placement(
                    rng, age_on(c.birth, placed), self.story.shift(placed, c.district_id)
                )
                self.placement(c, code, place, placed, ended=started - dt.timedelta(days=1))
                self.support(c, started, after_placement=True)
                return
        self.support(c, started)

    def track_stepped_down(self, c: ChildSpec) -> None:
        """Placed, home with § 32 support, and then no support: all the way down; the case is closed."""
        rng = self.rng
        # The case is closed 3 to 30 days after the support ends, in office hours (ClosingWork.closing), and
        # only if that is in the past: ended 30 days ago it would close today at, say, 14:00, so a demo
        # built at night (or before 14:00) had the case still open. 31 days closes it by yesterday.
        ended = self.day_between(
            local_date(self.window_start) - dt.timedelta(days=180), self.today - dt.timedelta(days=31)
        )
        home = ended - dt.timedelta(days=rng.randint(180, 540))
        placed = home - dt.timedelta(days=rng.randint(365, 1460))
        if placed < self.earliest(c):
            return
        if rng.random() > story.homecoming_factor(self.story.shift(home, c.district_id)):
            # Fewer hjemgivelser as the district shifts (story): support at home only, then none.
            self.support(c, home, ended=ended, reason=rng.choice(ENDED_GOALS_MET))
            return
        code, place = choose_placement(rng, age_on(c.birth, placed), self.story.shift(placed, c.district_id))
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

    def track_preventive_earlier(self, c: ChildSpec) -> None:
        """A § 30 course in the story's years before the window, more of them as the district shifts."""
        rng = self.rng
        lo = max(self.story.start, self.earliest(c))
        hi = local_date(self.window_start) - dt.timedelta(days=1)
        if lo > hi:
            return
        decided = story.draw_day(
            rng, lo, hi, lambda day: story.preventive_rate(self.story.shift(day, c.district_id)), top=0.014
        )
        started = decided + dt.timedelta(days=rng.randint(0, 14))
        ended = started + dt.timedelta(days=rng.randint(56, 112))
        c.measures.append(
            MeasureSpec(
                code=rng.choice(PREVENTIVE_CODES),
                decided_on=decided,
                started_on=started,
                ended_on=ended,
                end_reason=PREVENTIVE_ENDED,
            )
        )

    def track_placed_home(self, c: ChildSpec) -> None:
        """Placed and home again (hjemgivelse, § 100) with § 32 support after it, the day home drawn over
        every year of the staircase page (from 1 January of the story's first year to a week ago), fewer as
        the district shifts (`story.homecoming_factor`): the years before the window and the window alike,
        so no year of the page lacks its hjemgivelser. The placement began before the window; the support
        ended (the case closed) or, for one home lately, still runs."""
        rng = self.rng
        lo = max(dt.date(self.story.start.year, 1, 1), self.earliest(c) + dt.timedelta(days=90))
        hi = self.today - dt.timedelta(days=7)
        if lo > hi:
            return
        gap, longer = dt.timedelta(days=rng.randint(240, 900)), dt.timedelta(days=rng.randint(0, 720))
        shift = self.story.shift

        def placed_for(home: dt.date) -> dt.date:
            # Begun before the window: home in the window, the placement began up to two years before it
            # (not all on its first day, where they would crowd the placements begun in the last years).
            placed = home - gap if home - gap <= self.before_window else self.before_window - longer
            return max(placed, self.earliest(c) + dt.timedelta(days=30))

        def weight(day: dt.date) -> float:
            placed = placed_for(day)
            s = shift(placed, c.district_id)
            return story.homecoming_factor(shift(day, c.district_id)) * story.age_weight_at_placement(
                age_on(c.birth, placed), s
            )

        home = story.draw_day(rng, lo, hi, weight, top=2.25, tries=24)
        placed = placed_for(home)
        if (home - placed).days < 60:
            return
        moved = placed + dt.timedelta(days=round((home - placed).days * rng.uniform(0.3, 0.7)))
        if (
            rng.random() < MOVED_SHARE
            and dt.timedelta(days=30) <= moved - placed
            and moved <= self.before_window
        ):
            # Moved to another place on the way (no hjemgivelse: placed again the next day).
            code, place = choose_placement(rng, age_on(c.birth, placed), shift(placed, c.district_id))
            ms = self.placement(c, code, place, placed, ended=moved - dt.timedelta(days=1))
            ms.homecoming, ms.end_reason = False, MOVED
            placed = moved
        code, place = choose_placement(rng, age_on(c.birth, placed), shift(placed, c.district_id))
        self.placement(c, code, place, placed, ended=home - dt.timedelta(days=1))
        ended = home + dt.timedelta(days=rng.randint(120, 180))
        if ended > self.today - dt.timedelta(days=31):  # the case would close after today: still running
            self.support(c, home, after_placement=True)
        else:
            self.support(c, home, ended=ended, reason=rng.choice(ENDED_GOALS_MET), after_placement=True)

    def track_former(self, c: ChildSpec) -> None:
        """A young person of 18–22 today, placed at 13–17 in the story's first years (`story.FORMER_PLACED`):
        fewer the further the district has shifted; home again (hjemgivet, with § 32 support for some
        months) or the placement ended on the 18th birthday. Every measure has ended; the case is closed."""
        rng = self.rng
        eighteen = c.birth + relativedelta(years=18)
        lo = max(self.story.start - story.FORMER_BEFORE * YEAR, c.birth + relativedelta(years=13))
        hi = min(eighteen - dt.timedelta(days=150), self.today - dt.timedelta(days=story.FORMER_PLACED_UNTIL))
        if lo > hi:
            return
        shift = self.story.shift

        def weight(day: dt.date) -> float:
            s = shift(day, c.district_id)
            return story.placement_intensity(s) * story.age_weight_at_placement(age_on(c.birth, day), s)

        started = story.draw_day(rng, lo, hi, weight, top=2.25, tries=24)
        code, place = choose_placement(rng, age_on(c.birth, started), shift(started, c.district_id))
        home = started + dt.timedelta(days=rng.randint(120, 540))
        if rng.random() < story.FORMER_HOME_SHARE and home < min(eighteen, self.today) - dt.timedelta(
            days=30
        ):
            self.placement(c, code, place, started, ended=home - dt.timedelta(days=1))
            ended = min(home + dt.timedelta(days=rng.randint(120, 300)), eighteen - dt.timedelta(days=1))
            self.support(c, home, ended=ended, reason=rng.choice(ENDED_GOALS_MET), after_placement=True)
        else:
            ms = self.placement(c, code, place, started, ended=eighteen)  # 18 that day: no hjemgivelse
            ms.homecoming, ms.end_reason = False, LEFT_CARE_AT_18

    def track_support_earlier(self, c: ChildSpec) -> None:
        """§ 32 support at home that began and ended in the story's years before the window."""
        rng = self.rng
        lo = max(self.story.start, self.earliest(c) + dt.timedelta(days=60))
        hi = self.before_window - dt.timedelta(days=150)
        if lo > hi:
            return
        started = story.draw_day(
            rng, lo, hi, lambda day: story.support_intensity(self.story.shift(day, c.district_id)), top=1.4
        )
        ended = min(started + dt.timedelta(days=rng.randint(150, 540)), self.before_window)
        self.support(c, started, ended=ended, reason=rng.choice(ENDED_GOALS_MET))

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
