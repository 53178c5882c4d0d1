"""The child's network through /api/v1 with the pages' permissions: the case's owners write, people added to
the case read, everyone else is told the child does not exist; every read is logged."""

from __future__ import annotations

import json

import pytest

from tidlig.audit.models import AuditEntry
from tidlig.genogram.models import NetworkPerson, Relation


def send(client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def case(child, alice):
    child.caseworker = alice
    child.save()
    return child


def test_the_caseworker_builds_a_network_through_the_api(case, alice, mother, token_for):
    api = token_for(alice)

    brought = api.post(f"/api/v1/children/{case.pk}/network/from-register")
    grandma = send(api, "post", f"/api/v1/children/{case.pk}/network/people",
                   {"first_name": "Grethe", "role": "mormor", "sex": "F", "closeness": 1, "bond": "resource",
                    "is_resource": True, "network_foster": True})  # fmt: skip
    people = api.get(f"/api/v1/children/{case.pk}/network/people").json()
    mette = next(p for p in people if p["first_name"] == "Mette")
    tie = send(api, "post", f"/api/v1/children/{case.pk}/network/relations",
               {"a_id": grandma.json()["id"], "kind": "parent", "b_id": mette["id"]})  # fmt: skip
    whole = api.get(f"/api/v1/children/{case.pk}/network").json()
    svg = api.get(f"/api/v1/children/{case.pk}/network/genogram.svg")

    assert brought.status_code == 200 and [p["first_name"] for p in brought.json()] == ["Mette"]
    assert grandma.status_code == 201 and grandma.json()["network_foster"] is True
    assert people[0]["is_child"] is True and mette["linked_person_id"] == mother.pk and mette["has_custody"]
    assert tie.status_code == 201
    assert whole["can_edit"] is True and len(whole["relations"]) == 2
    assert (
        svg.status_code == 200
        and svg["Content-Type"].startswith("image/svg+xml")
        and b"Grethe" in svg.content
    )


def test_errors_are_named_in_one_answer(case, alice, token_for):
    r = send(token_for(alice), "post", f"/api/v1/children/{case.pk}/network/people",
             {"first_name": " ", "cpr": "999999-9999", "sector": "moon", "closeness": 7})  # fmt: skip

    assert r.status_code == 422
    text = json.dumps(r.json(), ensure_ascii=False)
    for word in ("fornavn", "CPR", "del af netværket", "tæt"):
        assert word in text
    assert not NetworkPerson.objects.filter(child=case, is_child=False).exists()


def test_a_relation_to_someone_in_another_childs_network_is_refused(case, sibling, alice, token_for):
    sibling.caseworker = alice
    sibling.save()
    api = token_for(alice)
    here = send(api, "post", f"/api/v1/children/{case.pk}/network/people", {"first_name": "A"}).json()
    there = send(api, "post", f"/api/v1/children/{sibling.pk}/network/people", {"first_name": "B"}).json()

    r = send(api, "post", f"/api/v1/children/{case.pk}/network/relations",
             {"a_id": here["id"], "kind": "sibling", "b_id": there["id"]})  # fmt: skip

    assert r.status_code == 422 and "b_id" in json.dumps(r.json())
    assert not Relation.objects.exists()


def test_update_and_delete(case, alice, token_for):
    api = token_for(alice)
    p = send(api, "post", f"/api/v1/children/{case.pk}/network/people", {"first_name": "Erik"}).json()

    changed = send(api, "put", f"/api/v1/network/people/{p['id']}",
                   {"first_name": "Erik", "role": "morfar", "sex": "M", "died_year": 2023})  # fmt: skip
    gone = api.delete(f"/api/v1/network/people/{p['id']}")

    assert changed.status_code == 200 and changed.json()["is_dead"] is True
    assert gone.status_code == 204 and not NetworkPerson.objects.filter(pk=p["id"]).exists()
    assert AuditEntry.objects.filter(action="genogram.person.updated", object_id=p["id"]).exists()


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
def test_outsiders_get_404_and_nothing_changes(case, alice, persona, token_for, request):
    p = send(
        token_for(alice), "post", f"/api/v1/children/{case.pk}/network/people", {"first_name": "X"}
    ).json()
    api = token_for(request.getfixturevalue(persona))

    assert api.get(f"/api/v1/children/{case.pk}/network").status_code == 404
    assert api.get(f"/api/v1/children/{case.pk}/network/map.svg").status_code == 404
    assert (
        send(api, "post", f"/api/v1/children/{case.pk}/network/people", {"first_name": "Y"}).status_code
        == 404
    )
    assert api.delete(f"/api/v1/network/people/{p['id']}").status_code == 404
    assert NetworkPerson.objects.filter(child=case).count() == 2


def test_a_colleague_with_read_access_reads_but_may_not_write(case, alice, bob, token_for):
    from tidlig.cases.models import CaseAccess

    CaseAccess.objects.create(child=case, staff=bob, granted_by=alice)
    api = token_for(bob)

    read = api.get(f"/api/v1/children/{case.pk}/network")
    write = send(api, "post", f"/api/v1/children/{case.pk}/network/people", {"first_name": "Y"})

    assert read.status_code == 200 and read.json()["can_edit"] is False
    assert write.status_code == 403
    assert AuditEntry.objects.filter(
        action="people.child.viewed", child_id=case.pk, actor=bob, data={"view": "network"}
    ).exists()


def test_huge_numbers_are_refused_without_a_server_error(case, alice, token_for):
    api = token_for(alice)
    me = send(api, "post", f"/api/v1/children/{case.pk}/network/people", {"first_name": "A"}).json()

    person = send(api, "post", f"/api/v1/children/{case.pk}/network/people",
                  {"first_name": "B", "born_year": 10**20, "closeness": 10**20})  # fmt: skip
    tie = send(api, "post", f"/api/v1/children/{case.pk}/network/relations",
               {"a_id": me["id"], "kind": "sibling", "b_id": 10**20})  # fmt: skip
    page = api.get(f"/api/v1/network/people/{10**20}")

    assert person.status_code == 422 and tie.status_code == 422
    assert page.status_code in (404, 405, 422)
