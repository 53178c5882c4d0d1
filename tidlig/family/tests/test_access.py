"""Who sees which child on the family's pages (issue 14 § 2), and that every read names the citizen in the log."""

from __future__ import annotations

import pytest
from django.test import Client

from tidlig.audit.models import AuditEntry
from tidlig.audit.services import citizen_key

from .conftest import GRANDMOTHER_CPR, STRANGER_CPR, YOUNG_CPR, YOUNGER_CPR
from .helpers import citizen_client

MOTHER_CPR = "0303851234"  # conftest's mother, Mette Jensen


@pytest.mark.django_db
def test_a_mother_with_custody_sees_her_children_and_the_read_is_logged_under_her_key(child, sibling, alice):
    child.caseworker = alice
    child.save()
    client = citizen_client(MOTHER_CPR, "Mette Jensen")

    home = client.get("/borger/")
    page = client.get(f"/borger/boern/{child.pk}/")

    assert home.status_code == 200
    assert "Lukas Jensen" in home.text and "Ida Jensen" in home.text
    assert "I har forældremyndigheden" in home.text
    assert page.status_code == 200
    assert alice.get_full_name() in page.text
    rows = AuditEntry.objects.filter(action="people.child.viewed", child_id=child.pk)
    assert {(r.actor_id, r.citizen, r.data["view"]) for r in rows} == {
        (None, citizen_key(MOTHER_CPR), "family.home"),
        (None, citizen_key(MOTHER_CPR), "family.child"),
    }
    assert not AuditEntry.objects.filter(citizen=MOTHER_CPR).exists()  # the key, never the number


@pytest.mark.django_db
def test_the_father_without_custody_sees_the_child_but_not_the_case(child, father, alice):
    child.caseworker = alice
    child.save()
    client = citizen_client(father.cpr, "Jonas Jensen")

    home = client.get("/borger/")
    page = client.get(f"/borger/boern/{child.pk}/")

    assert "Lukas Jensen" in home.text
    assert "I har ikke forældremyndigheden" in home.text
    assert page.status_code == 200
    assert "forældreansvarsloven § 23" in page.text
    assert alice.get_full_name() not in page.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cpr",
    [GRANDMOTHER_CPR, STRANGER_CPR, YOUNGER_CPR],
    ids=["grandmother in the network", "stranger", "young person of 14"],
)
def test_refused_personas_see_a_friendly_page_and_no_child(cpr, child, grandmother, younger):
    client = citizen_client(cpr)

    home = client.get("/borger/")

    assert home.status_code == 200
    assert "Vi kan ikke finde nogen børn" in home.text
    assert "Lukas" not in home.text and "Malte" not in home.text
    assert client.get(f"/borger/boern/{child.pk}/").status_code == 404
    assert client.get(f"/borger/boern/{younger.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="people.child.viewed").exists()


@pytest.mark.django_db
def test_the_young_person_of_16_sees_their_own_case_and_nobody_elses(young, child):
    client = citizen_client(YOUNG_CPR, "Sofie Holm")

    home = client.get("/borger/")

    assert "Min egen sag" in home.text
    assert client.get(f"/borger/boern/{young.pk}/").status_code == 200
    assert client.get(f"/borger/boern/{child.pk}/").status_code == 404


@pytest.mark.django_db
def test_another_familys_child_a_missing_one_and_nonsense_all_answer_404(child, sibling, young):
    client = citizen_client(MOTHER_CPR)

    for path in (f"/borger/boern/{young.pk}/", "/borger/boern/999999/", f"/borger/boern/{2**70}/"):
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
def test_a_guest_and_a_staff_member_are_sent_to_the_citizens_sign_in(child, alice, client_for):
    for client in (Client(), client_for(alice)):
        r = client.get(f"/borger/boern/{child.pk}/")

        assert r.status_code == 302
        assert r["Location"].startswith("/borger/log-ind/?next=")


@pytest.mark.django_db
def test_the_api_answers_the_citizen_and_no_one_else(child, alice, token_for):
    client = citizen_client(MOTHER_CPR)

    mine = client.get("/api/v1/family/children")
    one = client.get(f"/api/v1/family/children/{child.pk}")
    staff = token_for(alice)

    assert mine.status_code == 200
    assert [c["name"] for c in mine.json()] == ["Lukas Jensen"]
    assert one.json()["standing"] == "custody" and one.json()["sees_case"] is True
    assert client.get("/api/v1/family/children/999999").status_code == 404
    assert staff.get("/api/v1/family/children").status_code == 401
