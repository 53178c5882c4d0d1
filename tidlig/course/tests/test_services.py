"""The § 30 course: one measure on the staircase, its deadlines on the worklist, its meetings and its end."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tidlig.audit.models import AuditEntry
from tidlig.course import services
from tidlig.course.models import Course, CourseSettings
from tidlig.interventions.models import Measure
from tidlig.network import services as network
from tidlig.timeline.models import Event, Obligation
from tidlig.timeline.selectors import caseworker_worklist

from .conftest import at, day

pytestmark = pytest.mark.django_db


def _obligations(course):
    return {o.code: o for o in Obligation.objects.filter(source="course", source_id=course.pk)}


def test_a_course_is_a_section_30_measure_of_twelve_weeks_with_three_deadlines(course, owned, alice):
    m = Measure.objects.select_related("type").get(pk=course.measure_id)
    assert (m.type.code, m.type.kind, m.started_on, m.ended_on) == ("bl30_4", "preventive", day(-21), None)
    assert course.weeks == 12 and course.planned_end_on == day(-21) + dt.timedelta(days=83)
    obs = _obligations(course)
    assert set(obs) == {"course_start_meeting", "course_end_meeting", "course_end"}
    assert obs["course_start_meeting"].due_date == day(-21) + dt.timedelta(days=13)
    assert obs["course_end_meeting"].due_date == course.planned_end_on
    assert obs["course_end"].due_date == course.planned_end_on + dt.timedelta(days=7)
    assert all(o.assignee == alice and o.is_open for o in obs.values())
    # the start meeting is already overdue (the course started three weeks ago): first on the worklist
    overdue = [r.obligation.code for r in caseworker_worklist(alice)["overdue"]]
    assert "course_start_meeting" in overdue
    assert Event.objects.filter(child=owned, kind="course.started", source_id=course.pk).exists()
    started = Event.objects.get(kind="interventions.measure.started", source="measure", source_id=m.pk)
    assert started.occurred_at.date() == day(-21)
    assert AuditEntry.objects.filter(action="course.started", object_id=course.pk).exists()


def test_the_municipality_sets_its_own_default_length(owned, alice, sara, municipality):
    CourseSettings.objects.create(municipality=municipality, weeks=8, start_meeting_weeks=1)
    c = services.course_start(actor=alice, child=owned, worker=sara, started_on=day(0))
    assert c.weeks == 8
    obs = _obligations(c)
    assert obs["course_start_meeting"].due_date == day(6)
    assert obs["course_end_meeting"].due_date == day(8 * 7 - 1)


def test_the_caseworker_may_set_another_length_for_one_family(owned, alice, sara):
    c = services.course_start(actor=alice, child=owned, worker=sara, started_on=day(0), weeks=16)
    assert _obligations(c)["course_end_meeting"].due_date == day(16 * 7 - 1)


def test_holding_the_network_meetings_meets_the_course_deadlines(course, alice):
    start = services.course_meeting_plan(
        actor=alice, course=course, which="start", starts_at=at(-1), ends_at=at(-1, 11), place="Solsikken"
    )
    assert start.measure_id == course.measure_id and start.context == "measure"
    assert _obligations(course)["course_start_meeting"].is_open
    network.meeting_hold(
        actor=alice, meeting=start, outcome="continue", reason="Mål aftalt.", held_at=at(-1, 11)
    )
    met = _obligations(course)["course_start_meeting"]
    assert not met.is_open and met.met_at == at(-1, 11)
    # met late: due two weeks after the start, held after three
    assert met.status_at(at(0)) == "met_late"
    end = services.course_meeting_plan(
        actor=alice, course=course, which="end", starts_at=at(1), ends_at=at(1, 11)
    )
    assert end.previous_id == start.pk  # it opens with the start meeting's agreements
    with pytest.raises(ValidationError):
        services.course_meeting_plan(
            actor=alice, course=course, which="end", starts_at=at(2), ends_at=at(2, 11)
        )


def test_a_cancelled_meeting_may_be_replaced(course, alice):
    m = services.course_meeting_plan(
        actor=alice, course=course, which="start", starts_at=at(1), ends_at=at(1, 11)
    )
    network.meeting_cancel(actor=alice, meeting=m, reason="Mor er syg.")
    again = services.course_meeting_plan(
        actor=alice, course=course, which="start", starts_at=at(3), ends_at=at(3, 11)
    )
    assert Course.objects.get(pk=course.pk).start_meeting_id == again.pk


@pytest.mark.parametrize("result", ["goal_reached", "continue", "escalate"])
def test_the_end_has_a_result_and_reason_and_ends_the_measure(course, alice, result):
    services.course_end(actor=alice, course=course, result=result, reason="Lukas trives.")
    c = Course.objects.select_related("measure").get(pk=course.pk)
    assert c.result == result and c.result_reason == "Lukas trives." and c.ended_at is not None
    assert c.measure.ended_on == day(0)
    obs = _obligations(c)
    # ended early: the meetings never held are owed no more, the end is met
    assert set(obs) == {"course_end"} and not obs["course_end"].is_open
    assert Event.objects.filter(kind="course.ended", source_id=c.pk).exists()
    # the measure's end is on the timeline as interventions writes it (the key figures refresh from it)
    assert Event.objects.filter(
        kind="interventions.measure.ended", source="measure", source_id=c.measure_id
    ).exists()


def test_the_end_needs_a_known_result_and_a_reason_all_in_one_answer(course, alice):
    with pytest.raises(ValidationError) as e:
        services.course_end(actor=alice, course=course, result="maybe", reason=" ", ended_on=day(1))
    assert set(e.value.message_dict) == {"result", "reason", "ended_on"}
    assert Course.objects.get(pk=course.pk).ended_at is None


def test_a_held_meeting_stays_met_after_the_end(course, alice):
    start = services.course_meeting_plan(
        actor=alice, course=course, which="start", starts_at=at(-1), ends_at=at(-1, 11)
    )
    network.meeting_hold(
        actor=alice, meeting=start, outcome="close", reason="Målet nået.", held_at=at(-1, 11)
    )
    services.course_end(actor=alice, course=course, result="goal_reached", reason="Målet nået.")
    assert set(_obligations(course)) == {"course_start_meeting", "course_end"}


def test_a_worker_must_be_a_consultant_or_family_worker_of_the_municipality(owned, alice, eva, rita):
    for worker in (eva, rita, None):
        with pytest.raises(ValidationError) as e:
            services.course_start(actor=alice, child=owned, worker=worker, started_on=day(0))
        assert "worker_id" in e.value.message_dict
    assert not Course.objects.exists() and not Measure.objects.exists()


def test_one_open_course_at_a_time(course, owned, alice, sara):
    with pytest.raises(ValidationError):
        services.course_start(actor=alice, child=owned, worker=sara, started_on=day(0))


def test_only_the_childs_caseworker_or_team_leader_starts_and_acts(course, owned, bob, tom, sara, eva):
    for actor in (bob, sara, eva):
        with pytest.raises(PermissionDenied):
            services.course_start(actor=actor, child=owned, worker=sara, started_on=day(0))
        with pytest.raises(PermissionDenied):
            services.course_end(actor=actor, course=course, result="continue", reason="x")
    services.course_update(actor=tom, course=course, goals="Nye mål", purpose="", worker=sara)
    assert Course.objects.get(pk=course.pk).goals == "Nye mål"


def test_the_course_is_the_first_step_on_the_childs_staircase(course, owned, alice):
    from tidlig.cases.overview import case_overview

    overview = case_overview(alice, owned)
    assert overview["level"] == 2  # Level.PREVENTIVE: § 30
    services.course_end(actor=alice, course=course, result="goal_reached", reason="Lukas trives.")
    # it counts through its end day (today), like every measure on the staircase
    assert case_overview(alice, owned)["level"] == 2


def test_the_start_meeting_owes_the_courses_end_meeting_not_a_network_followup(course, alice):
    start = services.course_meeting_plan(
        actor=alice, course=course, which="start", starts_at=at(-1), ends_at=at(-1, 11)
    )
    network.meeting_hold(
        actor=alice, meeting=start, outcome="continue", reason="Mål aftalt.", held_at=at(-1, 11)
    )
    assert not Obligation.objects.filter(source="network_meeting", source_id=start.pk).exists()
    assert _obligations(course)["course_end_meeting"].is_open
