"""The story Demokommune's five years tell: the shift to earlier, preventive help that VIVE describes.

VIVE, "Kommuners omlægning til en tidligere forebyggende indsats" (Katrine Iversen, 7 October 2021; 18
municipalities, key figures of 10 of them for 2016–2019) reports, for the municipalities that shifted:
more children with preventive and home-based measures; fewer placed in institutions, more in foster
families and in network care; children younger when placed; fewer hjemgivelser; more children in
distress found earlier. The demo plays that over the five years before its moment, so a committee report
over it has something to find:

- `shift(day, district)` runs from 0 (before the shift) to 1 (shifted). Syd (`EARLY`) shifted in the
  second and third years; Nord (`LATE`) barely moved; Øst and Vest moved steadily over the five years. How
  many children a district places at all follows its shift (`Story.placed_factor`, about 1 on average).
- The shift moves the placement sites (`placement_weights`): institutions from about 1.45 times their
  2018 weight to about 0.55 times, foster families up, network care from 5 % to 35 % of them; new
  placements fall (`placement_intensity`) and come younger (`age_weight_at_placement`); placements after
  a hjemgivelse (a child placed again) fall (`replacement_share`); § 30 measures and § 32 support at home
  rise (`preventive_rate`, `support_intensity`). A child placed now more likely began recently
  (`still_placed`), so where a district did not shift its placements begun stay level over the years.
  Measures that began and ended before the window are drawn too (`PREVENTIVE_EARLIER`,
  `SUPPORT_EARLIER`), so the early years are not only the few that still run.
  In the demo's 15-month window, where measures come from notifications (`caseflow`), an older child's
  placement becomes § 32 support at home as the district shifts (`placement_kept`, also for a child home
  after a placement), and some of the youngest are placed sooner (`YOUNG_PLACED`).
- Hjemgivelser (placements that ended with the child home, barnets lov § 100) come in every year of the
  staircase page: `PLACED_AND_HOME` draws, for today's children, the day home from 1 January of the
  story's first year to a week before today — the window's months included, where the measures from
  notifications (`caseflow`) never end a placement — along `homecoming_factor` (fewer as the district
  shifts); the placement began before the window (up to two years before it for a child home in
  the window), some children moved place once on the way
  (`measure_history.MOVED_SHARE`: an "other" ending in the table), and the § 32 support after it ended
  or, home lately, still runs. Without it the running year had almost none and the report's «faldt» read
  «steg».
- Notifications: the years before the window have their notifications too (`EARLIER_NOTIFICATIONS`;
  `population.add_earlier_notifications`): every undersøgelse there began with one, the rest were
  screened to no further action. Where the district shifted, daycare, school and health service talk
  with the parents before they notify: more dialog-based notifications (`dialog_share`).
- Younger at placement, fewer hjemgivelser: the register holds today's 0–17-year-olds, so five years
  back it would lack the teenagers of then, who are 18–22 now, and their placements. `FORMER_PLACED`
  adds them (`Population.former_children`, `MeasureHistory.track_former`): young people of 18–22 placed
  at 13–17 from the story's start to two years before today (along
  `placement_intensity` and `age_weight_at_placement`, so fewer as the district shifts), in the
  districts that shifted only (LIMITATION: drawn once per young person, they fall mostly in the early
  years, which in `LATE` would read as a shift it did not make), each placement
  ended — home again (hjemgivet, `FORMER_HOME_SHARE`) or on the 18th birthday (no hjemgivelse) — and the
  case closed. The calibrated tracks of today's children and `PLACED_AND_HOME` send fewer home as the
  district shifts (`homecoming_factor`). So the staircase page's ages at placement start older and
  hjemgivelser start higher, as VIVE describes (LIMITATION: the young people's hjemgivelser fall mostly
  in the story's second and third years, a bump on the gentle fall).
- Well-being (five years of half-years, `wellbeing.PERIODS`): the institutions differ
  (`institution_tilt`: each one's odds of yellow and red), and so do their half-years
  (`half_year_tilt`); where the district shifted, fewer children turn yellow or red and more come back
  to green (`EARLY_EFFECT`). One school (`DIP_SCHOOL`, in Syd) got a new headteacher who merged two
  departments: the half-year after (`DIP_PERIOD`) had far more yellow and red, then it recovered
  (`wellbeing_tilt`).

ASSUMPTION: the sizes of these shifts are Tidlig's own plausible choices in the direction VIVE reports;
VIVE gives directions and examples, not one national curve. The stock of placed children stays near
DST's 0.90 % (calibration), since the weights average out over the years a placement lasts.
"""

from __future__ import annotations

import datetime as dt
import math
import random

YEARS = 5
EARLY, LATE = "Syd", "Nord"  # the district that shifted early, and the one that did not
DIP_SCHOOL = "Engskolen"  # in Syd: a new headteacher merged two departments; a half-year of unrest
DIP_PERIOD = 5  # the dip's rating period, oldest first (of wellbeing.PERIODS): two years before the open one


class Story:
    """Where the shift stood on a day in a district; built once per demo from its day and districts."""

    def __init__(self, today: dt.date, districts) -> None:
        self.today = today
        self.start = today - dt.timedelta(days=round(YEARS * 365.25))
        self.name = {d.pk: d.name for d in districts}
        # How many are placed at all, by district: the mean placement_intensity of the six years a
        # placement of today's children can reach back (about 1 on average over the districts).
        months = [today - dt.timedelta(days=30 * k) for k in range(72)]
        self.placed_factor = {
            pk: sum(placement_intensity(self.shift(day, pk)) for day in months) / len(months)
            for pk in self.name
        }

    def progress(self, day: dt.date) -> float:
        """0 five years ago (or before), 1 today."""
        return min(1.0, max(0.0, (day - self.start).days / (self.today - self.start).days))

    def shift(self, day: dt.date, district_id: int | None) -> float:
        t = self.progress(day)
        name = self.name.get(district_id, "")
        if name == EARLY:
            x = min(1.0, max(0.0, (t - 0.2) / 0.35))  # from a year in, done 1¾ years later
            return x * x * (3 - 2 * x)
        if name == LATE:
            return 0.15 * t
        return t


def placement_weights(s: float) -> tuple[dict[str, float], dict[str, float]]:
    """Placement sites and foster-care codes at shift `s` (cal.PLACEMENT_SITES scaled, see the docstring)."""
    from . import calibration as cal

    sites = dict(cal.PLACEMENT_SITES)
    sites["institution"] *= 1.45 - 0.9 * s
    sites["foster"] *= 0.8 + 0.4 * s
    network = 0.05 + 0.30 * s
    rest = {k: v for k, v in cal.FOSTER_CODES.items() if k != "anb_netvaerk"}
    total = sum(rest.values())
    foster = {"anb_netvaerk": network} | {k: v / total * (1 - network) for k, v in rest.items()}
    return sites, foster


def placement_intensity(s: float) -> float:
    """New placements relative to the average: 1.5 before the shift, 0.5 after it."""
    return 1.5 - 1.0 * s


YOUNG_PLACED = 0.05  # of § 32 outcomes for a child under 6, at full shift: placed instead (earlier, younger)


def placement_kept(age: int, s: float) -> float:
    """Of the window's undersøgelser that would place a child: the share still placed at shift `s`;
    the rest get § 32 support at home. Before the shift (and in the late district) all are placed."""
    return min(1.0, placement_intensity(s) * age_weight_at_placement(age, s) / 0.9)


PLACED_INSTEAD = 0.2  # of § 32 outcomes, per unit of placement_kept's odds above 1: placed instead


def placed_instead(age: int, s: float) -> float:
    """Of the window's undersøgelser that would give § 32 support at home: the share placed instead where
    the district has not shifted (`s` near 0), as the years before the window placed them; none where it
    has. Without it the window, calibrated to the national rate, would place fewer than those years."""
    odds = placement_intensity(s) * age_weight_at_placement(age, s) / 0.9
    return min(0.3, max(0.0, odds - 1) * PLACED_INSTEAD)


def age_weight_at_placement(age: int, s: float) -> float:
    """Relative odds of a placement at `age`: the older placed less, the young more as the shift goes on."""
    if age >= 12:
        return 1.5 - 1.0 * s
    if age < 6:
        return 0.5 + 1.0 * s
    return 1.0


PLACEMENT_HALF_LIFE = 2.5  # ASSUMPTION: years after which half of the placements begun have ended


def still_placed(today: dt.date, began: dt.date) -> float:
    """Of the placements begun on `began`, the share still running `today` (halving every
    `PLACEMENT_HALF_LIFE` years): a child placed now more likely began recently, so the placements begun
    per year stay level where the district did not shift (the earlier ones ended and are drawn apart)."""
    return 0.5 ** ((today - began).days / 365.25 / PLACEMENT_HALF_LIFE)


def replacement_share(s: float) -> float:
    """Of new placements: the child was home after a hjemgivelse and is placed again."""
    return 0.40 - 0.34 * s


def preventive_rate(s: float) -> float:
    """§ 30 measures a year per child before the demo's window (ASSUMPTION; DST 2022: 1.6 %, all kinds)."""
    return 0.006 + 0.008 * s


PREVENTIVE_EARLIER = 0.035  # ASSUMPTION: children with a § 30 course in the years before the window


SUPPORT_EARLIER = 0.02  # ASSUMPTION: children with § 32 support begun and ended before the window


# ASSUMPTION: of today's children, placed and home again (hjemgivet) in the staircase page's years, the
# window's included (measure_history.track_placed_home): about 200 hjemgivelser at 12,000 children.
PLACED_AND_HOME = 0.02


# ASSUMPTION: young people of 18–22 today who were placed at 13–17 in the story's first three years, per
# child 0–17 of the register (1.5 %: about 300 at 20,000 children, most placed in the first three years,
# before the shift; teenagers are about half of DST's new placements, 2018: 3,871 new placements, 0–17).
FORMER_PLACED = 0.015
FORMER_MIN_CHILDREN = 1000  # below this, a municipality has too few placements for a story of them
FORMER_HOME_SHARE = 0.8  # ASSUMPTION: of their placements, ended with the young person going home (§ 100)
FORMER_PLACED_UNTIL = 730  # days before today: their placements began before then
FORMER_BEFORE = 0  # years before the story's start their placements may begin (0: within the page's years)


def homecoming_factor(s: float) -> float:
    """Hjemgivelser relative to the calibrated tracks (a child home from a placement to § 32 support, or
    placed, home and then without support), by the shift on the day home: 1.3 before it, 0.5 after it —
    fewer children placed and fewer placed again, so fewer going home (VIVE: «Antallet af hjemgivelser er
    faldende»). ASSUMPTION: the size is Tidlig's own."""
    return 1.5 - 1.1 * s


def support_intensity(s: float) -> float:
    """§ 32 support at home begun, relative: rising with the shift."""
    return 0.6 + 0.8 * s


EARLIER_NOTIFICATIONS = (
    1.0  # ASSUMPTION: the years before the window had the notification rate of its last year
)


DIALOG_SOURCES = ("2", "3", "4", "5")  # school, daycare, health service, health visitor (UND1 codes)


def dialog_share(s: float) -> float:
    """Of the notifications from those sources: dialog-based (talked over with the parents first).
    ASSUMPTION: 10 % before the shift, 55 % after it (no national figure; DST does not count them)."""
    return 0.10 + 0.45 * s


def draw_day(
    rng: random.Random, lo: dt.date, hi: dt.date, weight, *, tries: int = 12, top: float = 1.0
) -> dt.date:
    """A day in [lo, hi] drawn with density proportional to weight(day) <= top (rejection sampling)."""
    span = max((hi - lo).days, 0)
    day = lo
    for _ in range(tries):
        day = lo + dt.timedelta(days=rng.randint(0, span))
        if rng.random() * top < weight(day):
            return day
    return day


# -- well-being ------------------------------------------------------------------------------------

TILT_RANGE = (0.55, 1.9)  # ASSUMPTION: how much an institution's odds of yellow/red differ from the mean
HALF_YEAR_SPREAD = 0.25  # ASSUMPTION: an institution's odds of worsening vary from half-year to half-year
DIP_TILT = 3.6  # the dip school's odds of yellow/red in the dip half-year
RECOVERY = 2.2  # after the dip: odds of getting better, multiplied
EARLY_EFFECT = (0.35, 0.8)  # at full shift: odds of worsening down by 35 %, of getting better up by 80 %


def institution_tilt(seed: int, name: str) -> float:
    """Each institution's own odds of yellow and red, the same for a seed and a name."""
    r = random.Random(f"tilt-{seed}-{name}").random()
    lo, hi = TILT_RANGE
    return lo * (hi / lo) ** r  # log-uniform: as many twice as good as twice as bad


def half_year_tilt(seed: int, name: str, period: int) -> float:
    """An institution's half-years differ too (a hard year group, a new colleague): log-normal noise."""
    return math.exp(random.Random(f"half-{seed}-{name}-{period}").gauss(0.0, HALF_YEAR_SPREAD))


def wellbeing_tilt(seed: int, name: str, period: int, shift: float = 0.0) -> tuple[float, float]:
    """(odds of worsening, odds of recovering) for an institution in a period (oldest first).

    `shift` is the institution's district's shift (`Story.shift`) in the period: where the early effort
    works, fewer children turn yellow or red and more of those who are come back to green."""
    if name == DIP_SCHOOL:
        if period == DIP_PERIOD:
            return DIP_TILT, 0.5
        if period == DIP_PERIOD + 1:
            return 0.6, RECOVERY
    worse, better = EARLY_EFFECT
    tilt = institution_tilt(seed, name) * half_year_tilt(seed, name, period)
    return tilt * (1 - worse * shift), 1 + better * shift


def transitions(base: dict, worse: float, better: float) -> dict[str, tuple[float, float, float]]:
    """The well-being chain with the odds of a worse colour times `worse`, of a better one times `better`."""
    g, y, r = base["green"], base["yellow"], base["red"]
    gy, gr = min(g[1] * worse, 0.45), min(g[2] * worse, 0.2)
    yg, yr = min(y[0] * better, 0.9), min(y[2] * worse, 0.4)
    rg, ry = min(r[0] * better, 0.5), min(r[1] * better, 0.45)
    return {
        "green": (1 - gy - gr, gy, gr),
        "yellow": (yg, max(0.0, 1 - yg - yr), yr),
        "red": (rg, ry, max(0.0, 1 - rg - ry)),
    }


def stationary(chain: dict) -> tuple[float, float, float]:
    p = (1 / 3, 1 / 3, 1 / 3)
    rows = [chain["green"], chain["yellow"], chain["red"]]
    for _ in range(200):
        p = tuple(sum(p[i] * rows[i][j] for i in range(3)) for j in range(3))
    return p
