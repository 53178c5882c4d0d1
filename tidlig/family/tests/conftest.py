"""The family of the family tests: conftest's Mette Jensen (custody of Lukas, 8, and Ida, 6), Lukas's father
without custody, his grandmother (in his network, no guardian), a young person of 16 and one of 14."""

from __future__ import annotations

import datetime as dt

import pytest

from tidlig.people.models import Child, Guardianship, Person

FATHER_CPR = "1111801237"
GRANDMOTHER_CPR = "0505551238"
ENDED_CPR = "0707821236"
YOUNG_CPR = "0203104234"  # 02.03.2010: 16 on the test clock (18.11.2026)
YOUNGER_CPR = "1212114232"  # 12.12.2011: 14 on the test clock
STRANGER_CPR = "0101701239"


@pytest.fixture
def father(municipality, child):
    p = Person.objects.create(
        municipality=municipality, cpr=FATHER_CPR, first_name="Jonas", last_name="Jensen"
    )
    Guardianship.objects.create(
        child=child, person=p, relation="father", has_custody=False, lives_with_child=False
    )
    return p


@pytest.fixture
def grandmother(municipality, child):
    """In Lukas's network, registered as a person, but no guardian of his."""
    return Person.objects.create(
        municipality=municipality, cpr=GRANDMOTHER_CPR, first_name="Grethe", last_name="Jensen"
    )


@pytest.fixture
def young(municipality, org):
    return Child.objects.create(
        municipality=municipality,
        cpr=YOUNG_CPR,
        first_name="Sofie",
        last_name="Holm",
        birth_date=dt.date(2010, 3, 2),
        sex="F",
        institution=org["syd_skole"],
        district=org["syd"],
    )


@pytest.fixture
def younger(municipality, org):
    return Child.objects.create(
        municipality=municipality,
        cpr=YOUNGER_CPR,
        first_name="Malte",
        last_name="Holm",
        birth_date=dt.date(2011, 12, 12),
        sex="M",
        institution=org["syd_skole"],
        district=org["syd"],
    )


# -- a case with something in every part of the family's child page ------------------------------------------


def _at(day: dt.date, hour: int) -> dt.datetime:
    from tidlig.rules.calendar import CPH

    return dt.datetime.combine(day, dt.time(hour), tzinfo=CPH)


@pytest.fixture
def case_file(child, alice, mother):
    """Lukas's case on the test clock (18.11.2026): a plan with two goals, a held meeting with agreements, a
    meeting next week, a § 32 decision made and one still a draft, a letter by Digital Post to his mother and
    one to his father, and a running § 30 course in its third week."""
    from tidlig.course.models import Course
    from tidlig.interventions.models import Decision, Measure, MeasureType
    from tidlig.network.models import Agreement, NetworkMeeting
    from tidlig.plans.models import Goal, Plan
    from tidlig.post.models import Letter

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
        recipient_cpr=mother.cpr,
        recipient_name="Mette Jensen",
        html="<!DOCTYPE html><html><head><style>p{color:#000}</style></head><body><p>BREV-TIL-METTE</p></body></html>",
    )
    to_father = Letter.objects.create(
        **letter,
        subject="Brev til far",
        recipient_cpr=FATHER_CPR,
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
