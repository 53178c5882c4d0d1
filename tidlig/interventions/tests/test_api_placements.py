"""Placements through /api/v1: a § 47 placement stays hidden from people only added to the case; supervision
visits and the offer of a support person to the parents. Alice is Lukas' caseworker."""

from __future__ import annotations

import pytest

from tidlig.interventions.tests.api_helpers import (
    TODAY,
    by_code,
    conversation,
    draft,
    make,
    ok,
    send,
    type_id,
)

pytestmark = pytest.mark.usefixtures("frozen")


def record_child_plan(api, child) -> dict:
    """The plan a § 47 decision needs beforehand, and the concluded investigation it rests on (§ 47, stk. 2)."""
    inv = ok(
        send(api, "post", f"/api/v1/children/{child.pk}/investigations", {"aware_on": "2025-09-01"}), 201
    )
    areas = {"family": {"challenges": "Mor er syg.", "resources": "Mormor hjælper."}}
    ok(send(api, "patch", f"/api/v1/investigations/{inv['id']}/areas", {"areas": areas}))
    ok(
        send(
            api,
            "post",
            f"/api/v1/investigations/{inv['id']}/conclusion",
            {"conclusion": "Anbringelse er nødvendig."},
        )
    )
    body = {
        "kind": "child",
        "summary": "Lukas skal bo trygt.",
        "goals": [{"text": "Lukas kommer i skole hver dag", "owner": "Plejefamilien"}],
    }
    return ok(send(api, "post", f"/api/v1/children/{child.pk}/plans", body), 201)


def placement_without_consent(api, child, *, make_it: bool = True) -> dict:
    decision = draft(
        api,
        child,
        type_id=type_id("anb_almen"),
        without_consent=True,
        place_type="43_1",
        place_name="Familien Holm",
        purpose="Tryg opvækst.",
        expected_duration="2 år",
        reasoning="Børne- og ungeudvalgets afgørelse.",
    )
    if not make_it:
        return decision
    return make(api, decision, consent=None, conversation_exception="Barnet er 7 år; samtale ikke mulig nu.")


def test_a_placement_without_consent_is_hidden_from_people_added_to_the_case(api, token_for, case, bob, tom):
    record_child_plan(api, case)
    placement = placement_without_consent(api, case)
    ok(send(api, "post", f"/api/v1/measures/{placement['id']}/start", {"started_on": TODAY}))
    parent_plan = {"kind": "parent", "summary": "Samvær hver anden weekend.", "measure_id": placement["id"]}
    ok(send(api, "post", f"/api/v1/children/{case.pk}/plans", parent_plan), 201)
    pending = placement_without_consent(api, case, make_it=False)
    supportive = make(api, draft(api, case), conversation_id=conversation(api, case)["id"])
    ok(send(api, "post", f"/api/v1/children/{case.pk}/access", {"staff_id": bob.pk, "reason": "Vikar"}), 201)
    added = token_for(bob)

    overview = ok(added.get(f"/api/v1/children/{case.pk}/case"))

    assert [m["id"] for m in overview["measures"]] == [supportive["id"]]
    assert overview["placement"] is None
    assert overview["level"] == 1  # universal: no measure the reader may see
    assert overview["drafts"] == []
    assert overview["can_work"] is False
    assert sorted(p["measure_id"] or 0 for p in overview["plans"]) == [0, 0]
    assert {o["code"] for o in overview["obligations"]} & {
        "supervision_visit",
        "parent_plan_offer",
        "youth_support_decision",
    } == set()
    assert added.get(f"/api/v1/measures/{placement['id']}").status_code == 404
    assert added.get(f"/api/v1/decisions/{placement['decision_id']}").status_code == 404
    assert added.get(f"/api/v1/decisions/{pending['id']}").status_code == 404
    assert added.get(f"/api/v1/measures/{supportive['id']}").status_code == 200
    end = send(added, "post", f"/api/v1/measures/{placement['id']}/end", {"ended_on": TODAY, "reason": "x"})
    assert end.status_code == 404
    assert (
        send(added, "post", f"/api/v1/measures/{supportive['id']}/start", {"started_on": TODAY}).status_code
        == 403
    )

    # the case owners see it: the caseworker and her team leader
    for owner in (api, token_for(tom)):
        seen = ok(owner.get(f"/api/v1/children/{case.pk}/case"))
        assert seen["placement"]["id"] == placement["id"]
        assert seen["level"] == 5
        assert [d["id"] for d in seen["drafts"]] == [pending["id"]]
        assert "supervision_visit" in {o["code"] for o in seen["obligations"]}
        assert placement["id"] in {p["measure_id"] for p in seen["plans"]}
        assert ok(owner.get(f"/api/v1/measures/{placement['id']}"))["without_consent"] is True
        assert owner.get(f"/api/v1/decisions/{placement['decision_id']}").status_code == 200
        assert owner.get(f"/api/v1/decisions/{pending['id']}").status_code == 200


def test_a_supervision_visit_in_a_placement(api, case):
    record_child_plan(api, case)
    placement = placement_without_consent(api, case)
    ok(send(api, "post", f"/api/v1/measures/{placement['id']}/start", {"started_on": "2025-11-12"}))

    visit = ok(
        send(
            api,
            "post",
            f"/api/v1/measures/{placement['id']}/supervision-visits",
            {"visited_on": TODAY, "talked_with_child": True, "note": "Lukas har det godt i familien."},
        ),
        201,
    )

    assert visit["talked_with_child"] is True
    detail = ok(api.get(f"/api/v1/measures/{placement['id']}"))
    assert [v["id"] for v in detail["supervision_visits"]] == [visit["id"]]
    assert by_code(detail["obligations"])["supervision_visit"]["due"] == "2026-05-12"


def test_the_offer_of_a_support_person_to_the_parents_is_recorded(api, token_for, case, bob):
    record_child_plan(api, case)
    placement = placement_without_consent(api, case)
    ok(send(api, "post", f"/api/v1/measures/{placement['id']}/start", {"started_on": "2025-11-12"}))
    assert by_code(ok(api.get(f"/api/v1/measures/{placement['id']}"))["obligations"])["support_person_offer"][
        "status"
    ] in ("open", "overdue")

    refused = send(
        token_for(bob),
        "post",
        f"/api/v1/measures/{placement['id']}/support-person",
        {"offered_on": "2025-11-12", "accepted": True},
    )
    assert refused.status_code == 404

    detail = ok(
        send(
            api,
            "post",
            f"/api/v1/measures/{placement['id']}/support-person",
            {"offered_on": "2025-11-12", "accepted": True},
        )
    )

    assert detail["support_person_offered_on"] == "2025-11-12" and detail["support_person_accepted"] is True
    assert by_code(detail["obligations"])["support_person_offer"]["status"] == "met"
    again = send(
        api, "post", f"/api/v1/measures/{placement['id']}/support-person", {"offered_on": "2025-11-12"}
    )
    assert again.status_code == 422
