"""Plans with concrete goals: barnets plan (§§ 91–92), ungeplan (§ 108), forældrehandleplan (§§ 77, 79),
and the obligations they meet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tidlig.audit.models import AuditEntry
from tidlig.interventions.tests.test_services import (  # noqa: F401  (autouse fixtures)
    NOW,
    TODAY,
    D,
    alice_owns,
    frozen_today,
    measure,
    noon,
    placement,
    stored,
)
from tidlig.plans.models import Goal, Plan
from tidlig.plans.services import goal_set_status, plan_record
from tidlig.timeline.models import Event, Obligation

pytestmark = pytest.mark.django_db

GOALS = [("Barnet kommer i skole hver dag", "Skolen"), ("Barnet sover i egen seng", "Mor")]


def record(
    actor,
    child,
    kind="child",
    *,
    goals=GOALS,
    recorded_on=None,
    summary="Planen bygger på undersøgelsen.",
    **extra,
) -> Plan:
    return plan_record(
        child=child, actor=actor, kind=kind, summary=summary, goals=goals, recorded_on=recorded_on, **extra
    )


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# Recording a plan --------------------------------------------------------------------------------------------------


def test_a_child_plan_is_recorded_with_its_goals_on_the_timeline_and_in_the_log(alice, child):
    plan = record(alice, child, recorded_on=D(2026, 6, 1))
    assert (plan.kind, plan.recorded_on, plan.recorded_by) == ("child", D(2026, 6, 1), alice)
    assert list(plan.goals.order_by("pk").values_list("text", "owner", "status")) == [
        ("Barnet kommer i skole hver dag", "Skolen", "open"),
        ("Barnet sover i egen seng", "Mor", "open"),
    ]
    event = Event.objects.get(kind="plans.plan.recorded")
    assert (event.source, event.source_id, event.summary) == (
        "plan",
        plan.pk,
        "Barnets plan (§ 91) udarbejdet med 2 mål",
    )
    assert AuditEntry.objects.filter(actor=alice, action="plans.plan.recorded", object_id=plan.pk).exists()


def test_the_date_defaults_to_today_and_cannot_lie_in_the_future(alice, child):
    assert record(alice, child).recorded_on == TODAY
    with pytest.raises(ValidationError) as e:
        record(alice, child, recorded_on=TODAY + dt.timedelta(days=1))
    assert error_fields(e) == {"recorded_on"}


@pytest.mark.parametrize("goals", [[], [("  ", "Skolen")]])
def test_a_child_plan_needs_at_least_one_concrete_goal(alice, child, goals):
    """§ 92, stk. 1: konkrete mål for barnets trivsel og udvikling."""
    with pytest.raises(ValidationError) as e:
        record(alice, child, goals=goals)
    assert error_fields(e) == {"goals"}
    assert not Plan.objects.exists()


@pytest.mark.parametrize("kind", ["child", "holistic", "parent"])
def test_every_goal_needs_an_owner(alice, child, kind):
    with pytest.raises(ValidationError) as e:
        record(alice, child, kind, goals=[("Barnet trives", "Skolen"), ("Barnet sover", "  ")])
    assert error_fields(e) == {"goals"}
    assert not Goal.objects.exists()


def test_a_forældrehandleplan_may_have_no_goals(alice, child):
    plan = record(alice, child, "parent", goals=[])
    assert (plan.kind, plan.goals.count()) == ("parent", 0)


def test_a_plan_needs_a_known_kind_and_content(alice, child):
    with pytest.raises(ValidationError) as e:
        record(alice, child, "wishlist", summary=" ")
    assert error_fields(e) == {"kind", "summary"}


@pytest.mark.parametrize(("born", "allowed"), [(D(2010, 6, 16), False), (D(2010, 6, 15), True)])
def test_an_ungeplan_is_made_from_16_years(alice, child, born, allowed):
    """§ 108: the ungeplan replaces barnets plan from 16; a younger child gets barnets plan."""
    child.birth_date = born
    child.save()
    if allowed:
        assert record(alice, child, "youth").kind == "youth"
    else:
        with pytest.raises(ValidationError) as e:
            record(alice, child, "youth")
        assert error_fields(e) == {"kind"}


def test_a_plan_cannot_point_at_another_childs_measure(alice, child, sibling):
    sibling.caseworker = alice
    sibling.save()
    theirs = measure(alice, sibling)
    with pytest.raises(ValidationError) as e:
        record(alice, child, measure=theirs)
    assert error_fields(e) == {"measure"}


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga"])
def test_others_may_not_record_a_plan_or_change_a_goal(alice, child, persona, request):
    goal = record(alice, child).goals.first()
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        record(actor, child)
    with pytest.raises(PermissionDenied):
        goal_set_status(goal=goal, actor=actor, status="achieved")
    assert Plan.objects.count() == 1
    goal.refresh_from_db()
    assert goal.status == "open"


def test_the_team_leader_may_record_a_plan(tom, child):
    assert record(tom, child).recorded_by == tom


# Goals ----------------------------------------------------------------------------------------------------------------


def test_a_goal_changes_status_as_the_work_goes(alice, child):
    goal = record(alice, child).goals.first()
    goal = goal_set_status(goal=goal, actor=alice, status="achieved")
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert AuditEntry.objects.get(action="plans.goal.updated").data == {"status": "achieved"}
    with pytest.raises(ValidationError):
        goal_set_status(goal=goal, actor=alice, status="forgotten")


# The obligations a plan meets ---------------------------------------------------------------------------------------


def test_recording_the_child_plan_meets_the_placements_child_plan_obligation(alice, child):
    m = placement(alice, child, decided_on=D(2026, 3, 20), started_on=D(2026, 4, 1))
    ob = stored("measure", m.pk)["child_plan"]
    assert (ob.due_date, ob.is_open) == (D(2026, 6, 20), True)
    record(alice, child, recorded_on=D(2026, 6, 1), measure=m)
    ob = stored("measure", m.pk)["child_plan"]
    assert (ob.met_at, ob.is_open, ob.status_at(NOW)) == (noon(D(2026, 6, 1)), False, "met")


def test_the_child_plan_meets_a_supportive_decision_that_said_a_plan_was_needed(alice, child):
    m = measure(alice, child, decided_on=D(2026, 3, 10), draft_changes={"plan_needed": True})
    record(alice, child, recorded_on=D(2026, 6, 11))
    ob = stored("measure", m.pk)["child_plan"]
    assert (ob.due_date, ob.met_at, ob.status_at(NOW)) == (D(2026, 6, 10), noon(D(2026, 6, 11)), "met_late")


def test_a_plan_older_than_the_decision_does_not_meet_it(alice, child):
    record(alice, child, recorded_on=D(2026, 3, 1))
    m = measure(alice, child, decided_on=D(2026, 3, 10), draft_changes={"plan_needed": True})
    assert stored("measure", m.pk)["child_plan"].is_open


def test_an_ungeplan_meets_the_plan_obligation_of_a_young_person(alice, child):
    child.birth_date = D(2009, 1, 10)
    child.save()
    m = placement(alice, child)
    record(alice, child, "youth", recorded_on=D(2026, 5, 1))
    assert stored("measure", m.pk)["child_plan"].met_at == noon(D(2026, 5, 1))


def test_a_forældrehandleplan_does_not_meet_the_child_plan(alice, child):
    m = placement(alice, child)
    record(alice, child, "parent", goals=[], recorded_on=D(2026, 5, 1))
    assert stored("measure", m.pk)["child_plan"].is_open


def test_each_revision_of_the_forældrehandleplan_meets_a_period_and_starts_the_next_12_months(alice, child):
    """§ 79: a revision offered within 3 months of the placement, then assessed at least every 12 months.
    The first § 77 plan is drawn up, not revised (issue 12: it used to move the deadline to 05.04.2027)."""
    m = placement(alice, child, started_on=D(2026, 4, 1))
    assert stored("measure", m.pk)["parent_plan_offer"].due_date == D(2026, 7, 1)
    record(alice, child, "parent", goals=[], recorded_on=D(2026, 4, 5))
    ob = stored("measure", m.pk)["parent_plan_offer"]
    assert (ob.period, ob.due_date, ob.met_at) == (1, D(2026, 7, 1), None)
    record(alice, child, "parent", goals=[], recorded_on=D(2026, 6, 1))
    rows = Obligation.objects.filter(code="parent_plan_offer", source_id=m.pk).order_by("period")
    assert [(o.period, o.due_date, o.status_at(NOW)) for o in rows] == [
        (1, D(2026, 7, 1), "met"),
        (2, D(2027, 6, 1), "open"),
    ]


def test_a_child_plan_does_not_move_the_forældrehandleplan_offer(alice, child):
    m = placement(alice, child, started_on=D(2026, 4, 1))
    record(alice, child, recorded_on=D(2026, 5, 10))
    assert stored("measure", m.pk)["parent_plan_offer"].due_date == D(2026, 7, 1)
