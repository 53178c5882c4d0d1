"""Early advice without a case (BL §§ 29–30): start and end, criteria, escalation, counts by criterion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tidlig.crossteam import early
from tidlig.crossteam.defaults import default_criteria
from tidlig.crossteam.models import EarlyCourse, EligibilityCriterion
from tidlig.intake.models import Notification
from tidlig.interventions.models import Measure, MeasureType

TODAY = timezone.localdate


def start(sara, child, criteria, **extra) -> EarlyCourse:
    kwargs = {
        "actor": sara,
        "child": child,
        "purpose": "Rådgivning om søvn og rutiner",
        "started_on": TODAY() - dt.timedelta(days=20),
        "planned_end_on": TODAY() + dt.timedelta(days=60),
        "criteria": criteria[:1],
        **extra,
    }
    return early.course_start(**kwargs)


def notify(child, municipality, when: dt.datetime) -> Notification:
    return Notification.objects.create(
        municipality=municipality,
        child=child,
        received_at=when,
        channel="web",
        notifier_kind="professional",
        text="x",
    )


def test_default_criteria_are_created_once(municipality):
    default_criteria(municipality)
    default_criteria(municipality)
    assert EligibilityCriterion.objects.filter(municipality=municipality).count() == 5


def test_a_course_needs_at_least_one_criterion(sara, child, criteria):
    with pytest.raises(ValidationError) as e:
        start(sara, child, [])
    assert "mindst ét" in e.value.message_dict["criteria"][0]


def test_only_the_teams_social_worker_starts_a_course(hanne, lea, eva, child, criteria):
    for who in (hanne, lea, eva):
        with pytest.raises(PermissionDenied):
            start(who, child, criteria)


def test_the_social_worker_may_not_start_a_course_for_a_child_elsewhere(sara, child, criteria, org):
    child.institution = org["syd_skole"]
    child.save()
    with pytest.raises(ValidationError) as e:
        start(sara, child, criteria)
    assert "child" in e.value.message_dict


def test_a_course_without_later_notification_or_measure_has_not_escalated(
    sara, child, criteria, municipality
):
    course = start(sara, child, criteria)
    notify(child, municipality, timezone.now() - dt.timedelta(days=60))  # before the course: not escalation
    assert early.escalation(early.course_for(sara, course.pk)) == {
        "notification_on": None,
        "measure_on": None,
        "escalated": False,
    }


def test_a_notification_after_the_start_shows_as_escalation(sara, child, criteria, municipality):
    course = start(sara, child, criteria)
    notify(child, municipality, timezone.now() - dt.timedelta(days=2))
    esc = early.escalation(early.course_for(sara, course.pk))
    assert esc["escalated"] and esc["notification_on"] == TODAY() - dt.timedelta(days=2)


def test_a_measure_after_the_start_shows_as_escalation(sara, child, criteria, municipality):
    course = start(sara, child, criteria)
    kind = MeasureType.objects.create(
        municipality=municipality,
        code="fb",
        title="Familiebehandling",
        paragraph="BL § 32",
        kind="supportive",
        level=3,
    )
    Measure.objects.create(
        municipality=municipality, child=child, type=kind, decided_on=TODAY() - dt.timedelta(days=1)
    )
    esc = early.escalation(early.course_for(sara, course.pk))
    assert esc["measure_on"] == TODAY() - dt.timedelta(days=1) and esc["notification_on"] is None


def test_ending_a_course_records_the_outcome_once(sara, child, criteria):
    course = start(sara, child, criteria)
    early.course_end(actor=sara, course=course, ended_on=TODAY(), outcome="completed")
    with pytest.raises(ValidationError):
        early.course_end(actor=sara, course=course, ended_on=TODAY(), outcome="completed")


def test_counts_by_criterion_suppress_small_numbers(sara, child, sibling, criteria, municipality):
    for _ in range(5):
        start(sara, child, criteria)
    start(sara, sibling, criteria[1:2])
    notify(child, municipality, timezone.now())
    counts = {r.criterion: r for r in early.counts_by_criterion(EarlyCourse.objects.all())}
    first, second = counts[criteria[0].title], counts[criteria[1].title]
    assert (first.courses, first.notifications, first.measures) == (5, 5, 0)
    assert second.courses is None  # 1 course: shown as "< 5"
