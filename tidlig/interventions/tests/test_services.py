"""Decisions (afgørelser) under Barnets lov: drafted, refused when the law does not allow them, made.

The helpers at the top are shared with the other case-handling service tests (test_services_*.py here,
tidlig/cases/tests/test_casework*.py and tidlig/plans/tests/test_services.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tidlig.audit.models import AuditEntry
from tidlig.cases.casework import (
    conversation_record,
    investigation_conclude,
    investigation_start,
    investigation_update_areas,
)
from tidlig.interventions.models import Decision, Measure, MeasureType
from tidlig.interventions.services import decision_draft, decision_make, measure_start
from tidlig.plans.services import plan_record
from tidlig.rules.calendar import CPH
from tidlig.timeline.models import Event, Obligation

pytestmark = pytest.mark.django_db

D = dt.date
# Monday 15 June 2026, noon in Copenhagen. Dates after it are in the future for the services.
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=CPH)
TODAY = NOW.date()
# The default story: aware 12 January, investigation concluded 2 March, the child heard 5 March, § 32 decided
# 10 March; a placement decided 20 March and started 1 April.
AWARE, CONCLUDED, TALKED, DECIDED = D(2026, 1, 12), D(2026, 3, 2), D(2026, 3, 5), D(2026, 3, 10)
PLACEMENT_DECIDED, PLACED = D(2026, 3, 20), D(2026, 4, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def alice_owns(child, alice):
    child.caseworker = alice
    child.save()


def mtype(code: str) -> MeasureType:
    return MeasureType.objects.get(code=code, municipality=None)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=CPH)


def talk(actor, child, held_on: dt.date = TALKED):
    return conversation_record(
        child=child, actor=actor, held_on=held_on, child_view="Jeg vil gerne have hjælp til lektierne."
    )


def investigated(actor, child, *, aware_on=AWARE, concluded_on: dt.date | None = CONCLUDED):
    inv = investigation_start(child=child, actor=actor, aware_on=aware_on)
    inv = investigation_update_areas(
        investigation=inv,
        actor=actor,
        areas={"family": {"challenges": "Mor er syg i perioder.", "resources": "Mormor hjælper til."}},
    )
    if concluded_on is not None:
        inv = investigation_conclude(
            investigation=inv,
            actor=actor,
            concluded_on=concluded_on,
            conclusion="Der er behov for praktisk støtte i hjemmet (§ 32).",
        )
    return inv


def draft(actor, child, code: str = "bl32_2", *, planned_on=DECIDED, **changes) -> Decision:
    values: dict = dict(
        purpose="At styrke forældrenes omsorg.",
        expected_duration="6 måneder",
        reasoning="Undersøgelsen viser et behov for støtte.",
    )
    if mtype(code).kind == "placement":
        values.update(place_type="43_1", place_name="Familien Hansen")
    values.update(changes)
    return decision_draft(child=child, actor=actor, type=mtype(code), planned_on=planned_on, **values)


def make(actor, decision: Decision, *, decided_on=DECIDED, **changes) -> Measure:
    values: dict = dict(
        consent=True,
        consent_note="Mor har givet skriftligt samtykke.",
        hearing_on=decided_on - dt.timedelta(days=4),
    )
    if "conversation" not in changes and "conversation_exception" not in changes:
        values["conversation"] = talk(actor, decision.child, decided_on - dt.timedelta(days=5))
    values.update(changes)
    return decision_make(decision=decision, actor=actor, decided_on=decided_on, **values)


def measure(
    actor,
    child,
    code: str = "bl32_2",
    *,
    decided_on=DECIDED,
    started_on: dt.date | None = None,
    draft_changes: dict | None = None,
    **make_changes,
) -> Measure:
    m = make(
        actor,
        draft(actor, child, code, planned_on=decided_on, **(draft_changes or {})),
        decided_on=decided_on,
        **make_changes,
    )
    if started_on is not None:
        m = measure_start(measure=m, actor=actor, started_on=started_on)
    return m


def placement(
    actor, child, code: str = "anb_almen", *, decided_on=PLACEMENT_DECIDED, started_on=PLACED, **make_changes
) -> Measure:
    """A § 46 placement after a concluded investigation."""
    if not child.investigations.filter(concluded_on__isnull=False).exists():
        investigated(actor, child)
    return measure(actor, child, code, decided_on=decided_on, started_on=started_on, **make_changes)


def stored(source: str, source_id: int) -> dict[str, Obligation]:
    """Each code's stored row; for a recurring obligation its newest period."""
    rows = Obligation.objects.filter(source=source, source_id=source_id).order_by("code", "period")
    return {o.code: o for o in rows}


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# Drafting ------------------------------------------------------------------------------------------------


def test_a_draft_opens_the_case_and_owes_a_child_conversation_before_the_planned_decision(alice, child):
    d = draft(alice, child, planned_on=D(2026, 3, 10))
    assert d.decided_on is None and not d.plan_needed
    assert child.cases.filter(closed_at__isnull=True).count() == 1
    ob = stored("decision", d.pk)["child_conversation"]
    assert (ob.due_date, ob.met_at, ob.is_open, ob.assignee, ob.team) == (
        D(2026, 3, 10),
        None,
        True,
        alice,
        alice.team,
    )
    assert ob.law == "BL § 5, stk. 3-4"
    assert Event.objects.filter(child=child, kind="interventions.decision.drafted", source_id=d.pk).exists()
    assert AuditEntry.objects.filter(
        actor=alice, action="interventions.decision.drafted", object_id=d.pk
    ).exists()


def test_a_placement_cannot_be_drafted_without_a_place(alice, child):
    with pytest.raises(ValidationError) as e:
        draft(alice, child, "anb_almen", place_type="")
    assert error_fields(e) == {"place_type"}
    assert not Decision.objects.exists()


def test_only_a_placement_can_be_drafted_without_consent(alice, child):
    with pytest.raises(ValidationError) as e:
        draft(alice, child, "bl32_2", without_consent=True)
    assert "without_consent" in error_fields(e)


def test_a_draft_needs_purpose_duration_and_reasoning(alice, child):
    with pytest.raises(ValidationError) as e:
        draft(alice, child, purpose=" ", expected_duration="", reasoning="")
    assert error_fields(e) == {"purpose", "expected_duration", "reasoning"}


def test_a_placement_always_needs_a_child_plan(alice, child):
    assert draft(alice, child, "anb_almen", plan_needed=False).plan_needed is True


def test_another_municipalitys_measure_type_cannot_be_drafted(alice, child, other_municipality):
    theirs = MeasureType.objects.create(
        municipality=other_municipality, code="x", title="Deres", paragraph="§ 32", kind="supportive", level=3
    )
    with pytest.raises(ValidationError) as e:
        decision_draft(
            child=child,
            actor=alice,
            type=theirs,
            planned_on=D(2026, 3, 10),
            purpose="a",
            expected_duration="b",
            reasoning="c",
        )
    assert "type" in error_fields(e)


# Making the decision ---------------------------------------------------------------------------------------


def test_a_made_decision_creates_its_measure_and_meets_the_conversation_obligation(alice, child):
    d = draft(alice, child, planned_on=D(2026, 3, 10))
    conv = talk(alice, child, D(2026, 3, 5))
    m = make(alice, d, decided_on=D(2026, 3, 10), conversation=conv)
    d.refresh_from_db()
    assert (d.decided_on, d.decided_by, d.consent, d.conversation) == (D(2026, 3, 10), alice, True, conv)
    assert (m.decision, m.type.code, m.decided_on, m.started_on) == (d, "bl32_2", D(2026, 3, 10), None)
    ob = stored("decision", d.pk)["child_conversation"]
    assert (ob.met_at, ob.is_open, ob.status_at(NOW)) == (noon(D(2026, 3, 5)), False, "met")
    assert stored("measure", m.pk) == {}  # a § 32 measure without a plan owes nothing until it starts
    assert Event.objects.filter(kind="interventions.decision.made", source="measure", source_id=m.pk).exists()
    assert AuditEntry.objects.filter(
        actor=alice, action="interventions.decision.made", object_id=d.pk
    ).exists()


def test_a_reason_under_5_stk_4_meets_the_conversation_obligation(alice, child):
    d = draft(alice, child)
    make(alice, d, conversation_exception="Barnet er 3 måneder gammelt.")
    assert stored("decision", d.pk)["child_conversation"].met_at == noon(D(2026, 3, 10))


def test_no_decision_without_a_conversation_or_a_reason_under_5_stk_4(alice, child):
    d = draft(alice, child)
    with pytest.raises(ValidationError) as e:
        make(alice, d, conversation=None, conversation_exception="  ")
    assert error_fields(e) == {"conversation"}
    d.refresh_from_db()
    assert d.decided_on is None and not Measure.objects.exists()
    assert not AuditEntry.objects.filter(action="interventions.decision.made").exists()


def test_a_conversation_with_another_child_does_not_count(alice, child, sibling):
    sibling.caseworker = alice
    sibling.save()
    with pytest.raises(ValidationError) as e:
        make(alice, draft(alice, child), conversation=talk(alice, sibling))
    assert "conversation" in error_fields(e)


def test_a_conversation_held_after_the_decision_does_not_count(alice, child):
    """§ 5, stk. 3: the child's view is gathered *before* the decision. A conversation on 12 March cannot
    support a decision dated 10 March."""
    d = draft(alice, child)
    with pytest.raises(ValidationError) as e:
        make(alice, d, decided_on=D(2026, 3, 10), conversation=talk(alice, child, D(2026, 3, 12)))
    assert "conversation" in error_fields(e)


def test_a_decision_made_later_than_planned_owes_the_conversation_by_the_decision_day(alice, child):
    """DESIGN.md § 2: child_conversation is due "before the decision". Once made, that is the decision day,
    so a conversation between the planned and the actual day was held in time."""
    d = draft(alice, child, planned_on=D(2026, 3, 10))
    make(alice, d, decided_on=D(2026, 3, 20), conversation=talk(alice, child, D(2026, 3, 15)))
    ob = stored("decision", d.pk)["child_conversation"]
    assert ob.due_date == D(2026, 3, 20)
    assert ob.status_at(NOW) == "met"


@pytest.mark.parametrize("consent", [None, False])
def test_a_supportive_measure_needs_the_custody_holders_consent(alice, child, consent):
    with pytest.raises(ValidationError) as e:
        make(alice, draft(alice, child), consent=consent)
    assert error_fields(e) == {"consent"}


def test_a_supportive_measure_needs_a_hearing(alice, child):
    with pytest.raises(ValidationError) as e:
        make(alice, draft(alice, child), hearing_on=None)
    assert error_fields(e) == {"hearing_on"}


def test_a_decision_cannot_be_dated_in_the_future(alice, child):
    with pytest.raises(ValidationError) as e:
        make(alice, draft(alice, child), decided_on=TODAY + dt.timedelta(days=1))
    assert "decided_on" in error_fields(e)


def test_a_decision_is_made_once(alice, child):
    d = draft(alice, child)
    make(alice, d)
    with pytest.raises(ValidationError):
        make(alice, d, decided_on=D(2026, 3, 11))
    assert Measure.objects.count() == 1
    d.refresh_from_db()
    assert d.decided_on == D(2026, 3, 10)


def test_a_preventive_measure_needs_neither_consent_nor_hearing(alice, child):
    m = make(alice, draft(alice, child, "bl30_1"), consent=None, hearing_on=None)
    assert m.type.kind == "preventive"


def test_a_placement_under_46_needs_a_concluded_investigation(alice, child):
    investigated(alice, child, concluded_on=None)  # still running
    with pytest.raises(ValidationError) as e:
        make(alice, draft(alice, child, "anb_almen"), consent_note="")
    assert error_fields(e) == {"special_circumstances"}


def test_a_placement_after_a_concluded_investigation_is_made(alice, child):
    investigated(alice, child)
    m = make(alice, draft(alice, child, "anb_almen"), consent_note="")
    assert (m.type.kind, m.place_type, m.place_name, m.without_consent) == (
        "placement",
        "43_1",
        "Familien Hansen",
        False,
    )


def test_an_acute_placement_alongside_a_running_investigation_needs_the_special_circumstances(alice, child):
    """§ 46, stk. 3, 2. pkt.: foreløbig eller akut anbringelse sideløbende med undersøgelsen."""
    investigated(alice, child, concluded_on=None)
    m = make(
        alice,
        draft(alice, child, "anb_almen"),
        special_circumstances="Akut: mor er indlagt, og der er ingen anden voksen i hjemmet.",
    )
    assert m.type.kind == "placement"
    assert m.decision.special_circumstances.startswith("Akut")


def test_a_placement_under_46_without_any_investigation_is_refused_even_with_a_consent_note(alice, child):
    """§ 46, stk. 3: only after a børnefaglig undersøgelse, or (acute) alongside one. With no investigation
    at all, the ordinary note on who consented must not open the way."""
    assert not child.investigations.exists()
    with pytest.raises(ValidationError):
        make(alice, draft(alice, child, "anb_almen"), consent_note="Mor har givet skriftligt samtykke.")


def test_a_placement_needs_consent_unless_it_is_without_consent(alice, child):
    investigated(alice, child)
    with pytest.raises(ValidationError) as e:
        make(alice, draft(alice, child, "anb_almen"), consent=None)
    assert error_fields(e) == {"consent"}


def test_a_placement_without_consent_needs_the_child_plan_before_the_decision(alice, child):
    investigated(alice, child)
    d = draft(alice, child, "anb_almen", without_consent=True, planned_on=D(2026, 3, 20))
    with pytest.raises(ValidationError) as e:
        make(alice, d, decided_on=D(2026, 3, 20), consent=False)
    assert error_fields(e) == {"plan"}

    plan_record(
        child=child,
        actor=alice,
        kind="child",
        summary="Tryg anbringelse.",
        recorded_on=D(2026, 3, 18),
        goals=[("Barnet går i skole hver dag", "Plejefamilien")],
    )
    m = make(alice, d, decided_on=D(2026, 3, 20), consent=False)
    assert m.without_consent is True
    ob = stored("measure", m.pk)["child_plan"]
    assert (ob.due_date, ob.met_at, ob.status_at(NOW)) == (D(2026, 3, 20), noon(D(2026, 3, 18)), "met")


def test_a_plan_recorded_after_the_decision_day_does_not_allow_a_placement_without_consent(alice, child):
    investigated(alice, child)
    d = draft(alice, child, "anb_almen", without_consent=True, planned_on=D(2026, 3, 20))
    plan_record(
        child=child,
        actor=alice,
        kind="child",
        summary="Plan.",
        recorded_on=D(2026, 3, 21),
        goals=[("Mål", "Rådgiver")],
    )
    with pytest.raises(ValidationError) as e:
        make(alice, d, decided_on=D(2026, 3, 20), consent=False)
    assert error_fields(e) == {"plan"}


def test_for_a_young_person_an_ungeplan_before_the_decision_allows_a_placement_without_consent(alice, child):
    """§ 91, stk. 1 ("jf. dog § 108") and § 108, stk. 4: from 16 the ungeplan is the plan that must exist
    before a placement without consent."""
    child.birth_date = D(2009, 1, 10)
    child.save()
    investigated(alice, child)
    plan_record(
        child=child,
        actor=alice,
        kind="youth",
        summary="Ungeplan.",
        recorded_on=D(2026, 3, 18),
        goals=[("Gennemføre 10. klasse", "Opholdsstedet")],
    )
    d = draft(
        alice,
        child,
        "anb_institution",
        without_consent=True,
        planned_on=D(2026, 3, 20),
        place_type="43_6",
        place_name="Ungehjemmet",
    )
    m = make(alice, d, decided_on=D(2026, 3, 20), consent=False)
    assert m.without_consent is True
