"""Decisions through /api/v1: drafting from the municipality's catalogue, making them with the child's view,
consent and hearing, and withdrawing a draft. Alice is Lukas' caseworker."""

from __future__ import annotations

import pytest

from tidlig.interventions.models import Decision, Measure, MeasureType
from tidlig.interventions.tests.api_helpers import (
    conversation,
    draft,
    make,
    ok,
    send,
)
from tidlig.organisation.models import Role, Staff

pytestmark = pytest.mark.usefixtures("frozen")


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
    assert response.json()["errors"]["conversation_id"] == [
        "Findes ikke på barnets sag. Vælg en på barnets sag."
    ]


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
        "En anbringelse kræver et anbringelsessted (§ 43, stk. 1). Vælg anbringelsesstedet."
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
