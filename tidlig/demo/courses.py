"""§ 30 courses (12 weeks, two network meetings) for three showcase households on raadgiver's caseload (issue 13
§ 3), additive.

Through the services, so the § 30 measures (on each child's staircase), the network meetings, the stored course
deadlines, the events and the audit rows are the real ones: one course that reached its goal, one running (in
its sixth week, the end meeting planned), one that ended early and escalated. The family worker is the
preventive social worker. No e-mail is sent. Synthetic people only.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tidlig.course import services
from tidlig.network import services as network
from tidlig.people.models import Child

from .organisation import Org

SKIP = 3  # the first three of raadgiver's children have the network demo's meetings


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _hold(actor, course, which, day, outcome, reason) -> None:
    m = services.course_meeting_plan(
        actor=actor, course=course, which=which, starts_at=_at(day, 9), ends_at=_at(day, 10), send=False
    )
    network.meeting_minutes_save(
        actor=actor,
        meeting=m,
        hard="Morgenerne og konflikterne om skærmtid.",
        works="Fodbold om onsdagen og weekenderne hos mormor.",
        goals=course.goals,
        network_will="Mormor henter to dage om ugen.",
        chair="",
    )
    network.meeting_hold(actor=actor, meeting=m, outcome=outcome, reason=reason, held_at=_at(day, 10))


def build(org: Org, *, now: dt.datetime) -> int:
    """Three courses (goal reached, running, escalated); returns how many it made."""
    raadgiver, worker = org.raadgiver, org.logins.get("socialraadgiver")
    if worker is None:
        return 0
    today = min(timezone.localdate(now), timezone.localdate())
    children = list(
        Child.objects.filter(caseworker=raadgiver, courses__isnull=True).order_by("pk")[SKIP : SKIP + 3]
    )
    made = 0
    for child, (weeks_ago, story) in zip(
        children, [(14, "reached"), (5, "running"), (9, "escalated")], strict=False
    ):
        start = today - dt.timedelta(weeks=weeks_ago)
        if start < timezone.localdate() - dt.timedelta(days=300):
            continue  # a demo built for a moment long before the clock's today: the service refuses so old a start
        course = services.course_start(
            actor=raadgiver,
            child=child,
            worker=worker,
            started_on=start,
            purpose="Familien ønsker hjælp til hverdagen, efter råd fra det tværfaglige team.",
            goals="Barnet kommer i skole hver dag.\nFamilien har faste rutiner om morgenen.",
            origin="crossteam",
        )
        made += 1
        _hold(
            raadgiver,
            course,
            "start",
            start + dt.timedelta(days=3),
            "continue",
            "Målene er aftalt med familien.",
        )
        if story == "reached":
            last = start + dt.timedelta(weeks=12, days=-3)
            _hold(raadgiver, course, "end", last, "close", "Fremmødet er stabilt, morgenerne er rolige.")
            services.course_end(
                actor=raadgiver,
                course=course,
                result="goal_reached",
                reason="Barnet kommer i skole hver dag; familien klarer morgenerne selv.",
                ended_on=last,
            )
        elif story == "running":
            end_day = start + dt.timedelta(weeks=12, days=-4)
            services.course_meeting_plan(
                actor=raadgiver,
                course=course,
                which="end",
                starts_at=_at(end_day, 13),
                ends_at=_at(end_day, 14),
                send=False,
            )
        else:
            early = start + dt.timedelta(weeks=8)
            _hold(
                raadgiver,
                course,
                "end",
                early,
                "escalate_investigation",
                "Fraværet er steget, og der er nye bekymringer.",
            )
            services.course_end(
                actor=raadgiver,
                course=course,
                result="escalate",
                reason="Forløbet slog ikke til; der skal laves en børnefaglig undersøgelse (§ 20).",
                ended_on=early,
            )
    return made
