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
from tidlig.interventions.models import Decision, Measure, MeasureType

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


def annotated(course: EarlyCourse) -> EarlyCourse:
    """The course with what followed it in intake and case work (for counts, never shown per child)."""
    return early.with_escalation(EarlyCourse.objects.filter(pk=course.pk)).get()


def test_a_course_without_later_notification_or_measure_has_not_escalated(
    sara, child, criteria, municipality
):
    course = start(sara, child, criteria)
    notify(child, municipality, timezone.now() - dt.timedelta(days=60))  # before the course: not escalation
    assert early.escalation(annotated(course)) == {
        "notification_on": None,
        "measure_on": None,
        "escalated": False,
    }


def test_a_notification_after_the_start_shows_as_escalation(sara, child, criteria, municipality):
    course = start(sara, child, criteria)
    notify(child, municipality, timezone.now() - dt.timedelta(days=2))
    esc = early.escalation(annotated(course))
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
    esc = early.escalation(annotated(course))
    assert esc["measure_on"] == TODAY() - dt.timedelta(days=1) and esc["notification_on"] is None


def _supportive(municipality) -> MeasureType:
    return MeasureType.objects.create(
        municipality=municipality,
        code="fb",
        title="Familiebehandling",
        paragraph="BL § 32",
        kind="supportive",
        level=3,
    )


def _decision(municipality, child, kind, sara, decided_on) -> Decision:
    return Decision.objects.create(
        municipality=municipality,
        child=child,
        type=kind,
        planned_on=decided_on,
        decided_on=decided_on,
        drafted_by=sara,
        purpose="Støtte i hjemmet",
        expected_duration="6 måneder",
        reasoning="Behov for støtte",
    )


def test_the_escalation_is_dated_by_the_earliest_decision_day_not_when_it_was_recorded(
    sara, child, criteria, municipality
):
    """The decision and measure come from interventions through timeline.registry; recorded today, dated
    by `decided_on`: a decision backdated to before the course is not an escalation of it."""
    course = start(sara, child, criteria)  # started 20 days ago
    kind = _supportive(municipality)
    _decision(municipality, child, kind, sara, TODAY() - dt.timedelta(days=30))
    assert early.escalation(annotated(course))["escalated"] is False
    _decision(municipality, child, kind, sara, TODAY() - dt.timedelta(days=5))
    Measure.objects.create(
        municipality=municipality, child=child, type=kind, decided_on=TODAY() - dt.timedelta(days=9)
    )
    assert early.escalation(annotated(course))["measure_on"] == TODAY() - dt.timedelta(days=9)


def test_a_decision_without_a_measure_is_an_escalation_too(sara, child, criteria, municipality):
    course = start(sara, child, criteria)
    _decision(municipality, child, _supportive(municipality), sara, TODAY() - dt.timedelta(days=3))
    esc = early.escalation(annotated(course))
    assert esc == {"notification_on": None, "measure_on": TODAY() - dt.timedelta(days=3), "escalated": True}


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
    # 5 of 5 notified and 0 of 5 with a measure would each tell about every child: not shown.
    assert (first.courses, first.notifications, first.measures) == (5, None, None)
    assert second.courses is None  # 1 course: shown as "< 5"


def test_escalations_are_counted_only_when_no_child_can_be_told_apart(sara, criteria, municipality, org):
    from tidlig.people.models import Child

    kids = [
        Child.objects.create(
            municipality=municipality,
            cpr=f"01011{i:1d}4{i:03d}"[:10],
            first_name=f"Barn{i}",
            last_name="Testesen",
            institution=org["solsikken"],
            district=org["nord"],
        )
        for i in range(10)
    ]
    for kid in kids:
        start(sara, kid, criteria)
    for kid in kids[:5]:
        notify(kid, municipality, timezone.now())

    counts = {r.criterion: r for r in early.counts_by_criterion(EarlyCourse.objects.all())}

    assert (counts[criteria[0].title].courses, counts[criteria[0].title].notifications) == (10, 5)
    assert counts[criteria[0].title].measures is None  # 0 of 10: it would say "none of them"
    assert early.escalation_count(4, 10) is None and early.escalation_count(5, 9) is None
