"""Decisions and measures through /api/v1: draft → made → started → followed up → ended, as the UI allows it.

Alice is Lukas' caseworker. Bob, Eva, Ann, Olga and Rita must be refused (404 when they may not see the
case, 403 when they may see but not act); a § 47 placement stays hidden from people only added to the case.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from tidlig.interventions.models import Decision, FollowUp, Measure, MeasureType, SupervisionVisit
from tidlig.organisation.models import Role, Staff

# Wednesday 12 November 2025, 10:00 in Copenhagen (CET).
NOW = dt.datetime(2025, 11, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TODAY = "2025-11-12"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def send(client, method: str, url: str, body: dict | None = None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def case(child, alice):
    child.caseworker = alice
    child.save()
    return child


@pytest.fixture
def api(token_for, alice, case):
    return token_for(alice)


def type_id(code: str) -> int:
    return MeasureType.objects.get(municipality=None, code=code).pk


def draft(api, child, **extra) -> dict:
    body = {
        "type_id": type_id("bl32_2"),
        "planned_on": "2025-11-20",
        "purpose": "Struktur på morgener og måltider.",
        "expected_duration": "6 måneder",
        "reasoning": "Undersøgelsen viser behov for praktisk støtte i hjemmet.",
        **extra,
    }
    return ok(send(api, "post", f"/api/v1/children/{child.pk}/decisions", body), 201)


def conversation(api, child, held_on: str = "2025-11-10") -> dict:
    body = {"held_on": held_on, "child_view": "Lukas vil gerne have hjælp om morgenen.", "bisidder": "Moster"}
    return ok(send(api, "post", f"/api/v1/children/{child.pk}/conversations", body), 201)


def make(api, decision: dict, **extra) -> dict:
    body = {"consent": True, "consent_note": "Mor samtykker mundtligt", "hearing_on": "2025-11-11", **extra}
    return ok(send(api, "post", f"/api/v1/decisions/{decision['id']}/make", body), 201)


def by_code(obligations: list[dict]) -> dict[str, dict]:
    return {o["code"]: o for o in obligations}


def test_the_whole_path_of_a_section_32_measure(api, frozen, case, alice):
    decision = draft(api, case)
    assert decision["decided_on"] is None and decision["measure_id"] is None
    assert decision["type"]["code"] == "bl32_2"
    assert by_code(decision["obligations"])["child_conversation"]["due"] == "2025-11-20"

    conv = conversation(api, case)
    measure = make(api, decision, conversation_id=conv["id"])

    assert measure["status"] == "decided"
    assert measure["decided_on"] == TODAY
    assert measure["decision_id"] == decision["id"]
    made = ok(api.get(f"/api/v1/decisions/{decision['id']}"))
    assert made["measure_id"] == measure["id"]
    assert made["conversation_id"] == conv["id"]
    assert by_code(made["obligations"])["child_conversation"]["status"] == "met"

    started = ok(send(api, "post", f"/api/v1/measures/{measure['id']}/start", {"started_on": TODAY}))

    assert started["status"] == "started"
    assert by_code(started["obligations"])["first_followup"]["due"] == "2026-02-12"  # 3 months (§ 95, stk. 2)
    worklist = ok(api.get("/api/v1/worklist"))
    items = [i for group in worklist["groups"].values() for i in group]
    first = [i for i in items if i["code"] == "first_followup"]
    assert [(i["source"], i["source_id"], i["due"]) for i in first] == [
        ("measure", measure["id"], "2026-02-12")
    ]
    assert first[0] in worklist["groups"]["later"]
    obligations = by_code(ok(api.get(f"/api/v1/children/{case.pk}/obligations")))
    assert obligations["first_followup"]["due"] == "2026-02-12"
    assert obligations["first_followup"]["status"] == "open"
    overview = ok(api.get(f"/api/v1/children/{case.pk}/case"))
    assert overview["level"] == 3
    assert overview["history"] == [{"date": TODAY, "level": 3}]
    assert [m["id"] for m in overview["active_measures"]] == [measure["id"]]

    frozen.move_to(dt.datetime(2026, 2, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    followup = ok(
        send(
            api,
            "post",
            f"/api/v1/measures/{measure['id']}/followups",
            {
                "held_on": "2026-02-02",
                "assessment": "Morgenerne går bedre; Lukas kommer til tiden.",
                "schedule_reason": "Opfølgning hver tredje måned, fordi forløbet er stabilt.",
                "next_on": "2026-05-04",
            },
        ),
        201,
    )

    assert followup["next_on"] == "2026-05-04"
    assert followup["held_by"] == {"id": alice.pk, "name": "Alice Rådgiver"}
    assert [(o["code"], o["due"], o["status"]) for o in followup["obligations"]] == [
        ("followup", "2026-05-04", "open")
    ]
    obligations = by_code(ok(api.get(f"/api/v1/children/{case.pk}/obligations")))
    assert obligations["first_followup"]["status"] == "met"
    assert obligations["followup"]["due"] == "2026-05-04"
    assert obligations["followup"]["status"] == "open"
    detail = ok(api.get(f"/api/v1/measures/{measure['id']}"))
    assert [f["id"] for f in detail["followups"]] == [followup["id"]]
    assert {"first_followup", "followup"} <= set(by_code(detail["obligations"]))

    ended = ok(
        send(
            api,
            "post",
            f"/api/v1/measures/{measure['id']}/end",
            {"ended_on": "2026-02-02", "reason": "Målene er nået."},
        )
    )

    assert ended["status"] == "ended" and ended["end_reason"] == "Målene er nået."
    again = send(
        api,
        "post",
        f"/api/v1/measures/{measure['id']}/followups",
        {"held_on": "2026-02-02", "assessment": "Igen."},
    )
    assert again.status_code == 422
    assert "afsluttet" in again.json()["detail"]
    assert "followup" not in by_code(ok(api.get(f"/api/v1/children/{case.pk}/obligations")))


def test_a_measure_cannot_start_before_its_decision(api, case):
    measure = make(api, draft(api, case), conversation_id=conversation(api, case)["id"])

    response = send(api, "post", f"/api/v1/measures/{measure['id']}/start", {"started_on": "2025-11-01"})

    assert response.status_code == 422
    assert "started_on" in response.json()["errors"]
    assert Measure.objects.get(pk=measure["id"]).started_on is None


def test_a_decision_needs_the_childs_view_or_a_reason_to_depart_from_it(api, case):
    decision = draft(api, case)

    response = send(
        api, "post", f"/api/v1/decisions/{decision['id']}/make", {"consent": True, "hearing_on": "2025-11-11"}
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "§ 5, stk. 3" in errors["conversation_id"][0]
    assert not Measure.objects.exists()
    measure = make(api, decision, conversation_exception="Barnet er for lille til en samtale (§ 5, stk. 4).")
    assert measure["status"] == "decided"
    twice = send(api, "post", f"/api/v1/decisions/{decision['id']}/make", {"conversation_id": 1})
    assert twice.status_code == 422


def test_a_decision_without_consent_or_hearing_is_refused_with_reasons(api, case):
    decision = draft(api, case)
    conv = conversation(api, case)

    response = send(api, "post", f"/api/v1/decisions/{decision['id']}/make", {"conversation_id": conv["id"]})

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"consent", "hearing_on"}


def test_a_conversation_about_another_child_cannot_be_used(api, case, sibling, alice):
    sibling.caseworker = alice
    sibling.save()
    other = conversation(api, sibling)

    response = send(
        api,
        "post",
        f"/api/v1/decisions/{draft(api, case)['id']}/make",
        {"consent": True, "hearing_on": "2025-11-11", "conversation_id": other["id"]},
    )

    assert response.status_code == 422
    assert response.json()["errors"]["conversation_id"] == ["Findes ikke på barnets sag."]


def test_a_placement_needs_a_place_type(api, case):
    response = send(
        api,
        "post",
        f"/api/v1/children/{case.pk}/decisions",
        {
            "type_code": "anb_almen",
            "planned_on": "2025-11-20",
            "purpose": "Tryg opvækst.",
            "expected_duration": "2 år",
            "reasoning": "Omsorgssvigt.",
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"]["place_type"] == [
        "En anbringelse kræver et anbringelsessted (§ 43, stk. 1)."
    ]
    assert not Decision.objects.exists()


def test_the_draft_is_checked_field_by_field(api, case, other_municipality):
    foreign = MeasureType.objects.create(
        municipality=other_municipality,
        code="andet",
        title="Andetrups støtte",
        paragraph="BL § 32",
        kind="supportive",
        level=3,
    )

    empty = send(
        api,
        "post",
        f"/api/v1/children/{case.pk}/decisions",
        {
            "type_code": "bl32_2",
            "planned_on": "2025-11-20",
            "purpose": " ",
            "expected_duration": "",
            "reasoning": "",
            "without_consent": True,
        },
    )
    bad_date = send(
        api,
        "post",
        f"/api/v1/children/{case.pk}/decisions",
        {
            "type_code": "bl32_2",
            "planned_on": "20.11.2025",
            "purpose": "x",
            "expected_duration": "x",
            "reasoning": "x",
        },
    )

    assert empty.status_code == 422
    assert set(empty.json()["errors"]) == {"purpose", "expected_duration", "reasoning", "without_consent"}
    assert bad_date.status_code == 422
    assert "planned_on" in bad_date.json()["errors"]
    complete = {"planned_on": "2025-11-20", "purpose": "x", "expected_duration": "x", "reasoning": "x"}
    foreign_type = send(
        api, "post", f"/api/v1/children/{case.pk}/decisions", {"type_id": foreign.pk, **complete}
    )
    assert foreign_type.status_code == 422
    assert foreign_type.json()["errors"] == {"type_id": ["Vælg en indsats fra kommunens katalog."]}


def test_the_municipalitys_own_type_is_chosen_by_code(api, case, municipality):
    own = MeasureType.objects.create(
        municipality=municipality,
        code="bl32_2",
        title="Testrups hjemmestøtte",
        paragraph="BL § 32, stk. 1, nr. 2",
        kind="supportive",
        level=3,
        provider="Familiehuset",
        unit="hour",
        unit_price="650.00",
    )

    decision = draft(api, case, type_id=None, type_code="bl32_2")

    assert decision["type"]["id"] == own.pk


def test_supervision_visits_belong_to_placements_and_followups_to_started_measures(api, case):
    measure = make(api, draft(api, case), conversation_id=conversation(api, case)["id"])

    early = send(
        api,
        "post",
        f"/api/v1/measures/{measure['id']}/followups",
        {"held_on": TODAY, "assessment": "x", "schedule_reason": "y"},
    )
    ok(send(api, "post", f"/api/v1/measures/{measure['id']}/start", {"started_on": TODAY}))
    visit = send(
        api,
        "post",
        f"/api/v1/measures/{measure['id']}/supervision-visits",
        {"visited_on": TODAY, "note": "x"},
    )
    first_without_reason = send(
        api, "post", f"/api/v1/measures/{measure['id']}/followups", {"held_on": TODAY, "assessment": "x"}
    )

    assert early.status_code == 422
    assert visit.status_code == 422 and "anbringelse" in visit.json()["detail"]
    assert first_without_reason.status_code == 422
    assert "schedule_reason" in first_without_reason.json()["errors"]
    assert not FollowUp.objects.exists() and not SupervisionVisit.objects.exists()


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


def test_the_catalogue_is_the_municipalitys(token_for, alice, eva, olga, municipality, other_municipality):
    MeasureType.objects.create(
        municipality=municipality,
        code="testrup_1",
        title="Testrups familiehus",
        paragraph="BL § 32",
        kind="supportive",
        level=3,
        unit="hour",
        unit_price="650.00",
    )
    otto = Staff.objects.create_user(username="otto", role=Role.CASEWORKER, municipality=other_municipality)

    mine = ok(token_for(alice).get("/api/v1/measure-types"))
    theirs = ok(token_for(otto).get("/api/v1/measure-types"))

    codes = {t["code"]: t for t in mine}
    assert {"bl32_2", "anb_almen", "testrup_1"} <= set(codes)
    assert codes["testrup_1"]["own"] is True and codes["testrup_1"]["unit_price"] == "650.00"
    assert codes["bl32_2"]["own"] is False
    assert "bl32_2" in {t["code"] for t in theirs}
    assert "testrup_1" not in {t["code"] for t in theirs}
    assert token_for(eva).get("/api/v1/measure-types").status_code == 403
    assert token_for(olga).get("/api/v1/measure-types").status_code == 403  # reception decides no measures


@pytest.fixture
def records(api, case):
    """A drafted decision, and a made and started § 32 measure."""
    pending = draft(api, case)
    measure = make(api, draft(api, case), conversation_id=conversation(api, case)["id"])
    ok(send(api, "post", f"/api/v1/measures/{measure['id']}/start", {"started_on": TODAY}))
    return {"decision": pending["id"], "measure": measure["id"], "child": case.pk}


ENDPOINTS = [
    (
        "post",
        "/api/v1/children/{child}/decisions",
        {
            "type_code": "bl32_2",
            "planned_on": TODAY,
            "purpose": "x",
            "expected_duration": "x",
            "reasoning": "x",
        },
    ),
    ("get", "/api/v1/decisions/{decision}", None),
    (
        "post",
        "/api/v1/decisions/{decision}/make",
        {"consent": True, "hearing_on": TODAY, "conversation_exception": "x"},
    ),
    ("get", "/api/v1/measures/{measure}", None),
    ("post", "/api/v1/measures/{measure}/start", {"started_on": TODAY}),
    ("post", "/api/v1/measures/{measure}/end", {"ended_on": TODAY, "reason": "x"}),
    (
        "post",
        "/api/v1/measures/{measure}/followups",
        {"held_on": TODAY, "assessment": "x", "schedule_reason": "y"},
    ),
    ("post", "/api/v1/measures/{measure}/supervision-visits", {"visited_on": TODAY, "note": "x"}),
]


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
def test_people_without_the_case_are_refused_everywhere(request, token_for, records, persona):
    client = token_for(request.getfixturevalue(persona))
    before = (
        Decision.objects.count(),
        Measure.objects.filter(ended_on__isnull=True).count(),
        FollowUp.objects.count(),
    )

    for method, url, body in ENDPOINTS:
        response = send(client, method, url.format(**records), body)
        assert response.status_code == 404, (persona, method, url, response.content)

    assert (
        Decision.objects.count(),
        Measure.objects.filter(ended_on__isnull=True).count(),
        FollowUp.objects.count(),
    ) == before
    assert Decision.objects.get(pk=records["decision"]).decided_on is None


def test_people_added_to_the_case_may_read_but_not_act(api, token_for, records, bob):
    ok(
        send(
            api,
            "post",
            f"/api/v1/children/{records['child']}/access",
            {"staff_id": bob.pk, "reason": "Vikar"},
        ),
        201,
    )
    client = token_for(bob)

    for method, url, body in ENDPOINTS:
        response = send(client, method, url.format(**records), body)
        assert response.status_code == (200 if method == "get" else 403), (method, url, response.content)


def test_unknown_ids_are_404(api):
    assert api.get("/api/v1/decisions/999999").status_code == 404
    assert api.get("/api/v1/measures/999999").status_code == 404
    assert send(api, "post", "/api/v1/measures/999999/start", {"started_on": TODAY}).status_code == 404
    body = {
        "type_code": "bl32_2",
        "planned_on": TODAY,
        "purpose": "x",
        "expected_duration": "x",
        "reasoning": "x",
    }
    assert send(api, "post", "/api/v1/children/999999/decisions", body).status_code == 404


EXPECTED = {
    "/api/v1/measure-types": "get",
    "/api/v1/children/{child_id}/decisions": "post",
    "/api/v1/decisions/{decision_id}": "get",
    "/api/v1/decisions/{decision_id}/make": "post",
    "/api/v1/measures/{measure_id}": "get",
    "/api/v1/measures/{measure_id}/start": "post",
    "/api/v1/measures/{measure_id}/end": "post",
    "/api/v1/measures/{measure_id}/followups": "post",
    "/api/v1/measures/{measure_id}/supervision-visits": "post",
}


def test_the_openapi_document_lists_the_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {p: m for p, m in EXPECTED.items() if m not in paths.get(p, {})} == {}
    make = paths["/api/v1/decisions/{decision_id}/make"]["post"]
    assert {"201", "403", "404", "422"} <= set(make["responses"])


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


def test_a_draft_that_will_not_be_made_is_withdrawn_with_its_deadline(api, token_for, case, bob):
    pending = draft(api, case)
    assert "child_conversation" in {o["code"] for o in ok(api.get(f"/api/v1/children/{case.pk}/obligations"))}

    assert (
        send(
            token_for(bob), "post", f"/api/v1/decisions/{pending['id']}/withdraw", {"reason": "x"}
        ).status_code
        == 404
    )
    assert (
        send(api, "post", f"/api/v1/decisions/{pending['id']}/withdraw", {"reason": " "}).status_code == 422
    )
    withdrawn = ok(
        send(api, "post", f"/api/v1/decisions/{pending['id']}/withdraw", {"reason": "Familien flytter."})
    )

    assert withdrawn["withdrawn_reason"] == "Familien flytter."
    assert "child_conversation" not in {
        o["code"] for o in ok(api.get(f"/api/v1/children/{case.pk}/obligations"))
    }
    assert ok(api.get(f"/api/v1/children/{case.pk}/case"))["drafts"] == []
    made = send(
        api,
        "post",
        f"/api/v1/decisions/{pending['id']}/make",
        {"consent": True, "conversation_exception": "x"},
    )
    assert made.status_code == 422
