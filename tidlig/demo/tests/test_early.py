"""The early-detection part of the demo, checked the way its users would notice it.

The session's shared demo (`demo_site`, conftest.py) is used: built at the pin (18.11.2026), when the autumn
period is open, with enough children for `paedagog`'s stue of 25.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from conftest import beside_the_demo
from tidlig.concerns.models import Concern
from tidlig.crossteam.models import CrossTeamMember, EarlyCourse, MeetingItem, Profession, TeamMeeting
from tidlig.demo import generator
from tidlig.demo.reset import delete_municipality
from tidlig.intake.models import Notification
from tidlig.organisation.models import Municipality, Role, Staff
from tidlig.people.models import Guardianship
from tidlig.wellbeing.models import Group, GroupMember, Rating, RatingPeriod


@pytest.fixture(scope="module")
def demo(demo_site):
    return demo_site.municipality


def today() -> dt.date:
    """The tests run at the pin, the moment the shared demo was built at (conftest.py)."""
    return timezone.localdate()


def closed_joints(m):
    return Rating.objects.filter(municipality=m, kind="joint", period__closes_on__lt=today())


@pytest.mark.django_db
def test_joint_ratings_are_mostly_green_with_a_tenth_yellow_and_a_few_red(demo):
    shares = Counter(closed_joints(demo).values_list("colour", flat=True))
    n = sum(shares.values())
    assert n > 5000
    assert 0.80 <= shares["green"] / n <= 0.90
    assert 0.09 <= shares["yellow"] / n <= 0.15
    assert 0.015 <= shares["red"] / n <= 0.045


@pytest.mark.django_db
def test_children_change_colour_between_periods_and_yellow_returns_to_green_more_than_to_red(demo):
    by_child: dict[int, list[tuple[dt.date, str]]] = {}
    for child, opens, colour in closed_joints(demo).values_list("child", "period__opens_on", "colour"):
        by_child.setdefault(child, []).append((opens, colour))
    moves = Counter()
    for seq in by_child.values():
        seq.sort()
        moves.update((a[1], b[1]) for a, b in zip(seq, seq[1:], strict=False))
    assert moves[("yellow", "yellow")] > moves[("yellow", "red")]
    assert moves[("yellow", "green")] > moves[("yellow", "red")]
    assert moves[("green", "yellow")] > 0 and moves[("red", "green")] + moves[("red", "yellow")] > 0


@pytest.mark.django_db
def test_every_child_in_a_group_during_a_closed_period_has_two_own_ratings_and_a_joint_one(demo):
    rated = Counter(
        Rating.objects.filter(municipality=demo, period__closes_on__lt=today()).values_list(
            "period", "child", "kind"
        )
    )
    expected = set()
    for period in RatingPeriod.objects.filter(institution__municipality=demo, closes_on__lt=today()):
        members = GroupMember.objects.filter(
            group__institution=period.institution_id, joined_on__lte=period.closes_on
        ).filter(Q(left_on__isnull=True) | Q(left_on__gte=period.opens_on))
        expected |= {(period.pk, child) for child in members.values_list("child", flat=True)}
    assert len(expected) > 5000
    missing = [key for key in expected if rated[(*key, "joint")] != 1 or rated[(*key, "individual")] != 2]
    assert missing == []
    # The two educators mostly agree; on some children one of them is a colour off.
    own = (
        Rating.objects.filter(municipality=demo, kind="individual", period__closes_on__lt=today())
        .values("period", "child")
        .annotate(colours=Count("colour", distinct=True))
    )
    disagree = sum(r["colours"] == 2 for r in own) / len(own)
    assert 0.04 <= disagree <= 0.09


@pytest.mark.django_db
def test_ratings_carry_the_snapshot_the_overviews_read(demo):
    r = closed_joints(demo).select_related("child", "group", "period").first()
    assert r.sex == r.child.sex
    assert r.district_id == r.institution.district_id and r.group.institution_id == r.institution_id
    assert r.period.institution_id == r.institution_id
    months = (
        (r.rated_at.date().year - r.child.birth_date.year) * 12 + r.rated_at.month - r.child.birth_date.month
    )
    assert abs(r.age_months - months) <= 1
    flagged = closed_joints(demo).exclude(colour="green")
    assert all(len(ind) == 4 for ind in flagged.values_list("indicators", flat=True))
    assert 0.7 <= flagged.filter(follow_up__isnull=False).count() / flagged.count() <= 0.95


@pytest.mark.django_db
def test_paedagog_has_a_stue_of_25_with_the_autumn_period_open_and_nobody_rated_by_her_yet(demo):
    paedagog = Staff.objects.get(username="paedagog")
    group = Group.objects.get(educators=paedagog)
    assert group.institution_id == paedagog.institution_id
    assert Staff.objects.get(username="leder").institution_id == group.institution_id
    assert group.educators.count() == 2
    children = set(group.members.filter(left_on__isnull=True).values_list("child", flat=True))
    assert len(children) == 25
    period = RatingPeriod.objects.get(
        institution=group.institution, opens_on__lte=today(), closes_on__gte=today()
    )
    mine = Rating.objects.filter(period=period, rater=paedagog)
    assert not mine.exists()
    colleague = Rating.objects.filter(period=period, group=group).exclude(rater=paedagog)
    assert 6 <= colleague.count() <= 19 and not colleague.filter(kind="joint").exists()
    # Her stue has yellow and red children to show, and concerns about some of them.
    last_closed = Rating.objects.filter(
        group=group,
        kind="joint",
        period__closes_on__lt=today(),
        period__opens_on__gte=today() - dt.timedelta(days=300),
    )
    assert {"yellow", "red"} <= set(last_closed.values_list("colour", flat=True))
    concerns = Concern.objects.filter(child__in=children, raised_by=paedagog)
    assert concerns.filter(status="open").exists() and concerns.filter(status="closed").exists()


@pytest.mark.django_db
def test_each_district_has_a_social_worker_psychologist_and_health_visitor_on_every_team(demo):
    paedagog = Staff.objects.get(username="paedagog")
    seated = set(
        CrossTeamMember.objects.filter(institution=paedagog.institution).values_list(
            "staff__username", "profession"
        )
    )
    assert seated == {
        ("socialraadgiver", Profession.SOCIAL_WORKER),
        ("psykolog", Profession.PSYCHOLOGIST),
        ("sundhedsplejerske", Profession.HEALTH_VISITOR),
    }
    per_inst = (
        CrossTeamMember.objects.filter(institution__municipality=demo)
        .values("institution")
        .annotate(n=Count("pk"), d=F("institution__district"))
    )
    assert {r["n"] for r in per_inst} == {3}
    assert Staff.objects.filter(municipality=demo, role=Role.SOCIAL_WORKER).count() == 4


@pytest.mark.django_db
def test_meetings_are_held_with_minutes_and_the_next_one_is_planned_with_an_agenda(demo):
    meetings = TeamMeeting.objects.filter(institution__municipality=demo)
    held = meetings.filter(status="held")
    assert held.count() > 20 * 19  # about monthly for two years at every institution
    assert not held.filter(minutes="").exists() and not held.filter(starts_at__gte=timezone.now()).exists()
    planned = meetings.filter(status="planned")
    assert not planned.filter(starts_at__lt=timezone.now()).exists()
    assert set(planned.values_list("institution", flat=True)) == set(
        meetings.values_list("institution", flat=True)
    )
    assert MeetingItem.objects.filter(meeting__in=planned).exists()


@pytest.mark.django_db
def test_named_items_have_a_custody_guardians_consent_before_the_meeting(demo):
    named = MeetingItem.objects.filter(meeting__institution__municipality=demo, kind="named")
    anonymous = MeetingItem.objects.filter(meeting__institution__municipality=demo, kind="anonymous")
    assert named.count() > 10 and anonymous.count() > named.count()
    custody = set(Guardianship.objects.filter(has_custody=True).values_list("child", "person"))
    for item in named.select_related("meeting"):
        assert (item.child_id, item.consent_by_id) in custody
        assert item.consent_on < item.meeting.starts_at.date() and item.parents_invited
    assert not anonymous.filter(child__isnull=False).exists()


@pytest.mark.django_db
def test_health_visitor_ratings_at_8_to_10_months_with_the_parents(demo):
    hv = Rating.objects.filter(municipality=demo, kind="health_visitor")
    assert hv.count() > 100
    assert not hv.filter(
        Q(period__isnull=False) | Q(parents_present="") | ~Q(age_months__range=(7, 10))
    ).exists()
    assert set(hv.values_list("rater__role", flat=True)) == {Role.HEALTH_VISITOR}
    assert hv.filter(colour="green").count() / hv.count() > 0.85


@pytest.mark.django_db
def test_early_courses_have_criteria_and_the_escalated_ones_end_when_the_child_was_notified(demo):
    courses = EarlyCourse.objects.filter(municipality=demo)
    assert 5 <= courses.count() <= 40
    assert not courses.filter(criteria__isnull=True).exists()
    escalated = courses.filter(outcome="notification")
    assert escalated.exists()
    for c in escalated:
        days = {
            t.date() for t in Notification.objects.filter(child=c.child).values_list("received_at", flat=True)
        }
        assert c.ended_on in days or c.ended_on - dt.timedelta(days=1) in days


@pytest.mark.django_db
def test_the_same_seed_and_moment_build_the_same_early_detection_data(demo):
    now = timezone.now().replace(microsecond=0)

    def build() -> list:
        generator.build(children=400, seed=7, now=now, **beside_the_demo())  # beside the shared demo
        m = Municipality.objects.get(code="0997")
        ratings = Rating.objects.filter(municipality=m).order_by("child__cpr", "kind", "rated_at")
        result = list(ratings.values_list("child__cpr", "kind", "colour", "rated_at", "group__name"))
        result += list(
            MeetingItem.objects.filter(meeting__institution__municipality=m)
            .order_by("meeting__starts_at", "meeting__institution__name", "order")
            .values_list("meeting__starts_at", "kind", "child__cpr", "question")
        )
        delete_municipality(m)
        return result

    first = build()
    assert first and first == build()
