"""Case handling after screening: undersøgelse (§ 20), afdækning (§ 19), børnesamtale (§ 5), journal notes,
closing and reopening the case, and who else may see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_staff
from tidlig.audit.models import AuditEntry
from tidlig.cases.access import can_see_case, is_case_owner
from tidlig.cases.casework import (
    assessment_conclude,
    assessment_start,
    case_close,
    case_grant_access,
    case_reopen,
    conversation_record,
    investigation_conclude,
    investigation_preliminary,
    investigation_start,
    investigation_update_areas,
    journal_note_write,
)
from tidlig.cases.models import Case, CaseAccess, JournalNote
from tidlig.interventions.services import followup_record, measure_end
from tidlig.interventions.tests.test_services import (  # noqa: F401  (autouse fixtures)
    NOW,
    TODAY,
    D,
    alice_owns,
    draft,
    frozen_today,
    investigated,
    make,
    measure,
    noon,
    stored,
    talk,
)
from tidlig.organisation.models import Role
from tidlig.plans.services import plan_record
from tidlig.timeline.models import Event

pytestmark = pytest.mark.django_db

AREAS = {"family": {"challenges": "Mor er syg.", "resources": "Mormor hjælper."}}


# § 20: børnefaglig undersøgelse ------------------------------------------------------------------------------


def test_starting_an_investigation_opens_the_case_and_owes_the_conclusion_within_four_months(alice, child):
    inv = investigation_start(child=child, actor=alice, aware_on=D(2025, 10, 31))
    ob = stored("investigation", inv.pk)["investigation"]
    assert (ob.due_date, ob.met_at, ob.is_open, ob.assignee, ob.team) == (
        D(2026, 2, 28),
        None,
        True,
        alice,
        alice.team,
    )
    assert ob.law == "BL § 20, stk. 3"
    assert ob.status_at(NOW) == "overdue"
    assert child.cases.get().opened_by == alice
    assert set(inv.areas) == {"development", "family", "school", "health", "leisure", "other"}
    assert list(Event.objects.filter(child=child).order_by("pk").values_list("kind", flat=True)) == [
        "cases.case.opened",
        "cases.investigation.started",
    ]
    assert AuditEntry.objects.filter(
        actor=alice, action="cases.investigation.started", object_id=inv.pk
    ).exists()


def test_concluding_the_investigation_meets_its_obligation(alice, child):
    inv = investigated(alice, child, aware_on=D(2026, 1, 12), concluded_on=D(2026, 5, 12))
    ob = stored("investigation", inv.pk)["investigation"]
    assert (ob.met_at, ob.is_open, ob.status_at(NOW)) == (noon(D(2026, 5, 12)), False, "met")
    assert inv.conclusion.startswith("Der er behov")


def test_an_investigation_concluded_after_four_months_is_met_late(alice, child):
    inv = investigated(alice, child, aware_on=D(2026, 1, 12), concluded_on=D(2026, 5, 13))
    assert stored("investigation", inv.pk)["investigation"].status_at(NOW) == "met_late"


def test_one_investigation_at_a_time(alice, child):
    investigation_start(child=child, actor=alice, aware_on=D(2026, 1, 12))
    with pytest.raises(ValidationError):
        investigation_start(child=child, actor=alice, aware_on=D(2026, 2, 1))


def test_the_municipality_cannot_become_aware_in_the_future(alice, child):
    with pytest.raises(ValidationError) as e:
        investigation_start(child=child, actor=alice, aware_on=TODAY + dt.timedelta(days=1))
    assert set(e.value.message_dict) == {"aware_on"}
    assert not child.investigations.exists() and not Case.objects.exists()


def test_an_investigation_concludes_only_with_challenges_or_resources_described(alice, child):
    """§ 22, stk. 1 and 6: a reasoned conclusion built on the ICS areas."""
    inv = investigation_start(child=child, actor=alice, aware_on=D(2026, 1, 12))
    with pytest.raises(ValidationError) as e:
        investigation_conclude(
            investigation=inv, actor=alice, conclusion="Støtte.", concluded_on=D(2026, 3, 2)
        )
    assert set(e.value.message_dict) == {"areas"}
    investigation_update_areas(investigation=inv, actor=alice, areas=AREAS)
    with pytest.raises(ValidationError) as e:
        investigation_conclude(investigation=inv, actor=alice, conclusion=" ", concluded_on=D(2026, 3, 2))
    assert set(e.value.message_dict) == {"conclusion"}
    with pytest.raises(ValidationError) as e:
        investigation_conclude(
            investigation=inv, actor=alice, conclusion="Støtte.", concluded_on=D(2026, 1, 11)
        )
    assert set(e.value.message_dict) == {"concluded_on"}


def test_a_concluded_investigation_is_not_changed(alice, child):
    inv = investigated(alice, child)
    for change in (
        lambda: investigation_update_areas(investigation=inv, actor=alice, areas=AREAS),
        lambda: investigation_preliminary(investigation=inv, actor=alice, text="Foreløbig."),
        lambda: investigation_conclude(
            investigation=inv, actor=alice, conclusion="Igen.", concluded_on=TODAY
        ),
    ):
        with pytest.raises(ValidationError):
            change()


def test_unknown_ics_areas_are_refused(alice, child):
    inv = investigation_start(child=child, actor=alice, aware_on=D(2026, 1, 12))
    with pytest.raises(ValidationError):
        investigation_update_areas(investigation=inv, actor=alice, areas={"horoscope": {"challenges": "x"}})


def test_a_preliminary_assessment_is_recorded_on_the_timeline(alice, child):
    inv = investigation_start(child=child, actor=alice, aware_on=D(2026, 1, 12))
    inv = investigation_preliminary(investigation=inv, actor=alice, text="Vi mangler udtalelse fra PPR.")
    assert (inv.preliminary_on, inv.preliminary_text) == (TODAY, "Vi mangler udtalelse fra PPR.")
    assert Event.objects.filter(kind="cases.investigation.preliminary", source_id=inv.pk).exists()
    # The deadline stays open: a preliminary assessment does not conclude the investigation (§ 20, stk. 3).
    assert stored("investigation", inv.pk)["investigation"].is_open


# § 19: afdækning; § 5: børnesamtale; journal notes ------------------------------------------------------------------


def test_an_afdaekning_is_started_and_concluded(alice, child):
    a = assessment_start(child=child, actor=alice, matters="Skolefravær", started_on=D(2026, 5, 1))
    with pytest.raises(ValidationError):
        assessment_conclude(assessment=a, actor=alice, conclusion="Ok.", concluded_on=D(2026, 4, 30))
    a = assessment_conclude(
        assessment=a, actor=alice, conclusion="Ingen videre støtte.", concluded_on=D(2026, 6, 1)
    )
    assert a.concluded_on == D(2026, 6, 1)
    with pytest.raises(ValidationError):
        assessment_conclude(assessment=a, actor=alice, conclusion="Igen.")
    assert list(Event.objects.filter(source="assessment").order_by("pk").values_list("kind", flat=True)) == [
        "cases.assessment.started",
        "cases.assessment.concluded",
    ]


def test_an_afdaekning_names_its_matters(alice, child):
    with pytest.raises(ValidationError):
        assessment_start(child=child, actor=alice, matters="  ")


def test_a_conversation_records_the_childs_own_view(alice, child):
    conv = conversation_record(
        child=child,
        actor=alice,
        held_on=D(2026, 3, 5),
        child_view=" Jeg savner far. ",
        bisidder="Moster Lone",
    )
    assert (conv.child_view, conv.bisidder, conv.held_by) == ("Jeg savner far.", "Moster Lone", alice)
    with pytest.raises(ValidationError):
        conversation_record(child=child, actor=alice, held_on=D(2026, 3, 5), child_view=" ")
    with pytest.raises(ValidationError):
        conversation_record(child=child, actor=alice, held_on=TODAY + dt.timedelta(days=1), child_view="Hej")


def test_a_journal_note_is_written_and_its_text_kept_out_of_the_audit_log(alice, child):
    note = journal_note_write(
        child=child, actor=alice, kind="phone", happened_on=D(2026, 6, 1), text="Mor ringede om skolen."
    )
    assert JournalNote.objects.get() == note
    assert Event.objects.get(kind="cases.note.written").summary.startswith("Journalnotat (Telefon)")
    entry = AuditEntry.objects.get(action="cases.note.written")
    assert "Mor ringede" not in str(entry.data)
    with pytest.raises(ValidationError):
        journal_note_write(child=child, actor=alice, kind="telepathy", happened_on=D(2026, 6, 1), text="x")


# Closing and reopening --------------------------------------------------------------------------------------------


def test_a_case_with_an_ongoing_supportive_measure_cannot_be_closed(alice, child):
    measure(alice, child, started_on=D(2026, 3, 16))
    with pytest.raises(ValidationError):
        case_close(child=child, actor=alice, reason="Færdig.")
    assert child.cases.get().closed_at is None


def test_a_case_with_an_ongoing_preventive_measure_can_be_closed(alice, child):
    measure(alice, child, "bl30_1", started_on=D(2026, 3, 16), consent=None, hearing_on=None)
    case = case_close(child=child, actor=alice, reason="Forebyggende forløb kører videre uden sag.")
    assert case.closed_at is not None


def test_closing_needs_a_reason_and_an_open_case(alice, child):
    with pytest.raises(ValidationError):
        case_close(child=child, actor=alice, reason="Ingen sag.")
    talk(alice, child)
    investigation_start(child=child, actor=alice, aware_on=D(2026, 1, 12))
    with pytest.raises(ValidationError):
        case_close(child=child, actor=alice, reason=" ")


def test_reopening_keeps_the_old_case_row_and_starts_a_new_one(alice, child):
    m = measure(alice, child, started_on=D(2026, 3, 16))
    measure_end(measure=m, actor=alice, ended_on=D(2026, 6, 1), reason="Målet er nået.")
    old = case_close(child=child, actor=alice, reason="Målet er nået.")
    with pytest.raises(ValidationError):
        case_close(child=child, actor=alice, reason="Igen.")

    new = case_reopen(child=child, actor=alice, reason="Ny underretning fra skolen.")
    old.refresh_from_db()
    assert new.pk != old.pk
    assert (old.closed_at, old.closed_by, old.close_reason) == (NOW, alice, "Målet er nået.")
    assert list(child.cases.order_by("pk")) == [old, new]
    assert new.closed_at is None
    assert list(Event.objects.filter(source="case").order_by("pk").values_list("kind", "source_id")) == [
        ("cases.case.opened", old.pk),
        ("cases.case.closed", old.pk),
        ("cases.case.opened", new.pk),
        ("cases.case.reopened", new.pk),
    ]
    assert list(
        AuditEntry.objects.filter(object_type="case").order_by("pk").values_list("action", "object_id")
    ) == [("cases.case.closed", old.pk), ("cases.case.reopened", new.pk)]
    with pytest.raises(ValidationError):
        case_reopen(child=child, actor=alice, reason="Allerede åben.")


# Who may act and see --------------------------------------------------------------------------------------------------


def test_the_team_leader_of_the_caseworkers_team_may_act(tom, alice, child):
    """tom leads Nord, alice's team: he does the whole path on her case."""
    assert is_case_owner(tom, child)
    inv = investigated(tom, child)
    m = measure(tom, child, started_on=D(2026, 3, 16))
    followup_record(
        measure=m,
        actor=tom,
        held_on=D(2026, 5, 1),
        assessment="Godt.",
        schedule_reason="Hver 3. md.",
        next_on=D(2026, 8, 1),
    )
    plan_record(child=child, actor=tom, kind="child", summary="Plan.", goals=[("Mål", "Rådgiver")])
    measure_end(measure=m, actor=tom, ended_on=D(2026, 6, 1), reason="Slut.")
    case_grant_access(child=child, actor=tom, staff=alice, reason="Rådgiver.")
    case_close(child=child, actor=tom, reason="Slut.")
    assert inv.started_by == tom
    assert set(AuditEntry.objects.filter(child_id=child.pk).values_list("actor", flat=True)) == {tom.pk}


def test_a_team_leader_of_another_team_may_not_act(municipality, org, child):
    sara = make_staff("sara", Role.TEAM_LEADER, municipality, team=org["team_syd"])
    with pytest.raises(PermissionDenied):
        investigation_start(child=child, actor=sara, aware_on=D(2026, 1, 12))


def test_a_child_without_a_caseworker_has_no_case_owner(tom, alice, child):
    child.caseworker = None
    child.save()
    assert not is_case_owner(alice, child) and not is_case_owner(tom, child)
    with pytest.raises(PermissionDenied):
        investigation_start(child=child, actor=alice, aware_on=D(2026, 1, 12))


def test_a_granted_person_sees_the_case_but_may_not_act(alice, bob, child):
    assert not can_see_case(bob, child)
    grant = case_grant_access(child=child, actor=alice, staff=bob, reason="Kender familien fra Syd.")
    assert (grant.granted_by, grant.reason) == (alice, "Kender familien fra Syd.")
    assert can_see_case(bob, child) and not is_case_owner(bob, child)
    assert AuditEntry.objects.filter(action="cases.access.granted", data__staff=bob.pk).exists()
    with pytest.raises(PermissionDenied):
        investigation_start(child=child, actor=bob, aware_on=D(2026, 1, 12))
    with pytest.raises(PermissionDenied):
        make(bob, draft(alice, child))
    with pytest.raises(PermissionDenied):
        case_grant_access(child=child, actor=bob, staff=bob, reason="Mig selv igen.")


def test_granting_twice_keeps_one_grant(alice, bob, child):
    case_grant_access(child=child, actor=alice, staff=bob, reason="Første.")
    case_grant_access(child=child, actor=alice, staff=bob, reason="Anden.")
    assert CaseAccess.objects.get().reason == "Første."


@pytest.mark.parametrize("persona", ["eva", "ann", "olga", "rita"])
def test_access_is_granted_only_to_caseworkers_and_team_leaders_of_the_municipality(
    alice, child, persona, request
):
    staff = request.getfixturevalue(persona)
    with pytest.raises(ValidationError):
        case_grant_access(child=child, actor=alice, staff=staff, reason="Behov.")
    assert not can_see_case(staff, child)


def test_a_grant_needs_a_reason(alice, bob, child):
    with pytest.raises(ValidationError):
        case_grant_access(child=child, actor=alice, staff=bob, reason=" ")
