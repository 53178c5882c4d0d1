"""Concerns with their handleguide steps, and early advice without a case, for the demo.

Concerns are raised for children rated yellow or red (`CONCERN_SHARE` by colour): observed around the
joint rating, with entries along the handleguide (observe, parents, team, and a notification for some
of the closed ones). Those observed more than `OPEN_DAYS` ago are mostly closed. Two children in
`paedagog`'s stue always have one (the pinned yellow and red of `wellbeing.SHOWCASE_COLOURS`), one
open and one closed.

Early courses (BL § 29 rådgivning without a case): about one per `CHILDREN_PER_COURSE` children, most
agreed on a named meeting item, and `ESCALATED_SHARE` that ended when the child was notified: those
are children who do have a notification in the demo, the course ending on the day it came.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Min
from django.utils import timezone

from tidlig.concerns.models import Concern, ConcernEntry, GuideStep
from tidlig.crossteam.models import EarlyCourse, EligibilityCriterion, MeetingItem
from tidlig.intake.models import Notification
from tidlig.rules.calendar import CPH

from . import fastrows, writer
from .crossteam import Teams
from .groups import Groups, Membership
from .organisation import Org

CONCERN_SHARE = {"yellow": 0.08, "red": 0.5}  # ASSUMPTION
OPEN_DAYS = 120
CHILDREN_PER_COURSE = 500  # ASSUMPTION: "a few dozen" courses at 20,000 children
ESCALATED_SHARE = 0.2
OBSERVATIONS = [
    "Barnet har de sidste uger trukket sig fra legen og sidder ofte alene ved bordet.",
    "Barnet kommer flere dage om ugen uden madpakke og virker sulten.",
    "Barnet reagerer voldsomt ved afhentning og vil ikke gå med hjem.",
    "Barnet har blå mærker på overarmen og siger, det er faldet.",
    "Barnet er meget træt, falder i søvn ved samling og har svært ved at koncentrere sig.",
    "Barnet har mange konflikter og slår de andre børn, når det ikke får sin vilje.",
]
STEP_TEXTS = {
    GuideStep.Kind.OBSERVE: "Observationer samlet over to uger og drøftet med kollegaen på stuen.",
    GuideStep.Kind.PARENTS: "Samtale med forældrene. De genkender noget af det og vil gerne samarbejde.",
    GuideStep.Kind.TEAM: "Drøftet anonymt i det tværfaglige team; teamet anbefaler en samtale med PPR.",
    GuideStep.Kind.NOTIFY: "Underretning sendt til kommunen efter aftale med lederen.",
}
OUTCOMES = [
    (Concern.Outcome.RESOLVED, 0.45),
    (Concern.Outcome.INSTITUTION, 0.3),
    (Concern.Outcome.TEAM, 0.17),
    (Concern.Outcome.NOTIFICATION, 0.08),
]
PURPOSES = [
    "Rådgivning til forældrene om rutiner og grænser i hverdagen.",
    "Støtte til familien efter forældrenes skilsmisse.",
    "Samtaler med barnet og forældrene om trivsel og fravær.",
    "Forældrerådgivning om søvn, mad og struktur i familien.",
]


def build_concerns(
    org: Org,
    rng: random.Random,
    groups: Groups,
    flagged: list[tuple[int, int, Membership, int, str, dt.date]],
    *,
    now: dt.datetime,
) -> dict[str, int]:
    today = timezone.localdate(now)
    steps = {
        s.kind: s for s in GuideStep.objects.filter(municipality=org.municipality).order_by("order", "pk")
    }
    latest: dict[int, tuple] = {}
    for row in flagged:
        latest[row[1]] = row  # flagged is in period order, so the last one wins
    showcase = {
        child_id
        for child_id, row in latest.items()
        if groups.showcase is not None and row[2].group is groups.showcase
    }
    showcase_open = True
    concerns: list[Concern] = []
    plans: list[list[tuple[str, dt.date]]] = []
    for child_id, (rating_id, _c, ms, _index, colour, day) in sorted(latest.items()):
        in_showcase = child_id in showcase
        if not in_showcase and rng.random() >= CONCERN_SHARE[colour]:
            continue
        observed = min(today, day - dt.timedelta(days=rng.randint(0, 20)))
        closed = observed < today - dt.timedelta(days=OPEN_DAYS) and rng.random() < 0.85
        if in_showcase:
            closed, showcase_open = not showcase_open, not showcase_open
        outcome = rng.choices([o for o, _w in OUTCOMES], [w for _o, w in OUTCOMES])[0] if closed else ""
        kinds = [GuideStep.Kind.OBSERVE, GuideStep.Kind.PARENTS]
        if outcome in (Concern.Outcome.TEAM, Concern.Outcome.NOTIFICATION) or colour == "red":
            kinds.append(GuideStep.Kind.TEAM)
        if outcome == Concern.Outcome.NOTIFICATION:
            kinds.append(GuideStep.Kind.NOTIFY)
        entries, when = [], observed
        for kind in kinds:
            when = min(today, when + dt.timedelta(days=rng.randint(2, 14)))
            entries.append((kind, when))
        created = dt.datetime.combine(observed, dt.time(rng.randint(8, 15)), tzinfo=CPH)
        concerns.append(
            Concern(
                municipality=org.municipality,
                child_id=child_id,
                institution=ms.group.institution,
                raised_by=ms.group.educators[0],
                observed_on=observed,
                observation=rng.choice(OBSERVATIONS),
                follow_up_on=None if closed else today + dt.timedelta(days=rng.randint(5, 40)),
                status=Concern.Status.CLOSED if closed else Concern.Status.OPEN,
                outcome=outcome,
                closed_at=(
                    min(now, dt.datetime.combine(when, dt.time(15), tzinfo=CPH) + dt.timedelta(days=14))
                    if closed
                    else None
                ),
                rating_id=rating_id,
                created_at=min(now, created),
            )
        )
        plans.append(entries)
    with writer._explicit(Concern, "created_at"):
        Concern.objects.bulk_create(concerns, batch_size=writer.BATCH)
    rows = [
        {
            "concern_id": c.pk,
            "step_id": steps[kind].pk if kind in steps else None,
            "text": STEP_TEXTS[kind],
            "happened_on": when,
            "recorded_by_id": c.raised_by_id,
            "created_at": min(now, dt.datetime.combine(when, dt.time(16), tzinfo=CPH)),
        }
        for c, entries in zip(concerns, plans, strict=True)
        for kind, when in entries
    ]
    fastrows.insert(ConcernEntry, rows)
    return {
        "concerns": len(concerns),
        "open": sum(c.status == "open" for c in concerns),
        "entries": len(rows),
    }


def build_courses(
    org: Org, rng: random.Random, groups: Groups, teams: Teams, *, children: int, now: dt.datetime
) -> dict[str, int]:
    today = timezone.localdate(now)
    criteria = list(
        EligibilityCriterion.objects.filter(municipality=org.municipality).order_by("order", "pk")
    )
    wanted = max(5, round(children / CHILDREN_PER_COURSE))
    escalate = round(wanted * ESCALATED_SHARE)
    courses: list[EarlyCourse] = []
    taken: set[int] = set()

    def course(child_id: int, inst, started: dt.date, **extra) -> None:
        taken.add(child_id)
        planned_end = started + dt.timedelta(days=rng.choice((60, 90, 120)))
        if "ended_on" not in extra and planned_end < today:
            extra |= {
                "ended_on": planned_end,
                "outcome": EarlyCourse.Outcome.COMPLETED
                if rng.random() < 0.85
                else EarlyCourse.Outcome.OTHER,
            }
        courses.append(
            EarlyCourse(
                municipality=org.municipality,
                child_id=child_id,
                institution=inst,
                social_worker=teams.social_worker(inst.district_id),
                purpose=rng.choice(PURPOSES),
                started_on=started,
                planned_end_on=planned_end,
                created_at=dt.datetime.combine(started, dt.time(10), tzinfo=CPH),
                **extra,
            )
        )

    # Escalated: children notified in the demo's window, from a daycare or school, whose course began
    # a few months before the first notification and ended with it.
    first = (
        Notification.objects.filter(
            municipality=org.municipality,
            child__institution__isnull=False,
            received_at__lt=now - dt.timedelta(days=14),
        )
        .values("child_id", "child__institution_id")
        .annotate(first=Min("received_at"))
        .order_by("child_id")
    )
    notified = [r for r in first if r["first"] > now - dt.timedelta(days=400)]
    for r in rng.sample(notified, min(escalate, len(notified))):
        day = timezone.localdate(r["first"])
        course(
            r["child_id"],
            groups.institutions[r["child__institution_id"]],
            day - dt.timedelta(days=rng.randint(45, 100)),
            ended_on=day,
            outcome=EarlyCourse.Outcome.NOTIFICATION,
            notes="Forløbet blev afsluttet, da der kom en underretning om barnet.",
        )
    items = [it for it in teams_items(teams) if it.child_id not in taken]
    for item in rng.sample(items, min(wanted - len(courses), len(items))):
        if item.child_id in taken:
            continue
        started = item.meeting.starts_at.astimezone(CPH).date() + dt.timedelta(days=rng.randint(7, 21))
        if started >= today:
            continue
        course(item.child_id, item.institution, started, meeting_item=item)
    with writer._explicit(EarlyCourse, "created_at"):
        EarlyCourse.objects.bulk_create(courses, batch_size=writer.BATCH)
    through = EarlyCourse.criteria.through
    links = []
    for c in courses:
        picked = rng.sample(criteria, min(len(criteria), rng.choice((1, 1, 2))))
        links += [through(earlycourse_id=c.pk, eligibilitycriterion_id=k.pk) for k in picked]
    through.objects.bulk_create(links, batch_size=writer.BATCH)
    return {
        "courses": len(courses),
        "escalated": sum(c.outcome == EarlyCourse.Outcome.NOTIFICATION for c in courses),
    }


def teams_items(teams: Teams) -> list[MeetingItem]:
    return [it for it in teams.named_items if it.meeting.status == "held"]
