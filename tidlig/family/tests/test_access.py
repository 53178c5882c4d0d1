"""Who sees which child on the family's pages (issue 14 § 2), and that every read names the citizen in the log."""

from __future__ import annotations

import pytest
from django.test import Client

from tidlig.audit.models import AuditEntry
from tidlig.audit.services import citizen_key

from .conftest import ENDED_CPR, GRANDMOTHER_CPR, STRANGER_CPR, YOUNG_CPR, YOUNGER_CPR
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


@pytest.mark.django_db
def test_a_parent_whose_custody_ended_sees_nothing_of_the_case_before_or_after(
    case_file, child, municipality
):
    """docs/law.md: party status is judged when they read; Guardianship keeps no end date, so nothing of the case."""
    from tidlig.people.models import Guardianship, Person

    former = Person.objects.create(
        municipality=municipality, cpr=ENDED_CPR, first_name="Kurt", last_name="Jensen"
    )
    Guardianship.objects.create(child=child, person=former, relation="father", has_custody=False)
    client = citizen_client(ENDED_CPR)

    page = client.get(f"/borger/boern/{child.pk}/").text

    assert "I har ikke forældremyndigheden" in page
    assert "Lukas kommer i skole" not in page and "Afgørelsen er fra" not in page
    assert client.get(f"/borger/boern/{child.pk}/afgoerelser/{case_file['made'].pk}/").status_code == 404


@pytest.mark.django_db
def test_the_parent_without_custody_reads_what_the_daycare_recorded_and_a_stranger_does_not(child, father):
    records = citizen_client(father.cpr).get(f"/borger/boern/{child.pk}/dagtilbud-og-skole/")
    pdf = citizen_client(father.cpr).get(f"/borger/boern/{child.pk}/dagtilbud-og-skole.pdf")

    assert records.status_code == 200 and "Solsikken" in records.text
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        citizen_client(STRANGER_CPR).get(f"/borger/boern/{child.pk}/dagtilbud-og-skole/").status_code == 404
    )


@pytest.mark.django_db
def test_a_child_of_18_and_an_unborn_child_are_not_on_the_page(child, mother, municipality):
    import datetime as dt

    from tidlig.people.models import Child, Guardianship

    grown = Child.objects.create(
        municipality=municipality, first_name="Anders", last_name="Jensen", birth_date=dt.date(2008, 1, 1)
    )
    unborn = Child.objects.create(municipality=municipality, is_unborn=True, expecting_mother=mother)
    for c in (grown, unborn):
        Guardianship.objects.create(child=c, person=mother, relation="mother", has_custody=True)

    home = citizen_client(MOTHER_CPR).get("/borger/").text

    assert "Lukas Jensen" in home and "Anders" not in home and "Ufødt" not in home


@pytest.mark.django_db
def test_the_quality_role_finds_a_citizens_reads_in_the_childs_access_log(child, municipality, client_for):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    citizen_client(MOTHER_CPR).get(f"/borger/boern/{child.pk}/")
    karen = make_staff("karen", Role.QUALITY, municipality, name="Karen Kvalitet")

    answer = client_for(karen).get(f"/api/v1/audit/child-entries?child_id={child.pk}").json()
    page = client_for(karen).get(f"/adgangslog/barn/{child.pk}/")

    read = next(e for e in answer["items"] if e["view"] == "family.child")
    assert read["actor"] is None and read["citizen"] == citizen_key(MOTHER_CPR)
    assert MOTHER_CPR not in str(answer)
    assert "Borger på familiens side" in page.text
