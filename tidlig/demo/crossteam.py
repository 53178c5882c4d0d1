"""The cross-disciplinary teams of the demo: who sits on them, and two years of monthly meetings.

Each district has one preventive social worker, one PPR psychologist and one health visitor, fixed
members of the team of every daycare and school in the district; in the first district they are the
logins `socialraadgiver`, `psykolog` and `sundhedsplejerske` (so they serve `paedagog`'s daycare).

Every institution meets about monthly (not in July) on a fixed weekday of the month's second week;
the meetings before now were held and have minutes, the next one is planned with its agenda. Most
items are anonymous ("pige, 4 år"); `NAMED_SHARE` are about a named child with a custody guardian's
consent given before the meeting (RSL § 11 e, stk. 2), the parents invited. Items are about children
whose joint rating was yellow or red in the months before the meeting.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from tidlig.crossteam.models import CrossTeamMember, MeetingItem, Profession, TeamMeeting
from tidlig.organisation.models import Institution, Role, Staff
from tidlig.people.models import Guardianship
from tidlig.rules.calendar import CPH

from . import writer
from .groups import Groups, Membership, StaffMaker
from .organisation import Org
from .specs import age_on

MONTHS = 24
NAMED_SHARE = 0.3  # ASSUMPTION
LOOKBACK_DAYS = 150  # an item is about a child rated yellow or red this long before the meeting at most
SEATS = [
    (Role.SOCIAL_WORKER, Profession.SOCIAL_WORKER, "Forebyggende socialrådgiver", "socialraadgiver"),
    (Role.PSYCHOLOGIST, Profession.PSYCHOLOGIST, "PPR-psykolog", "psykolog"),
    (Role.HEALTH_VISITOR, Profession.HEALTH_VISITOR, "Sundhedsplejerske", "sundhedsplejerske"),
]
PLACES = ["Personalerummet", "Mødelokalet", "Lederens kontor", "Mødelokale 2"]
QUESTIONS = [
    "Hvordan kan vi støtte barnet i at komme ind i legen med de andre?",
    "Barnet er ofte ked af det ved aflevering. Hvad kan vi gøre, og skal vi tale med forældrene om mere?",
    "Vi ser uro og konflikter i løbet af dagen. Er der behov for en udredning hos PPR?",
    "Barnet virker træt og sulten om morgenen. Hvordan griber vi samtalen med forældrene an?",
    "Sproget halter efter. Hvad kan vi gøre i gruppen, og bør tale-hørepædagogen se barnet?",
    "Stigende fravær. Hvordan kan vi i fællesskab hjælpe familien?",
    "Barnet trækker sig og taler negativt om sig selv. Hvad anbefaler teamet?",
]
ADVICE = [
    "Teamet anbefaler faste voksne i overgangene og en kort daglig snak med barnet.",
    "PPR-psykologen observerer i gruppen og giver sparring til personalet.",
    "Sundhedsplejersken tilbyder forældrene en samtale om søvn og rutiner.",
    "Socialrådgiveren tilbyder familien et kort rådgivningsforløb (BL § 29).",
    "Institutionen fortsætter sin egen indsats; teamet følger op om to måneder.",
]
AGREEMENTS = [
    "Pædagogen taler med forældrene i næste uge og skriver ned, hvad der aftales.",
    "Forældrene kontakter selv socialrådgiveren for et rådgivningsforløb.",
    "PPR-psykologen kommer på besøg inden næste møde.",
    "Vi følger op på næste møde.",
]
MINUTES = [
    "Teamet drøftede de punkter, der var sat på dagsordenen. Referat af de enkelte punkter nedenfor.",
    "Gennemgang af punkterne. Generel drøftelse af trivslen i grupperne efter ferien.",
    "Punkterne blev drøftet. Teamet talte også om samarbejdet med forældrene i overgangen til skole.",
]
CONSENT_NOTES = [
    "Mundtligt ved afhentning, noteret af pædagogen",
    "Skriftligt på samtykkeblanket",
    "Ved forældresamtale",
]


@dataclass
class Teams:
    by_district: dict[int, dict[str, Staff]]  # district id -> role -> the staff member
    meetings: list[TeamMeeting] = field(default_factory=list)
    named_items: list[MeetingItem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def health_visitors(self) -> dict[int, Staff]:
        return {d: seats[Role.HEALTH_VISITOR] for d, seats in self.by_district.items()}

    def social_worker(self, district_id: int) -> Staff:
        return self.by_district[district_id][Role.SOCIAL_WORKER]


def build_staff(org: Org, staff: StaffMaker) -> Teams:
    """The three fixed professions per district, and their seats on every institution's team."""
    first = org.districts[0]
    by_district: dict[int, dict[str, Staff]] = {}
    for d in org.districts:
        by_district[d.pk] = {
            role: org.logins[login] if d == first and login in org.logins else staff.make(role, title)
            for role, _profession, title, login in SEATS
        }
    staff.save()
    CrossTeamMember.objects.bulk_create(
        [
            CrossTeamMember(institution=inst, staff=by_district[d.pk][role], profession=profession)
            for d in org.districts
            for inst in org.daycares[d.pk] + org.schools[d.pk]
            for role, profession, _title, _login in SEATS
        ],
        batch_size=writer.BATCH,
    )
    return Teams(by_district=by_district)


def _meeting_days(rng: random.Random, today: dt.date) -> list[dt.date]:
    """A weekday in the second week of each month, from `MONTHS` months ago to the first one after today.

    Two months ahead are looked at, so a meeting lies ahead even when next month is July (no meeting).
    """
    weekday = rng.choice((1, 2, 3))  # Tuesday, Wednesday or Thursday
    days = []
    year, month = today.year, today.month
    for back in range(MONTHS, -3, -1):
        y, mth = divmod((year * 12 + month - 1) - back, 12)
        mth += 1
        if mth == 7:
            continue
        day = dt.date(y, mth, 8)
        day += dt.timedelta(days=(weekday - day.weekday()) % 7)
        days.append(day)
    return days


def build_meetings(
    org: Org,
    rng: random.Random,
    groups: Groups,
    teams: Teams,
    flagged: list[tuple[int, int, Membership, int, str, dt.date]],
    *,
    now: dt.datetime,
) -> Teams:
    today = timezone.localdate(now)
    # Candidates per institution, by the day their yellow/red joint rating was made.
    candidates: dict[int, list[tuple[dt.date, int, Membership]]] = {}
    for _pk, child_id, ms, _index, _colour, day in flagged:
        candidates.setdefault(ms.group.institution.pk, []).append((day, child_id, ms))
    for lst in candidates.values():
        lst.sort(key=lambda t: (t[0], t[1]))
    custodian: dict[int, int] = {}
    for child_id, person_id in (
        Guardianship.objects.filter(child__municipality=org.municipality, has_custody=True)
        .order_by("pk")
        .values_list("child_id", "person_id")
    ):
        custodian.setdefault(child_id, person_id)

    meetings: list[TeamMeeting] = []
    plans: list[tuple[int, list[dict]]] = []  # (meeting index, items)
    for inst_id, inst in groups.institutions.items():
        leader = groups.leaders.get(inst_id)
        if leader is None:
            continue
        place = rng.choice(PLACES)
        hour = rng.choice((9, 10, 13, 14))
        days = _meeting_days(rng, today)
        planned_done = False
        named: set[int] = set()  # one named discussion per child (a follow-up only in special cases)
        for i, day in enumerate(days):
            starts = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=CPH)
            if planned_done:
                break
            held = starts + dt.timedelta(hours=2) < now
            planned_done = not held
            meeting = TeamMeeting(
                institution=inst,
                starts_at=starts,
                place=place,
                status=TeamMeeting.Status.HELD if held else TeamMeeting.Status.PLANNED,
                minutes=rng.choice(MINUTES) if held else "",
                next_meeting_on=days[i + 1] if held and i + 1 < len(days) else None,
                created_by=leader,
                held_at=starts + dt.timedelta(minutes=rng.randint(80, 110)) if held else None,
            )
            meetings.append(meeting)
            pool = candidates.get(inst_id, [])
            lo = bisect.bisect_left(pool, (day - dt.timedelta(days=LOOKBACK_DAYS),))
            hi = bisect.bisect_left(pool, (day - dt.timedelta(days=3),))
            unique = list({c[1]: c for c in pool[lo:hi]}.values())
            chosen = rng.sample(unique, min(len(unique), rng.randint(1, 4)))
            plans.append(
                (len(meetings) - 1, [_item(rng, inst, day, held, c, custodian, named) for c in chosen])
            )
    TeamMeeting.objects.bulk_create(meetings, batch_size=writer.BATCH)
    items = []
    for index, rows in plans:
        for order, row in enumerate(rows, 1):
            items.append(MeetingItem(meeting=meetings[index], order=order, **row))
    with writer._explicit(MeetingItem, "created_at"):
        MeetingItem.objects.bulk_create(items, batch_size=writer.BATCH)
    teams.meetings = meetings
    teams.named_items = [it for it in items if it.kind == MeetingItem.Kind.NAMED]
    teams.counts = {
        "meetings": len(meetings),
        "held": sum(mt.status == TeamMeeting.Status.HELD for mt in meetings),
        "items": len(items),
        "named": len(teams.named_items),
    }
    return teams


def _item(
    rng: random.Random,
    inst: Institution,
    day: dt.date,
    held: bool,
    candidate: tuple[dt.date, int, Membership],
    custodian: dict[int, int],
    named: set[int],
) -> dict:
    _rated, child_id, ms = candidate
    raised = dt.datetime.combine(
        day - dt.timedelta(days=rng.randint(5, 25)), dt.time(rng.randint(8, 15)), tzinfo=CPH
    )
    row = {
        "institution": inst,
        "question": rng.choice(QUESTIONS),
        "raised_by": ms.group.educators[0],
        "created_at": raised,
    }
    if child_id in custodian and child_id not in named and rng.random() < NAMED_SHARE:
        named.add(child_id)
        row |= {
            "kind": MeetingItem.Kind.NAMED,
            "child_id": child_id,
            "consent_by_id": custodian[child_id],
            "consent_on": day - dt.timedelta(days=rng.randint(2, 20)),
            "consent_note": rng.choice(CONSENT_NOTES),
            "parents_invited": True,
            "parents_attended": (rng.random() < 0.8) if held else None,
        }
    else:
        kid = ms.kid
        who = "dreng" if kid.sex == "M" else "pige"
        if ms.group.daycare:
            label = f"{who}, {age_on(kid.birth, day)} år"
        else:
            label = f"{who}, {max(0, age_on(kid.birth, day) - 6)}. klasse"
        row |= {"kind": MeetingItem.Kind.ANONYMOUS, "anonymous_label": label}
    if held:
        row |= {
            "advice": rng.choice(ADVICE),
            "agreements": rng.choice(AGREEMENTS),
            "responsible": "Pædagogen taler med forældrene; socialrådgiveren følger op.",
            "follow_up_on": day + dt.timedelta(weeks=rng.choice((4, 6, 8))),
        }
    return row
