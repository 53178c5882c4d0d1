"""Test helpers for the family's pages: a browser session signed in as a citizen, as the sign-in leaves it.

The sign-in itself (OIDC against the suite's provider, the demo page) is tested in test_sign_in.py; other
tests start signed in, like conftest.login() does for staff.
"""

from __future__ import annotations

import datetime as dt
import time

from django.test import Client

from tidlig.family import citizen as citizens

FATHER_CPR = "1111801237"


def citizen_client(cpr: str, name: str = "Test Borger", *, via: str = "demo") -> Client:
    client = Client()
    session = client.session
    now = int(time.time())
    session[citizens.SESSION_KEY] = {"cpr": cpr, "name": name, "via": via, "at": now, "seen": now}
    session.save()
    return client


# -- a case with something in every part of the family's child page ------------------------------------------


def _at(day: dt.date, hour: int) -> dt.datetime:
    from tidlig.rules.calendar import CPH

    return dt.datetime.combine(day, dt.time(hour), tzinfo=CPH)


def build_case_file(child, alice, mother) -> dict:
    """Lukas's case on the test clock (18.11.2026): a plan with two goals, a held meeting with agreements, a
    meeting next week, a § 32 decision made and one still a draft, a letter by Digital Post to his mother and
    one to his father, and a running § 30 course in its third week."""
    from tidlig.course.models import Course
    from tidlig.interventions import catalogue
    from tidlig.interventions.models import Decision, Measure, MeasureType
    from tidlig.network.models import Agreement, NetworkMeeting
    from tidlig.plans.models import Goal, Plan
    from tidlig.post.models import Letter

    catalogue.install()  # the shipped catalogue comes from a data migration; an earlier live-server test flushes it
    child.caseworker = alice
    child.save()
    alice.phone, alice.job_title = "72 10 20 30", "Rådgiver"
    alice.save()
    m = child.municipality
    plan = Plan.objects.create(
        child=child,
        kind="child",
        recorded_on=dt.date(2026, 10, 1),
        recorded_by=alice,
        summary="Lukas skal trives i skolen.",
    )
    Goal.objects.create(plan=plan, text="Lukas kommer i skole hver dag", owner="Mor og skolen", status="open")
    Goal.objects.create(plan=plan, text="Lukas sover otte timer", owner="Mor", status="achieved")
    meeting = dict(municipality=m, child=child, caseworker=alice, context="measure", created_by=alice)
    held = NetworkMeeting.objects.create(
        **meeting,
        starts_at=_at(dt.date(2026, 10, 20), 9),
        ends_at=_at(dt.date(2026, 10, 20), 10),
        status="held",
        held_at=_at(dt.date(2026, 10, 20), 10),
    )
    Agreement.objects.create(
        meeting=held, text="Mor ringer til skolen hver fredag", owner="Mor", due_on=dt.date(2026, 12, 1)
    )
    upcoming = NetworkMeeting.objects.create(
        **meeting,
        starts_at=_at(dt.date(2026, 11, 25), 13),
        ends_at=_at(dt.date(2026, 11, 25), 14),
        place="Rådhuset, mødelokale 2",
    )
    t32 = MeasureType.objects.get(code="bl32_2", municipality=None)
    made = Decision.objects.create(
        municipality=m,
        child=child,
        type=t32,
        planned_on=dt.date(2026, 9, 1),
        decided_on=dt.date(2026, 9, 1),
        decided_by=alice,
        drafted_by=alice,
        purpose="At styrke familiens hverdag.",
        expected_duration="6 måneder",
        reasoning="Familien har brug for støtte i hjemmet.",
        consent=True,
    )
    draft = Decision.objects.create(
        municipality=m,
        child=child,
        type=MeasureType.objects.get(code="anb_almen", municipality=None),
        planned_on=dt.date(2026, 12, 1),
        drafted_by=alice,
        purpose="UDKAST-FORMAAL",
        expected_duration="1 år",
        reasoning="UDKAST-BEGRUNDELSE",
        place_type="43_1",
        place_name="Familien Hansen",
    )
    t30 = MeasureType.objects.filter(code="bl30_4", municipality=None).first()
    course_measure = Measure.objects.create(
        municipality=m,
        child=child,
        type=t30,
        decided_on=dt.date(2026, 11, 2),
        started_on=dt.date(2026, 11, 2),
    )
    course = Course.objects.create(
        municipality=m,
        child=child,
        measure=course_measure,
        caseworker=alice,
        worker=alice,
        started_on=dt.date(2026, 11, 2),
        weeks=12,
        start_meeting_weeks=2,
        goals="Faste rammer om morgenen.",
        created_by=alice,
    )
    letter = dict(
        municipality=m, child=child, sender=alice, queued_at=_at(dt.date(2026, 9, 2), 9), status="sent"
    )
    to_mother = Letter.objects.create(
        **letter,
        subject="Afgørelse om praktisk støtte",
        recipient_id=mother.cpr,
        recipient_name="Mette Jensen",
        html="<!DOCTYPE html><html><head><style>p{color:#000}</style></head><body><p>BREV-TIL-METTE</p></body></html>",
    )
    to_father = Letter.objects.create(
        **letter,
        subject="Brev til far",
        recipient_id=FATHER_CPR,
        recipient_name="Jonas Jensen",
        html="<p>BREV-TIL-JONAS</p>",
    )
    return {
        "plan": plan,
        "held": held,
        "upcoming": upcoming,
        "made": made,
        "draft": draft,
        "course": course,
        "to_mother": to_mother,
        "to_father": to_father,
    }
