"""Every case-handling service refuses whoever is not the child's caseworker or her team leader.

Each service is called with arguments that are valid for the case owner (the last tests prove it), so a
refusal here is about who asks, not about what is asked.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from conftest import make_staff
from tidlig.audit.models import AuditEntry
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
from tidlig.interventions.services import (
    decision_draft,
    decision_make,
    followup_record,
    measure_end,
    measure_start,
    parent_plan_offer_record,
    supervision_visit_record,
)
from tidlig.interventions.tests.test_services import (  # noqa: F401  (autouse fixtures)
    D,
    alice_owns,
    draft,
    frozen_today,
    investigated,
    measure,
    mtype,
    placement,
    talk,
)
from tidlig.organisation.models import Role
from tidlig.people.models import Child
from tidlig.plans.services import goal_set_status, plan_record
from tidlig.timeline.models import Event, Obligation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, child, sibling, municipality, org):
    """alice's case on `child`, at every stage at once; `sibling` with an open case; `cousin` with a closed one."""
    investigated(alice, child, aware_on=D(2026, 1, 12), concluded_on=D(2026, 3, 2))
    w = SimpleNamespace(child=child, sibling=sibling)
    w.placement = placement(alice, child, decided_on=D(2026, 3, 20), started_on=D(2026, 4, 1))
    w.supportive = measure(alice, child, decided_on=D(2026, 3, 10), started_on=D(2026, 3, 16))
    w.decided = measure(alice, child, "bl30_1", decided_on=D(2026, 5, 1), consent=None, hearing_on=None)
    w.investigation = investigated(alice, child, aware_on=D(2026, 5, 1), concluded_on=None)
    w.assessment = assessment_start(child=child, actor=alice, matters="Skolefravær", started_on=D(2026, 5, 1))
    w.conversation = talk(alice, child, D(2026, 6, 1))
    w.draft = draft(alice, child, "bl32_5", planned_on=D(2026, 6, 10))
    w.goal = plan_record(
        child=child, actor=alice, kind="child", summary="Plan.", goals=[("Barnet trives i skolen", "Skolen")]
    ).goals.get()
    sibling.caseworker = alice
    sibling.save()
    assessment_start(child=sibling, actor=alice, matters="Trivsel", started_on=D(2026, 6, 1))
    w.cousin = Child.objects.create(
        municipality=municipality,
        first_name="Emil",
        last_name="Jensen",
        birth_date=D(2015, 2, 1),
        caseworker=alice,
    )
    assessment_start(child=w.cousin, actor=alice, matters="Trivsel", started_on=D(2026, 1, 5))
    case_close(child=w.cousin, actor=alice, reason="Ingen grund til bekymring.")
    w.carl = make_staff("carl", Role.CASEWORKER, municipality, team=org["team_syd"])
    return w


SERVICES = {
    "case_close": lambda a, w: case_close(child=w.sibling, actor=a, reason="Afsluttet."),
    "case_reopen": lambda a, w: case_reopen(child=w.cousin, actor=a, reason="Ny underretning."),
    "case_grant_access": lambda a, w: case_grant_access(
        child=w.child, actor=a, staff=w.carl, reason="Behov."
    ),
    "journal_note_write": lambda a, w: journal_note_write(
        child=w.child, actor=a, kind="phone", happened_on=D(2026, 6, 2), text="Mor ringede."
    ),
    "assessment_start": lambda a, w: assessment_start(child=w.child, actor=a, matters="Søvn"),
    "assessment_conclude": lambda a, w: assessment_conclude(
        assessment=w.assessment, actor=a, conclusion="Ok."
    ),
    "investigation_start": lambda a, w: investigation_start(child=w.sibling, actor=a, aware_on=D(2026, 6, 1)),
    "investigation_update_areas": lambda a, w: investigation_update_areas(
        investigation=w.investigation, actor=a, areas={"school": {"challenges": "Fravær", "resources": ""}}
    ),
    "investigation_preliminary": lambda a, w: investigation_preliminary(
        investigation=w.investigation, actor=a, text="Foreløbig."
    ),
    "investigation_conclude": lambda a, w: investigation_conclude(
        investigation=w.investigation, actor=a, conclusion="Støtten fortsætter."
    ),
    "conversation_record": lambda a, w: conversation_record(
        child=w.child, actor=a, held_on=D(2026, 6, 2), child_view="Godt."
    ),
    "decision_draft": lambda a, w: decision_draft(
        child=w.child,
        actor=a,
        type=mtype("bl32_3"),
        planned_on=D(2026, 6, 20),
        purpose="Kontaktperson.",
        expected_duration="1 år",
        reasoning="Behov.",
    ),
    "decision_make": lambda a, w: decision_make(
        decision=w.draft,
        actor=a,
        decided_on=D(2026, 6, 10),
        consent=True,
        hearing_on=D(2026, 6, 5),
        conversation=w.conversation,
    ),
    "measure_start": lambda a, w: measure_start(measure=w.decided, actor=a, started_on=D(2026, 5, 4)),
    "measure_end": lambda a, w: measure_end(
        measure=w.supportive, actor=a, ended_on=D(2026, 6, 1), reason="Slut."
    ),
    "followup_record": lambda a, w: followup_record(
        measure=w.supportive,
        actor=a,
        held_on=D(2026, 6, 1),
        assessment="Godt.",
        schedule_reason="Hver 3. måned.",
        next_on=D(2026, 9, 1),
    ),
    "supervision_visit_record": lambda a, w: supervision_visit_record(
        measure=w.placement, actor=a, visited_on=D(2026, 6, 1), talked_with_child=True, note="Samtale."
    ),
    "parent_plan_offer_record": lambda a, w: parent_plan_offer_record(
        measure=w.placement, actor=a, held_on=D(2026, 6, 1), outcome="declined", note="Mor afslog."
    ),
    "plan_record": lambda a, w: plan_record(
        child=w.child, actor=a, kind="parent", summary="Forældrehandleplan.", goals=[]
    ),
    "goal_set_status": lambda a, w: goal_set_status(goal=w.goal, actor=a, status="achieved"),
}


def footprint() -> tuple[int, int, list]:
    return (
        AuditEntry.objects.count(),
        Event.objects.count(),
        list(Obligation.objects.order_by("pk").values_list("pk", "due_date", "is_open")),
    )


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
def test_others_are_refused_by_every_service(world, service, persona, request):
    actor = request.getfixturevalue(persona)
    before = footprint()
    with pytest.raises(PermissionDenied):
        SERVICES[service](actor, world)
    assert footprint() == before


@pytest.mark.parametrize("service", SERVICES)
def test_a_person_granted_access_is_refused_by_every_service(world, service, alice, bob):
    case_grant_access(child=world.child, actor=alice, staff=bob, reason="Kender familien.")
    world.sibling.access_grants.create(staff=bob, granted_by=alice, reason="Kender familien.")
    world.cousin.access_grants.create(staff=bob, granted_by=alice, reason="Kender familien.")
    before = footprint()
    with pytest.raises(PermissionDenied):
        SERVICES[service](bob, world)
    assert footprint() == before


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("persona", ["alice", "tom"])
def test_the_caseworker_and_her_team_leader_may_use_every_service(world, service, persona, request):
    actor = request.getfixturevalue(persona)
    audited = AuditEntry.objects.filter(actor=actor).count()
    SERVICES[service](actor, world)
    assert AuditEntry.objects.filter(actor=actor).count() == audited + 1
