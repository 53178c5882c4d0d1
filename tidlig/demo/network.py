"""Involving network meetings for the showcase households on raadgiver's caseload (issue 13 § 1), additive.

Through the services, so the events, the stored `network_followup` obligations and the audit rows are the
real ones: one family whose follow-up falls due next week (the next meeting is planned, opening with last
meeting's agreements), one whose follow-up is overdue, one whose course ended with the goal reached; and
raadgiver's bookable slots next week, one of them booked by the daycare leader for a child of her own.
No e-mail is sent. Synthetic people only.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tidlig.network import booking, services
from tidlig.people.models import Child

from .organisation import Org

MEETINGS = [
    # (weeks ago held, outcome, reason, agreements as (text, owner, weeks after, status))
    (
        7,
        "continue",
        "Morgenerne er blevet roligere; vi fortsætter og ser på fritiden.",
        [
            ("Mormor henter om tirsdagen og torsdagen", "Mormor", 2, "done"),
            ("Fast sengetid kl. 20 på hverdage", "Forældrene", 3, "open"),
            ("Pædagogen giver en kort besked ved afhentning", "Dagtilbuddet", 1, "done"),
        ],
    ),
    (
        10,
        "continue",
        "Far og mor er enige om en plan; næste møde skal se, om den holder.",
        [("Træneren tilbyder en plads på U10-holdet", "Træneren", 2, "open")],
    ),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build(org: Org, *, now: dt.datetime) -> int:
    """The meetings of three households and raadgiver's slots; returns how many meetings it made."""
    raadgiver = org.raadgiver
    # The services refuse a meeting held, or a consent given, after the clock's today; a demo built for a later
    # moment (the tests build some) keeps to the clock.
    today = min(timezone.localdate(now), timezone.localdate())
    children = list(Child.objects.filter(caseworker=raadgiver).order_by("pk")[:3])
    made = 0
    for child, (weeks_ago, outcome, reason, agreements) in zip(children, MEETINGS, strict=False):
        held = today - dt.timedelta(weeks=weeks_ago)
        m = services.meeting_plan(
            actor=raadgiver,
            child=child,
            context="notification",
            starts_at=_at(held, 9),
            ends_at=_at(held, 10),
            place="Familiens hjem",
            purpose="Hvordan får vi hverdagen til at hænge sammen?",
            private_network=[("Birthe", "mormor"), ("Kaj", "nabo")],
            send=False,
        )
        services.meeting_minutes_save(
            actor=raadgiver,
            meeting=m,
            hard="Morgenerne og afleveringen i dagtilbuddet.",
            works="Weekenderne hos mormor og fodbold om onsdagen.",
            goals="Barnet kommer glad afsted om morgenen.",
            network_will="Mormor og naboen hjælper med at hente.",
            chair="",
        )
        made += 1
        rows = [
            services.agreement_add(
                actor=raadgiver, meeting=m, text=text, owner=owner, due_on=held + dt.timedelta(weeks=w)
            )
            for text, owner, w, _status in agreements
        ]
        services.meeting_hold(
            actor=raadgiver, meeting=m, outcome=outcome, reason=reason, held_at=_at(held, 10)
        )
        for row, (_t, _o, _w, status) in zip(rows, agreements, strict=True):
            if status != "open":
                services.agreement_status_set(actor=raadgiver, agreement=row, status=status)
        if weeks_ago == 7:  # the follow-up is planned inside the window, opening with these agreements
            nxt = services.meeting_next(
                actor=raadgiver,
                previous=m,
                starts_at=_at(today + dt.timedelta(days=6), 13),
                ends_at=_at(today + dt.timedelta(days=6), 14),
            )
            made += bool(nxt)
    if len(children) == 3:  # a course that ended with the goal reached
        child = children[2]
        first_day = today - dt.timedelta(weeks=14)
        first = services.meeting_plan(
            actor=raadgiver,
            child=child,
            context="measure",
            starts_at=_at(first_day, 9),
            ends_at=_at(first_day, 10),
            online_link="https://moede.example.invalid/netvaerk",
            send=False,
        )
        services.agreement_add(
            actor=raadgiver,
            meeting=first,
            text="Lektiecafé to gange om ugen",
            owner="Skolen",
            due_on=first_day,
        )
        services.meeting_hold(
            actor=raadgiver,
            meeting=first,
            outcome="continue",
            reason="Godt i gang.",
            held_at=_at(first_day, 10),
        )
        second_day = today - dt.timedelta(weeks=7)
        second = services.meeting_next(
            actor=raadgiver, previous=first, starts_at=_at(second_day, 9), ends_at=_at(second_day, 10)
        )
        services.meeting_hold(
            actor=raadgiver,
            meeting=second,
            outcome="close",
            reason="Målet er nået: han kommer i skole hver dag og har fået en ven.",
            held_at=_at(second_day, 10),
        )
        made += 2
    _slots(org, raadgiver, today)
    return made


def _slots(org: Org, raadgiver, today: dt.date) -> None:
    """Raadgiver's fixed times next week; the daycare leader books one for a child of her institution."""
    monday = today + dt.timedelta(days=7 - today.weekday())
    slots = [
        booking.slot_publish(
            actor=raadgiver,
            starts_at=_at(monday + dt.timedelta(days=d), h),
            ends_at=_at(monday + dt.timedelta(days=d), h + 1),
            place="Rådhuset, mødelokale 3",
        )
        for d, h in ((0, 9), (0, 13), (2, 10), (3, 14))
    ]
    leader = org.logins.get("leder")
    if leader is None or leader.institution_id is None:
        return
    child = Child.objects.filter(institution_id=leader.institution_id).order_by("pk").first()
    if child is None:
        return
    booking.slot_book(
        actor=leader,
        slot=slots[1],
        child=child,
        consent_by="Forældrene (mundtligt ved afhentning)",
        consent_on=today - dt.timedelta(days=1),
        purpose="Vi er bekymrede for barnets trivsel efter sommerferien.",
        send=False,
    )
