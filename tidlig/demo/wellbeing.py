"""Five years of well-being ratings: periods, the educators' individual and joint ratings, follow-ups.

Each institution rates twice a year, in spring and autumn; the demo has `PERIODS` periods half a year
apart, the newest open on the demo's day whatever the date (`period_dates`), so an educator always
finds a period to rate in. The yellow and red of the last `RECENT` periods lead on to team meetings
and concerns (crossteam, concerns); the earlier ones have their follow-ups only. In a
closed period every child who was in a group then has two individual ratings (the group's two
educators) and a joint one; the two mostly agree and in `DISAGREE` of the children one of them is a
colour off. In the open period only part of each group is rated so far; in `paedagog`'s stue she has
rated nobody yet and her colleague about half (so the demo shows the quick entry).

A child's colour moves from period to period by a Markov chain with persistence (`TRANSITIONS`): a
yellow child stays yellow or goes back to green more often than it goes red. Its stationary shares
are about 85 % green, 12 % yellow and 3 % red on average; `story.wellbeing_tilt` gives each institution
its own odds of worsening (so they differ, from about 91/7/1 to 74/19/7 %), varying from half-year
to half-year, better where the district shifted to early help, and one school a dip in one half-year
and a recovery after it (the demo's story, see `story`). ASSUMPTION: these shares are not national figures
(there are none for TOPI-style ratings); they are in the range municipalities using such a model
describe, about one child in ten yellow and a few in a hundred red.

The health visitor rates infants at 8–10 months with the parents (no period, no institution);
`HEALTH_VISITOR_SHARES` is an assumption too: infants are rated green more often than older children.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tidlig.organisation.models import Staff
from tidlig.rules.calendar import CPH
from tidlig.wellbeing.models import Indicator, Rating, RatingFollowUp, RatingPeriod

from . import fastrows, story, writer
from .groups import Groups, Kid, Membership
from .organisation import Org

PERIODS = 2 * story.YEARS  # five years of half-years, the newest open
RECENT = 4  # the last two years' yellow and red lead on to team meetings and concerns (crossteam, concerns)
OPEN_SINCE = dt.timedelta(weeks=3)  # how long ago the open period began, at most
LENGTH = dt.timedelta(weeks=8)  # ASSUMPTION: a rating window of about two months
FLUSH = 20_000  # ratings written at a time, so memory stays flat at 100,000 children
GREEN, YELLOW, RED = "green", "yellow", "red"
COLOURS = (GREEN, YELLOW, RED)
TRANSITIONS = {
    GREEN: (0.943, 0.050, 0.007),
    YELLOW: (0.37, 0.56, 0.07),
    RED: (0.12, 0.36, 0.52),
}
STATIONARY = (0.849, 0.121, 0.030)  # of TRANSITIONS: the mean institution (story.stationary of its own chain)
DISAGREE = 0.065  # ASSUMPTION: children on whom the two educators' own ratings differ by one colour
OPEN_PERIOD_RATED = (0.3, 0.85)  # share of a group rated so far in the open period (drawn per group)
OPEN_PERIOD_JOINT = 0.7  # of the children both have rated, the share already given a joint rating
FOLLOW_UP_SHARE = 0.85  # yellow/red joint ratings with a follow-up recorded
HEALTH_VISITOR_SHARES = (0.92, 0.065, 0.015)  # ASSUMPTION
PARENTS_PRESENT = [("Mor og far", 0.6), ("Mor", 0.3), ("Far", 0.1)]
INDICATORS = [
    ("Sociale kompetencer", "Leg, samspil og venskaber med de andre børn."),
    (
        "Omsorg fra voksne",
        "Om barnet får den omsorg og opmærksomhed, det har brug for, hjemme og i institutionen.",
    ),
    ("Deltagelse i fællesskaber", "Om barnet er med i fællesskabet og de fælles aktiviteter."),
    ("Selvværd", "Om barnet tror på sig selv og tør give udtryk for sine behov."),
]
# Pinned colours for three children in paedagog's stue (closed periods, oldest first), so her stue
# always has a yellow and a red child to show, whatever the seed.
SHOWCASE_COLOURS = [(GREEN, YELLOW, YELLOW), (YELLOW, YELLOW, RED), (GREEN, GREEN, YELLOW)]
FOCUS_POINTS = [
    "Barnet trækker sig fra legen og sidder ofte alene.",
    "Barnet virker træt og uoplagt om morgenen.",
    "Konflikter med de andre børn; svært ved at vente på tur.",
    "Barnet er ked af det ved aflevering og søger meget voksenkontakt.",
    "Sproget halter efter; barnet bliver let frustreret.",
    "Barnet har mange fraværsdage og kommer ofte sent.",
    "Barnet taler nedsættende om sig selv og opgiver hurtigt.",
    "Hygiejne og påklædning passer ikke altid til vejret.",
]
ACTIONS = [
    "Fast voksen i overgange; vi laver små legegrupper, hvor barnet er med.",
    "Daglig kort snak med barnet og ros for det, der lykkes.",
    "Vi hjælper barnet ind i legen og følger op på stuemødet hver 14. dag.",
    "Særlig opmærksomhed ved aflevering; vi aftaler en fast modtagelse.",
    "Sprogstimulering i lille gruppe to gange om ugen.",
]
PARENT_RESPONSES = [
    "Forældrene genkender billedet og vil gerne samarbejde.",
    "Forældrene oplever det ikke på samme måde hjemme.",
    "Forældrene fortæller om en svær tid i familien.",
    "",
]


@dataclass
class Built:
    periods: dict[int, list[RatingPeriod]]  # institution id -> periods, oldest first
    open_index: int | None  # which of the periods is open today
    # Yellow/red joint ratings: (rating id, child id, group membership, period index, colour, rated day)
    flagged: list[tuple[int, int, Membership, int, str, dt.date]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def period_dates(today: dt.date, n: int = PERIODS) -> list[tuple[str, dt.date, dt.date]]:
    """`n` rating periods half a year apart, oldest first; the newest is open `today`, whatever the date.

    The demo is built relative to its moment, so every persona has a period to rate in whenever it is
    built (issue 10): the open one began up to `OPEN_SINCE` ago, within today's half-year so its title
    and `RatingPeriod.half_year` agree, and runs `LENGTH`; the earlier ones lie 6, 12, 18 months back.
    """
    half_start = dt.date(today.year, 1 if today.month <= 6 else 7, 1)
    opens = max(today - OPEN_SINCE, half_start)
    found = []
    for back in range(n - 1, -1, -1):
        start = opens - relativedelta(months=6 * back)
        season = "Forår" if start.month <= 6 else "Efterår"
        found.append((f"{season} {start.year}", start, start + LENGTH))
    return found


def _at(rng: random.Random, day: dt.date, now: dt.datetime) -> dt.datetime:
    t = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=CPH)
    return min(t, now - dt.timedelta(minutes=rng.randint(5, 120)))


def _months(birth: dt.date, day: dt.date) -> int:
    return max(0, (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day))


def _neighbour(rng: random.Random, colour: str) -> str:
    if colour == YELLOW:
        return GREEN if rng.random() < 0.7 else RED
    return YELLOW


def build(
    org: Org,
    rng: random.Random,
    groups: Groups,
    *,
    now: dt.datetime,
    health_visitors: dict[int, Staff],
    seed: int = 1,
) -> Built:
    m = org.municipality
    today = timezone.localdate(now)
    indicators = Indicator.objects.bulk_create(
        [Indicator(municipality=m, title=t, description=d, order=i) for i, (t, d) in enumerate(INDICATORS, 1)]
    )
    dates = period_dates(today)
    rows = [
        RatingPeriod(institution=inst, title=title, opens_on=opens, closes_on=closes)
        for inst in groups.institutions.values()
        for title, opens, closes in dates
    ]
    RatingPeriod.objects.bulk_create(rows, batch_size=writer.BATCH)
    periods: dict[int, list[RatingPeriod]] = {}
    for p in rows:
        periods.setdefault(p.institution_id, []).append(p)
    open_index = next((i for i, (_t, o, c) in enumerate(dates) if o <= today <= c), None)
    built = Built(periods=periods, open_index=open_index)

    # Who was in which group in each period, and the child's colour then (one chain per child).
    during = [groups.members_during(o, c) for _t, o, c in dates]
    state: dict[int, str] = {}
    # The pinned children of paedagog's stue: those in it longest, so the pins fall on closed periods.
    n_closed = Counter(ms.kid.pk for i, members in enumerate(during) if i != open_index for ms in members)
    current = [ms.kid.pk for ms in groups.memberships if ms.group is groups.showcase and ms.left_on is None]
    current.sort(key=lambda pk: (-n_closed[pk], pk))
    pinned = {pk: script for pk, script in zip(current, SHOWCASE_COLOURS, strict=False) if n_closed[pk]}
    closed_seen: dict[int, int] = {}
    ratings: list[dict] = []
    tally: Counter = Counter()

    def flush(limit: int = FLUSH) -> None:
        if len(ratings) >= limit:
            tally.update(r["kind"] for r in ratings)
            fastrows.insert(Rating, ratings)
            ratings.clear()

    joints: list[tuple[Membership, int, str, dt.date]] = []
    chains = {}  # (institution name, period index) -> (first-period shares, transitions): story.wellbeing_tilt
    plot = story.Story(today, org.districts)
    for index, members in enumerate(during):
        is_open = index == open_index
        _title, opens, closes = dates[index]
        last_day = min(closes, today - dt.timedelta(days=1)) if is_open else closes
        last_day = max(opens, last_day)
        rated_share = {}
        for ms in members:
            kid = ms.kid
            prev = state.get(kid.pk)
            key = (ms.group.institution.name, index)
            if key not in chains:
                shift = plot.shift(opens, ms.group.institution.district_id)
                chain = story.transitions(TRANSITIONS, *story.wellbeing_tilt(seed, *key, shift))
                chains[key] = (story.stationary(chain), chain)
            first, chain = chains[key]
            probs = first if prev is None else chain[prev]
            colour = rng.choices(COLOURS, probs)[0]
            if not is_open and kid.pk in pinned:
                script, k = pinned[kid.pk], closed_seen.get(kid.pk, 0)
                colour = script[max(0, k - n_closed[kid.pk] + len(script))]  # the newest gets the last
                closed_seen[kid.pk] = k + 1
            state[kid.pk] = colour
            period = periods[ms.group.institution.pk][index]
            e1, e2 = ms.group.educators
            if is_open:
                g = ms.group.group.pk
                if g not in rated_share:
                    rated_share[g] = 0.5 if ms.group is groups.showcase else rng.uniform(*OPEN_PERIOD_RATED)
                if rng.random() >= rated_share[g]:
                    continue
            first_day = min(max(opens, ms.joined_on), last_day)  # not before the child joined the group
            day = first_day + dt.timedelta(days=rng.randint(0, (last_day - first_day).days))
            common = {
                "municipality_id": m.pk,
                "institution_id": ms.group.institution.pk,
                "district_id": ms.group.institution.district_id,
                "period_id": period.pk,
                "group_id": ms.group.group.pk,
                "child_id": kid.pk,
                "age_months": _months(kid.birth, day),
                "sex": kid.sex,
            }
            own = [colour, colour]
            if rng.random() < DISAGREE:
                i = rng.randrange(2)
                own[i] = _neighbour(rng, colour)
            raters = [e1, e2]
            if is_open and ms.group is groups.showcase:
                raters, own = [e2], [own[1]]  # paedagog (e1) has not rated anyone yet
            for rater, c in zip(raters, own, strict=True):
                at = _at(rng, day, now)
                ratings.append(
                    common
                    | {
                        "kind": "individual",
                        "rater_id": rater.pk,
                        "colour": c,
                        "rated_at": at,
                        "updated_at": at,
                    }
                )
            if is_open and (len(raters) < 2 or rng.random() >= OPEN_PERIOD_JOINT):
                continue
            at = _at(rng, min(day + dt.timedelta(days=rng.randint(1, 10)), last_day), now)
            joint = common | {
                "kind": "joint",
                "rater_id": e1.pk,
                "colour": colour,
                "rated_at": at,
                "updated_at": at,
            }
            if colour != GREEN:
                joint["indicators"] = _indicators(rng, indicators, colour)
                joints.append((ms, index, colour, at.astimezone(CPH).date()))
            ratings.append(joint)
            flush()
    ratings += health_visitor_ratings(org, rng, groups.kids, health_visitors, today=today, now=now)
    flush(0)
    built.counts = {
        "ratings": sum(tally.values()),
        "joint": tally["joint"],
        "health_visitor": tally["health_visitor"],
    }

    ids = {
        (p, c): pk
        for pk, p, c in Rating.objects.filter(municipality=m, kind="joint")
        .exclude(colour=GREEN)
        .values_list("pk", "period_id", "child_id")
    }
    follow_ups = []
    for ms, index, colour, day in joints:
        period = periods[ms.group.institution.pk][index]
        pk = ids[(period.pk, ms.kid.pk)]
        if index >= len(dates) - RECENT:
            built.flagged.append((pk, ms.kid.pk, ms, index, colour, day))
        if rng.random() >= FOLLOW_UP_SHARE:
            continue
        informed = min(today, day + dt.timedelta(days=rng.randint(1, 14)))
        follow_ups.append(
            {
                "rating_id": pk,
                "focus_points": rng.choice(FOCUS_POINTS),
                "institution_action": rng.choice(ACTIONS),
                "parents_informed_on": informed,
                "parents_response": rng.choice(PARENT_RESPONSES),
                "team_requested_on": (
                    min(today, informed + dt.timedelta(days=rng.randint(1, 21)))
                    if colour == RED and rng.random() < 0.8
                    else None
                ),
                "recorded_by_id": ms.group.educators[0].pk,
                "updated_at": _at(rng, informed, now),
            }
        )
    fastrows.insert(RatingFollowUp, follow_ups)
    built.counts["follow_ups"] = len(follow_ups)
    return built


def _indicators(rng: random.Random, indicators: list[Indicator], colour: str) -> dict[str, str]:
    """One or two indicators at the joint colour, the others green or yellow."""
    worst = set(rng.sample(range(len(indicators)), rng.choice((1, 1, 2))))
    out = {}
    for i, ind in enumerate(indicators):
        if i in worst:
            out[str(ind.pk)] = colour
        else:
            out[str(ind.pk)] = YELLOW if colour == RED and rng.random() < 0.4 else GREEN
    return out


def health_visitor_ratings(
    org: Org,
    rng: random.Random,
    kids: dict[int, Kid],
    health_visitors: dict[int, Staff],
    *,
    today: dt.date,
    now: dt.datetime,
) -> list[dict]:
    """The health visitor's rating at 8–10 months, for infants who reached that age in the last two years."""
    since = today - dt.timedelta(days=2 * 365)
    present, weights = [p for p, _w in PARENTS_PRESENT], [w for _p, w in PARENTS_PRESENT]
    out = []
    for kid in kids.values():
        if kid.district_id not in health_visitors:
            continue
        day = kid.birth + dt.timedelta(days=rng.randint(244, 304))
        if not since <= day < today:
            continue
        at = _at(rng, day, now)
        out.append(
            {
                "municipality_id": org.municipality.pk,
                "district_id": kid.district_id,
                "child_id": kid.pk,
                "kind": "health_visitor",
                "rater_id": health_visitors[kid.district_id].pk,
                "colour": rng.choices(COLOURS, HEALTH_VISITOR_SHARES)[0],
                "age_months": _months(kid.birth, day),
                "sex": kid.sex,
                "parents_present": rng.choices(present, weights)[0],
                "rated_at": at,
                "updated_at": at,
            }
        )
    return out
