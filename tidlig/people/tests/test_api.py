"""POST and GET /api/v1/children: reception registers and finds children; every read is logged."""

from __future__ import annotations

import json

from tidlig.audit.models import AuditEntry
from tidlig.people.models import Child

URL = "/api/v1/children"


def create(client, **overrides):
    body = {"cpr": "010120-4231", "first_name": "Noah", "last_name": "Nielsen", "address": "Skolevej 1"}
    body.update(overrides)
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_reception_registers_a_child(token_for, rita, org):
    response = create(token_for(rita), institution_id=org["solsikken"].pk)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["cpr"] == "0101204231"
    assert body["birth_date"] == "2020-01-01"
    assert body["sex"] == "M"  # odd last digit
    assert body["institution_id"] == org["solsikken"].pk
    assert body["district_id"] == org["nord"].pk  # follows the institution
    child = Child.objects.get(pk=body["id"])
    assert child.first_name == "Noah"
    assert AuditEntry.objects.filter(actor=rita, action="people.child.registered", child_id=child.pk).exists()


def test_an_invalid_cpr_is_refused_in_danish(token_for, rita):
    response = create(token_for(rita), cpr="321318-1234")

    assert response.status_code == 422
    assert "gyldig fødselsdato" in response.json()["errors"]["cpr"][0]
    assert not Child.objects.exists()


def test_an_adult_is_not_a_child(token_for, rita):
    response = create(token_for(rita), cpr="010180-1234")

    assert response.status_code == 422
    assert "ikke et barn" in response.json()["errors"]["cpr"][0]


def test_a_known_child_is_not_registered_twice(token_for, rita, child):
    response = create(token_for(rita), cpr="150418-4235")

    assert response.status_code == 422
    assert response.json()["errors"]["cpr"] == ["Barnet findes allerede. Søg det frem på CPR-nummeret."]
    assert Child.objects.filter(cpr="1504184235").count() == 1


def test_missing_names_are_named(token_for, rita):
    response = create(token_for(rita), first_name=" ", last_name="")

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["first_name"] == ["Skriv barnets fornavn."]
    assert errors["last_name"] == ["Skriv barnets efternavn."]


def test_an_educator_and_an_analyst_cannot_register_children(token_for, eva, ann, rita):
    for user in (eva, ann):
        response = create(token_for(user))
        assert response.status_code == 403, user
        assert response.json()["detail"] == "Du kan ikke oprette børn. Bed modtagelsen om at oprette barnet."
    assert not Child.objects.exists()
    assert create(token_for(rita)).status_code == 201


def test_another_municipality_cannot_use_testrups_institutions(token_for, olga, org):
    response = create(token_for(olga), institution_id=org["solsikken"].pk)

    assert response.status_code == 422
    assert response.json()["errors"]["institution_id"] == [
        "Institutionen findes ikke i kommunen. Tjek institutionens id."
    ]
    assert not Child.objects.exists()


def test_the_same_cpr_may_exist_in_two_municipalities(token_for, olga, child):
    """A family that moves is registered in the new municipality; Testrup's row is not revealed."""
    response = create(token_for(olga), cpr="150418-4235")

    assert response.status_code == 201, response.content
    assert response.json()["id"] != child.pk


def test_reception_finds_a_child_by_cpr_and_the_lookup_is_logged(token_for, rita, child):
    response = token_for(rita).get(URL, {"cpr": "150418-4235"})

    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [child.pk]
    assert response.json()[0]["first_name"] == "Lukas"
    assert (
        AuditEntry.objects.filter(
            actor=rita, action="people.child.viewed", child_id=child.pk, data__view="lookup"
        ).count()
        == 1
    )


def test_an_unknown_cpr_finds_nobody(token_for, rita, child):
    response = token_for(rita).get(URL, {"cpr": "010120-4231"})

    assert response.status_code == 200
    assert response.json() == []
    assert not AuditEntry.objects.filter(action="people.child.viewed").exists()


def test_an_invalid_cpr_in_a_lookup_is_explained(token_for, rita):
    response = token_for(rita).get(URL, {"cpr": "12345"})

    assert response.status_code == 422
    assert "10 cifre" in response.json()["errors"]["cpr"][0]


def test_another_municipality_finds_nothing_of_testrup(token_for, olga, child):
    found = token_for(olga).get(URL, {"cpr": "150418-4235"})
    direct = token_for(olga).get(f"{URL}/{child.pk}")

    assert found.status_code == 200
    assert found.json() == []
    assert direct.status_code == 404
    assert "Lukas" not in found.content.decode() + direct.content.decode()


def test_a_caseworker_without_the_child_cannot_look_it_up(token_for, bob, rita, child):
    found = token_for(bob).get(URL, {"cpr": "150418-4235"})
    direct = token_for(bob).get(f"{URL}/{child.pk}")

    assert found.json() == []
    assert direct.status_code == 404
    assert not AuditEntry.objects.filter(actor=bob, action="people.child.viewed").exists()
    assert token_for(rita).get(f"{URL}/{child.pk}").status_code == 200
    assert [c["id"] for c in token_for(rita).get(URL, {"cpr": "150418-4235"}).json()] == [child.pk]


def test_reading_a_child_logs_the_access(token_for, rita, child):
    response = token_for(rita).get(f"{URL}/{child.pk}")

    assert response.status_code == 200
    assert response.json()["cpr"] == "1504184235"
    entry = AuditEntry.objects.get(actor=rita, action="people.child.viewed", child_id=child.pk)
    assert entry.data == {"view": "child"}


def test_children_require_authentication(db, client, child):
    assert client.get(URL, {"cpr": "150418-4235"}).status_code == 401
    assert client.get(f"{URL}/{child.pk}").status_code == 401


def test_an_educator_finds_a_child_of_her_institution_but_learns_nothing_of_a_case(
    token_for, eva, rita, alice, child
):
    """Issue 8: `caseworker_id` told an educator which children have a case. Only case handlers see it."""
    child.caseworker = alice
    child.save(update_fields=["caseworker"])

    found = token_for(eva).get(URL, {"cpr": "150418-4235"})
    at_reception = token_for(rita).get(URL, {"cpr": "150418-4235"})

    assert found.status_code == 200
    assert [c["id"] for c in found.json()] == [child.pk]
    assert "caseworker_id" not in found.json()[0]
    assert at_reception.status_code == 200
    assert at_reception.json()[0]["caseworker_id"] == alice.pk


def test_an_institution_leader_learns_nothing_of_a_case_either(token_for, lea, sara, alice, child):
    child.caseworker = alice
    child.save(update_fields=["caseworker"])

    found = token_for(lea).get(URL, {"cpr": "150418-4235"})
    by_cross_team = token_for(sara).get(URL, {"cpr": "150418-4235"})

    assert found.status_code == 200
    assert [c["id"] for c in found.json()] == [child.pk]
    assert "caseworker_id" not in found.json()[0]
    assert by_cross_team.status_code == 200
    assert by_cross_team.json() == []  # the cross-disciplinary team does not look children up by CPR
    assert token_for(alice).get(f"{URL}/{child.pk}").json()["caseworker_id"] == alice.pk
