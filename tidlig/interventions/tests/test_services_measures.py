"""Measures from start to end: the whole path of a case, follow-up (§ 95), supervision (§ 156),
hjemgivelse (§ 100) and ungestøtte (§ 111), checked on the stored obligations, timeline and audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tidlig.audit.models import AuditEntry
from tidlig.cases.casework import (
    assessment_conclude,
    assessment_start,
    investigation_conclude,
    investigation_start,
    investigation_update_areas,
)
from tidlig.interventions.models import MeasureType
from tidlig.interventions.services import (
    followup_record,
    measure_end,
    measure_start,
    supervision_visit_record,
)
from tidlig.interventions.tests.test_services import (  # noqa: F401  (autouse fixtures)
    NOW,
    TODAY,
    D,
    alice_owns,
    draft,
    error_fields,
    frozen_today,
    investigated,
    make,
    measure,
    mtype,
    noon,
    placement,
    stored,
    talk,
)
from tidlig.timeline.models import Event, Obligation

pytestmark = pytest.mark.django_db


def follow_up(
    actor, m, held_on, *, next_on="default", schedule_reason="Opfølgning hver 3. måned; mor ønsker det."
):
    if next_on == "default":
        next_on = held_on + dt.timedelta(days=91)
    return followup_record(
        measure=m,
        actor=actor,
        held_on=held_on,
        assessment="Barnet trives bedre.",
        schedule_reason=schedule_reason,
        next_on=next_on,
    )


# The whole path ----------------------------------------------------------------------------------------------


def test_the_whole_path_from_investigation_to_followup(alice, child):
    inv = investigated(alice, child, aware_on=D(2026, 1, 12), concluded_on=D(2026, 3, 2))
    conv = talk(alice, child, D(2026, 3, 5))
    d = draft(alice, child, "bl32_2", planned_on=D(2026, 3, 10))
    m = make(alice, d, decided_on=D(2026, 3, 10), conversation=conv, hearing_on=D(2026, 3, 6))
    m = measure_start(measure=m, actor=alice, started_on=D(2026, 3, 16))
    first = follow_up(alice, m, D(2026, 6, 10), next_on=D(2026, 9, 10))

    inv_ob = stored("investigation", inv.pk)["investigation"]
    assert (inv_ob.due_date, inv_ob.met_at, inv_ob.is_open) == (D(2026, 5, 12), noon(D(2026, 3, 2)), False)
    conv_ob = stored("decision", d.pk)["child_conversation"]
    assert (conv_ob.due_date, conv_ob.met_at, conv_ob.is_open) == (D(2026, 3, 10), noon(D(2026, 3, 5)), False)
    # The investigation concluded before the start, so the 3 months rule (§ 95, stk. 2, nr. 2) applies.
    measure_obs = stored("measure", m.pk)
    assert set(measure_obs) == {"first_followup"}
    ff = measure_obs["first_followup"]
    assert (ff.due_date, ff.met_at, ff.status_at(NOW), ff.assignee) == (
        D(2026, 6, 16),
        noon(D(2026, 6, 10)),
        "met",
        alice,
    )
    nxt = stored("followup", first.pk)["followup"]
    assert (nxt.due_date, nxt.met_at, nxt.is_open, nxt.law) == (D(2026, 9, 10), None, True, "BL § 95, stk. 3")
    assert Obligation.objects.filter(child=child, is_open=True).count() == 1

    assert list(Event.objects.filter(child=child).order_by("pk").values_list("kind", flat=True)) == [
        "cases.case.opened",
        "cases.investigation.started",
        "cases.investigation.concluded",
        "cases.conversation.held",
        "interventions.decision.drafted",
        "interventions.decision.made",
        "interventions.measure.started",
        "interventions.followup.held",
    ]
    started = Event.objects.get(kind="interventions.measure.started")
    assert (started.source, started.source_id, started.occurred_at, started.actor) == (
        "measure",
        m.pk,
        noon(D(2026, 3, 16)),
        alice,
    )
    assert list(
        AuditEntry.objects.filter(child_id=child.pk).order_by("pk").values_list("action", "actor")
    ) == [
        ("cases.investigation.started", alice.pk),
        ("cases.investigation.updated", alice.pk),
        ("cases.investigation.concluded", alice.pk),
        ("cases.conversation.held", alice.pk),
        ("interventions.decision.drafted", alice.pk),
        ("interventions.decision.made", alice.pk),
        ("interventions.measure.started", alice.pk),
        ("interventions.followup.held", alice.pk),
    ]


def test_each_later_followup_meets_the_one_before_and_sets_the_next(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    first = follow_up(alice, m, D(2026, 5, 1), next_on=D(2026, 6, 1))
    second = follow_up(alice, m, D(2026, 6, 3), schedule_reason="", next_on=D(2026, 9, 3))
    assert stored("followup", first.pk)["followup"].met_at == noon(D(2026, 6, 3))
    assert stored("followup", first.pk)["followup"].status_at(NOW) == "met_late"
    assert stored("followup", second.pk)["followup"].due_date == D(2026, 9, 3)
    # The first follow-up stays met by the first meeting.
    assert stored("measure", m.pk)["first_followup"].met_at == noon(D(2026, 5, 1))


def test_a_supportive_decision_that_needs_a_plan_owes_it_within_three_months(alice, child):
    m = measure(alice, child, decided_on=D(2026, 3, 10), draft_changes={"plan_needed": True})
    ob = stored("measure", m.pk)["child_plan"]
    assert (ob.due_date, ob.is_open, ob.law) == (D(2026, 6, 10), True, "BL § 91")


# Starting and following up --------------------------------------------------------------------------------------


def test_a_measure_cannot_start_before_its_decision(alice, child):
    m = measure(alice, child, decided_on=D(2026, 3, 10))
    with pytest.raises(ValidationError) as e:
        measure_start(measure=m, actor=alice, started_on=D(2026, 3, 9))
    assert error_fields(e) == {"started_on"}
    m.refresh_from_db()
    assert m.started_on is None and stored("measure", m.pk) == {}


def test_a_measure_starts_once_and_not_more_than_60_days_ahead(alice, child):
    m = measure(alice, child)
    with pytest.raises(ValidationError):
        measure_start(measure=m, actor=alice, started_on=TODAY + dt.timedelta(days=61))
    measure_start(measure=m, actor=alice, started_on=TODAY + dt.timedelta(days=60))
    with pytest.raises(ValidationError):
        measure_start(measure=m, actor=alice, started_on=TODAY)


def test_no_followup_before_the_measure_has_started(alice, child):
    m = measure(alice, child)
    with pytest.raises(ValidationError):
        follow_up(alice, m, D(2026, 5, 1))


def test_no_followup_dated_before_the_start(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    with pytest.raises(ValidationError) as e:
        follow_up(alice, m, D(2026, 3, 15))
    assert "held_on" in error_fields(e)


def test_no_followup_on_an_ended_measure(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    measure_end(measure=m, actor=alice, ended_on=D(2026, 5, 1), reason="Målet er nået.")
    with pytest.raises(ValidationError):
        follow_up(alice, m, D(2026, 5, 2))


def test_a_followup_must_set_the_next_one_so_follow_up_never_stops(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    with pytest.raises(ValidationError) as e:
        follow_up(alice, m, D(2026, 5, 1), next_on=None)
    assert error_fields(e) == {"next_on"}


def test_the_first_followup_must_say_how_later_followups_are_organised(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    with pytest.raises(ValidationError) as e:
        follow_up(alice, m, D(2026, 5, 1), schedule_reason="  ")
    assert error_fields(e) == {"schedule_reason"}
    assert not m.followups.exists()


@pytest.mark.parametrize("next_on", [D(2026, 5, 1), D(2026, 4, 30)])
def test_the_next_followup_must_lie_after_this_one(alice, child, next_on):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    with pytest.raises(ValidationError) as e:
        follow_up(alice, m, D(2026, 5, 1), next_on=next_on)
    assert error_fields(e) == {"next_on"}


# § 95, stk. 2: a parallel afdækning/undersøgelse brings the first follow-up forward ------------------------------


def test_concluding_a_parallel_investigation_moves_the_first_followup_to_its_conclusion(alice, child):
    inv = investigated(alice, child, aware_on=D(2026, 3, 1), concluded_on=None)
    m = measure(alice, child, decided_on=D(2026, 3, 10), started_on=D(2026, 3, 16))
    assert stored("measure", m.pk)["first_followup"].due_date == D(2026, 6, 16)
    investigation_conclude(
        investigation=inv, actor=alice, conclusion="Støtten fortsætter.", concluded_on=D(2026, 5, 20)
    )
    assert stored("measure", m.pk)["first_followup"].due_date == D(2026, 5, 20)


def test_a_parallel_investigation_concluded_after_three_months_leaves_the_first_followup(alice, child):
    inv = investigated(alice, child, aware_on=D(2026, 1, 20), concluded_on=None)
    m = measure(alice, child, decided_on=D(2026, 2, 1), started_on=D(2026, 2, 1))
    investigation_conclude(
        investigation=inv, actor=alice, conclusion="Støtten fortsætter.", concluded_on=D(2026, 6, 1)
    )
    assert stored("measure", m.pk)["first_followup"].due_date == D(2026, 5, 1)


def test_concluding_a_parallel_afdaekning_moves_the_first_followup(alice, child):
    a = assessment_start(child=child, actor=alice, matters="Skolefravær", started_on=D(2026, 3, 1))
    m = measure(alice, child, decided_on=D(2026, 3, 10), started_on=D(2026, 3, 16))
    assessment_conclude(
        assessment=a, actor=alice, conclusion="Støtten er rigtig.", concluded_on=D(2026, 4, 2)
    )
    assert stored("measure", m.pk)["first_followup"].due_date == D(2026, 4, 2)


# Placements ----------------------------------------------------------------------------------------------------


def test_a_started_placement_stores_all_its_obligations(alice, child):
    m = placement(alice, child, decided_on=D(2026, 3, 20), started_on=D(2026, 4, 1))
    due = {code: o.due_date for code, o in stored("measure", m.pk).items()}
    assert due == {
        "child_plan": D(2026, 6, 20),
        "first_followup": D(2026, 7, 1),
        "parent_plan_offer": D(2026, 7, 1),
        "supervision_visit": D(2026, 10, 1),
        "youth_support_decision": D(2035, 10, 15),  # born 15 April 2018
        "youth_plan": D(2034, 7, 15),  # § 108, stk. 2–3: 3 months after the 16th birthday while placed
        "support_person_offer": D(2026, 4, 1),  # § 75: with the placement
    }


def test_a_supervision_visit_with_a_conversation_moves_the_next_six_months_on(alice, child):
    m = placement(alice, child)
    supervision_visit_record(
        measure=m, actor=alice, visited_on=D(2026, 5, 31), talked_with_child=False, note="Barnet sov."
    )
    assert stored("measure", m.pk)["supervision_visit"].due_date == D(
        2026, 10, 1
    )  # no conversation, no visit
    supervision_visit_record(
        measure=m,
        actor=alice,
        visited_on=D(2026, 6, 1),
        talked_with_child=True,
        note="God samtale med barnet.",
    )
    assert stored("measure", m.pk)["supervision_visit"].due_date == D(2026, 12, 1)
    assert Event.objects.filter(kind="interventions.supervision.visited").count() == 2


def test_a_supervision_visit_belongs_to_a_placement(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    with pytest.raises(ValidationError):
        supervision_visit_record(
            measure=m, actor=alice, visited_on=D(2026, 5, 1), talked_with_child=True, note="Besøg."
        )
    assert not m.supervision_visits.exists()


def test_a_supervision_visit_lies_within_the_placement(alice, child):
    m = placement(alice, child, started_on=D(2026, 4, 1))
    with pytest.raises(ValidationError):
        supervision_visit_record(
            measure=m, actor=alice, visited_on=D(2026, 3, 31), talked_with_child=True, note="Besøg."
        )


def test_an_ended_placement_owes_what_falls_due_until_its_hjemgivelsesperiode_ends(alice, child):
    """§ 100, stk. 4: the hjemgivelsesperiode continues the placement (issue 12; it used to stop at homecoming).
    The § 79 offer due 1 July falls in the period; the visit due 1 October and the rest come after it."""
    m = placement(alice, child, started_on=D(2026, 4, 1))
    measure_end(
        measure=m,
        actor=alice,
        ended_on=D(2026, 5, 1),
        reason="Hjemgivet.",
        homecoming_period_end=D(2026, 8, 1),
    )
    assert set(stored("measure", m.pk)) == {"child_plan", "parent_plan_offer"}
    assert stored("measure", m.pk)["parent_plan_offer"].due_date == D(2026, 7, 1)
    m.refresh_from_db()
    assert (m.ended_on, m.homecoming_decided_on, m.homecoming_period_end) == (
        D(2026, 5, 1),
        TODAY,
        D(2026, 8, 1),
    )
    ended = Event.objects.get(kind="interventions.measure.ended")
    assert ended.occurred_at == noon(D(2026, 5, 1))
    assert AuditEntry.objects.filter(action="interventions.measure.ended", object_id=m.pk).exists()


def test_ending_a_measure_drops_the_next_followup_it_had_set(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    f = follow_up(alice, m, D(2026, 5, 1), next_on=D(2026, 8, 1))
    measure_end(measure=m, actor=alice, ended_on=D(2026, 6, 1), reason="Målet er nået.")
    assert stored("followup", f.pk) == {}
    assert stored("measure", m.pk)["first_followup"].met_at == noon(D(2026, 5, 1))


def test_a_hjemgivelsesperiode_over_six_months_is_refused(alice, child):
    m = placement(alice, child, started_on=D(2026, 4, 1))
    with pytest.raises(ValidationError) as e:
        measure_end(
            measure=m,
            actor=alice,
            ended_on=D(2026, 5, 1),
            reason="Hjemgivet.",
            homecoming_period_end=D(2027, 1, 1),
        )
    assert error_fields(e) == {"homecoming_period_end"}
    m.refresh_from_db()
    assert m.ended_on is None


def test_a_hjemgivelsesperiode_of_exactly_six_calendar_months_is_allowed(alice, child):
    """§ 100, stk. 3: "op til 6 måneder". 1 May to 1 November is six months (184 days)."""
    m = placement(alice, child, started_on=D(2026, 4, 1))
    measure_end(
        measure=m,
        actor=alice,
        ended_on=D(2026, 5, 1),
        reason="Hjemgivet.",
        homecoming_period_end=D(2026, 11, 1),
    )
    m.refresh_from_db()
    assert m.homecoming_period_end == D(2026, 11, 1)


def test_a_hjemgivelsesperiode_one_day_over_six_calendar_months_is_refused(alice, child):
    """31 August + 6 months is 28 February (181 days); 2 March is past it, though within 183 days."""
    investigated(alice, child, aware_on=D(2025, 5, 1), concluded_on=D(2025, 7, 20))
    m = placement(alice, child, decided_on=D(2025, 8, 1), started_on=D(2025, 8, 1))
    with pytest.raises(ValidationError):
        measure_end(
            measure=m,
            actor=alice,
            ended_on=D(2025, 8, 31),
            reason="Hjemgivet.",
            homecoming_period_end=D(2026, 3, 2),
        )


def test_only_a_placement_has_a_hjemgivelsesperiode(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    with pytest.raises(ValidationError) as e:
        measure_end(
            measure=m,
            actor=alice,
            ended_on=D(2026, 5, 1),
            reason="Slut.",
            homecoming_period_end=D(2026, 6, 1),
        )
    assert error_fields(e) == {"homecoming_period_end"}


def test_a_measure_cannot_end_before_it_started_nor_twice(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    with pytest.raises(ValidationError):
        measure_end(measure=m, actor=alice, ended_on=D(2026, 3, 15), reason="Slut.")
    measure_end(measure=m, actor=alice, ended_on=D(2026, 4, 1), reason="Slut.")
    with pytest.raises(ValidationError):
        measure_end(measure=m, actor=alice, ended_on=D(2026, 4, 2), reason="Slut.")


# § 111: ungestøtte ---------------------------------------------------------------------------------------------


def test_the_catalogue_holds_the_youth_support_type():
    """The rules meet youth_support_decision with a decision of type "ungestoette"; migration
    0005_catalogue_ungestoette installs the catalogue for it."""
    assert MeasureType.objects.filter(code="ungestoette", municipality=None).exists()


def test_deciding_ungestoette_meets_the_placements_youth_support_obligation(alice, child):
    child.birth_date = D(2008, 12, 20)
    child.save()
    m = placement(alice, child, decided_on=D(2026, 3, 20), started_on=D(2026, 4, 1))
    ob = stored("measure", m.pk)["youth_support_decision"]
    assert (ob.due_date, ob.is_open) == (D(2026, 6, 20), True)

    MeasureType.objects.get_or_create(
        code="ungestoette",
        municipality=None,
        defaults=dict(title="Ungestøtte", paragraph="BL §§ 111, 114-116", kind="supportive", level=3),
    )
    make(alice, draft(alice, child, "ungestoette", planned_on=D(2026, 6, 10)), decided_on=D(2026, 6, 10))

    ob = stored("measure", m.pk)["youth_support_decision"]
    assert (ob.met_at, ob.is_open) == (noon(D(2026, 6, 10)), False)


def test_a_preventive_measure_stores_no_obligations(alice, child):
    m = measure(alice, child, "bl30_1", started_on=D(2026, 3, 16), consent=None, hearing_on=None)
    assert stored("measure", m.pk) == {}
    assert mtype("bl30_1").level == 2


def test_a_placement_owes_the_parents_an_offer_of_a_support_person(alice, child):
    """BL § 75: with a placement the custody holder is offered a support person."""
    from tidlig.interventions.services import support_person_offer

    m = placement(alice, child)
    ob = Obligation.objects.get(source="measure", source_id=m.pk, code="support_person_offer")
    assert ob.is_open and ob.due_date == m.started_on

    support_person_offer(measure=m, actor=alice, offered_on=m.started_on, accepted=False)

    ob.refresh_from_db()
    assert not ob.is_open and ob.met_at is not None
    with pytest.raises(ValidationError):
        support_person_offer(measure=m, actor=alice, offered_on=m.started_on, accepted=True)


def test_a_support_person_is_not_offered_for_home_based_support(alice, child):
    from tidlig.interventions.services import support_person_offer

    m = measure(alice, child, "bl32_2", started_on=TODAY)
    with pytest.raises(ValidationError):
        support_person_offer(measure=m, actor=alice, offered_on=m.started_on, accepted=True)
    assert not Obligation.objects.filter(code="support_person_offer").exists()


def test_an_investigation_concluded_on_the_start_day_does_not_make_the_first_followup_due_at_once(
    alice, child
):
    """Conclude, decide and start on one day: the investigation was the basis, not running alongside (§ 95)."""
    inv = investigation_start(child=child, actor=alice, aware_on=D(2026, 2, 1))
    investigation_update_areas(
        investigation=inv, actor=alice, areas={"family": {"challenges": "x", "resources": "y"}}
    )
    investigation_conclude(
        investigation=inv, actor=alice, conclusion="Støtte i hjemmet.", concluded_on=D(2026, 3, 16)
    )

    m = measure(alice, child, decided_on=D(2026, 3, 16), started_on=D(2026, 3, 16))

    assert stored("measure", m.pk)["first_followup"].due_date == D(2026, 6, 16)
