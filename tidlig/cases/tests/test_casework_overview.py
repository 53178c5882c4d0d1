"""The child's case at a glance (tidlig.cases.overview): the staircase, the placement, siblings (§ 21, stk. 2),
party status (§ 3), and what a person added to the case may not see (§ 47)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidlig.cases.casework import case_grant_access, journal_note_write
from tidlig.cases.overview import Step, case_overview, visible_measures
from tidlig.interventions.services import measure_end, measure_start
from tidlig.interventions.tests.test_services import (  # noqa: F401  (autouse fixtures)
    TODAY,
    D,
    alice_owns,
    draft,
    frozen_today,
    investigated,
    make,
    measure,
    placement,
)
from tidlig.people.models import Child, Guardianship, Person
from tidlig.plans.services import plan_record

pytestmark = pytest.mark.django_db


def placement_without_consent(alice, child):
    investigated(alice, child)
    plan_record(
        child=child,
        actor=alice,
        kind="child",
        summary="Plan før § 47.",
        recorded_on=D(2026, 3, 18),
        goals=[("Tryghed", "Plejefamilien")],
    )
    d = draft(alice, child, "anb_almen", without_consent=True, planned_on=D(2026, 3, 20))
    return make(alice, d, decided_on=D(2026, 3, 20), consent=False)


def another_child(municipality, mother, born: dt.date, **extra) -> Child:
    kid = Child.objects.create(
        municipality=municipality, first_name="Søs", last_name="Jensen", birth_date=born, **extra
    )
    Guardianship.objects.create(child=kid, person=mother, relation="mother", has_custody=True)
    return kid


# The staircase ---------------------------------------------------------------------------------------------------


def test_a_child_without_measures_stands_on_the_first_step(alice, child):
    o = case_overview(alice, child)
    assert (o["can_see_case"], o["can_work"], o["level"], o["steps"], o["placement"]) == (
        True,
        True,
        1,
        [],
        None,
    )
    assert o["sibling_reminder"] == []


def test_the_step_follows_a_supportive_measure_and_a_placement_starting_and_ending(alice, child, sibling):
    supportive = measure(alice, child, decided_on=D(2026, 3, 10))
    assert case_overview(alice, child)["level"] == 1  # decided, not started

    supportive = measure_start_on(alice, supportive, D(2026, 3, 16))
    o = case_overview(alice, child)
    assert (o["level"], o["steps"]) == (3, [Step(D(2026, 3, 16), 3)])
    assert o["active_measures"] == [supportive] and o["placement"] is None

    placed = placement(alice, child, decided_on=D(2026, 3, 20), started_on=D(2026, 4, 1))
    o = case_overview(alice, child)
    assert (o["level"], o["steps"]) == (5, [Step(D(2026, 3, 16), 3), Step(D(2026, 4, 1), 5)])
    assert o["placement"] == placed
    assert o["sibling_reminder"] == [sibling]

    measure_end(measure=placed, actor=alice, ended_on=D(2026, 6, 1), reason="Hjemgivet.")
    o = case_overview(alice, child)
    assert (o["level"], o["steps"]) == (
        3,
        [Step(D(2026, 3, 16), 3), Step(D(2026, 4, 1), 5), Step(D(2026, 6, 2), 3)],
    )
    assert o["placement"] is None and o["sibling_reminder"] == []


def measure_start_on(actor, m, day):
    return measure_start(measure=m, actor=actor, started_on=day)


def test_a_measure_starting_later_is_not_yet_on_the_staircase(alice, child):
    measure(alice, child, started_on=TODAY + dt.timedelta(days=10))
    o = case_overview(alice, child)
    assert (o["level"], o["steps"], o["active_measures"]) == (1, [], [])


def test_on_the_day_a_placement_ends_it_still_counts_everywhere_on_the_page(alice, child, sibling):
    """The staircase counts a measure through its end day; the placement box and the § 21 reminder on the
    same page should agree with it."""
    placed = placement(alice, child)
    measure_end(measure=placed, actor=alice, ended_on=TODAY, reason="Hjemgivet.")
    o = case_overview(alice, child)
    assert o["level"] == 5
    assert o["placement"] == placed
    assert o["sibling_reminder"] == [sibling]


# § 21, stk. 2: siblings under 15; § 3: party from 10 -------------------------------------------------------------


def test_siblings_under_15_with_the_same_custody_holder_are_listed_for_a_placement(
    alice, child, sibling, municipality, mother
):
    another_child(municipality, mother, D(2011, 6, 15))  # 15 today
    younger = another_child(municipality, mother, D(2011, 6, 16))  # 15 tomorrow
    another_child(municipality, mother, D(2026, 9, 1), is_unborn=True)
    stranger = Person.objects.create(municipality=municipality, first_name="Anne", last_name="Andersen")
    unrelated = Child.objects.create(municipality=municipality, first_name="Ole", birth_date=D(2019, 1, 1))
    Guardianship.objects.create(child=unrelated, person=stranger, relation="mother", has_custody=True)
    assert case_overview(alice, child)["sibling_reminder"] == []
    placement(alice, child)
    assert sorted(case_overview(alice, child)["sibling_reminder"], key=lambda c: c.pk) == [sibling, younger]


@pytest.mark.parametrize(("born", "party"), [(D(2016, 6, 15), True), (D(2016, 6, 16), False)])
def test_the_child_is_a_party_from_10_years(alice, child, born, party):
    child.birth_date = born
    child.save()
    assert case_overview(alice, child)["is_party"] is party


# Who sees what ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
def test_others_see_nothing_of_the_case(child, alice, persona, request):
    measure(alice, child, started_on=D(2026, 3, 16))
    assert case_overview(request.getfixturevalue(persona), child) == {"can_see_case": False}


def test_the_team_leader_sees_and_may_work_on_the_case(tom, alice, child):
    m = placement_without_consent(alice, child)
    o = case_overview(tom, child)
    assert (o["can_see_case"], o["can_work"]) == (True, True)
    assert list(visible_measures(tom, child)) == [m]


def test_a_granted_person_sees_the_case_but_not_a_placement_without_consent(alice, bob, child):
    supportive = measure(alice, child, decided_on=D(2026, 3, 10), started_on=D(2026, 3, 16))
    placed = placement_without_consent(alice, child)
    measure_start(measure=placed, actor=alice, started_on=D(2026, 4, 1))
    case_grant_access(child=child, actor=alice, staff=bob, reason="Kender familien.")

    assert list(visible_measures(alice, child)) == [placed, supportive]
    assert list(visible_measures(bob, child)) == [supportive]
    o = case_overview(bob, child)
    assert (o["can_see_case"], o["can_work"]) == (True, False)
    assert o["measures"] == [supportive] and o["placement"] is None
    assert (o["level"], o["steps"]) == (3, [Step(D(2026, 3, 16), 3)])
    assert o["sibling_reminder"] == []


def test_a_granted_person_does_not_see_a_draft_placement_without_consent(alice, bob, child):
    investigated(alice, child)
    draft(alice, child, "anb_almen", without_consent=True, planned_on=D(2026, 6, 20))
    case_grant_access(child=child, actor=alice, staff=bob, reason="Kender familien.")
    assert len(case_overview(alice, child)["drafts"]) == 1
    assert case_overview(bob, child)["drafts"] == []


def test_the_overview_costs_the_same_number_of_queries_however_much_the_case_holds(alice, child, sibling):
    placement(alice, child)
    plan_record(child=child, actor=alice, kind="child", summary="Plan.", goals=[("Mål", "Rådgiver")])
    with CaptureQueriesContext(connection) as small:
        case_overview(alice, child)
    measure(alice, child, started_on=D(2026, 3, 16))
    measure(alice, child, "bl32_3", started_on=D(2026, 4, 2))
    draft(alice, child, "bl32_5", planned_on=D(2026, 7, 1))
    for i in range(3):
        plan_record(
            child=child, actor=alice, kind="child", summary=f"Plan {i}.", goals=[("Mål", "Rådgiver")] * 2
        )
        journal_note_write(
            child=child, actor=alice, kind="note", happened_on=D(2026, 6, 1), text=f"Notat {i}."
        )
    with CaptureQueriesContext(connection) as big:
        case_overview(alice, child)
    assert len(big) == len(small)
