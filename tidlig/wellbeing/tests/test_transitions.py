"""Overgang: a handover goes to the school only with a custody holder's consent; ratings never follow."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_staff
from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import Role
from tidlig.people.models import Guardianship, Person
from tidlig.wellbeing.models import Group, GroupMember, Rating, Transition

API = "/api/v1/children/{}/transitions"


@pytest.fixture
def sol(municipality, org):
    return make_staff(
        "sol", Role.INSTITUTION_LEADER, municipality, institution=org["syd_skole"], name="Sol Skoleleder"
    )


@pytest.fixture
def klasse(org, kim):
    g = Group.objects.create(institution=org["syd_skole"], name="0.A")
    g.educators.add(kim)
    return g


def payload(org, mother, **override):
    return {
        "to_institution_id": org["syd_skole"].pk,
        "summary": "Lukas elsker at bygge og har brug for en fast voksen om morgenen.",
        "consent_by_id": mother.pk,
        "consent_on": timezone.localdate().isoformat(),
    } | override


def test_the_educator_sends_a_handover_with_the_parents_consent(client_for, eva, child, group, org, mother):
    response = client_for(eva).post(
        API.format(child.pk), payload(org, mother), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    t = Transition.objects.get()
    assert (t.from_institution, t.to_institution, t.consent_by) == (
        org["solsikken"],
        org["syd_skole"],
        mother,
    )
    assert AuditEntry.objects.filter(action="wellbeing.transition.sent", child_id=child.pk).exists()


def test_without_consent_nothing_is_sent(client_for, eva, child, group, org, mother):
    response = client_for(eva).post(
        API.format(child.pk), payload(org, mother, consent_by_id=None), content_type="application/json"
    )
    assert response.status_code == 422
    assert "samtykke" in response.json()["errors"]["consent_by_id"][0]
    assert not Transition.objects.exists()


def test_the_form_refuses_without_consent_and_keeps_what_was_typed(client_for, eva, child, group, org):
    response = client_for(eva).post(
        f"/trivsel/barn/{child.pk}/overgang/ny/",
        {"to_institution": org["syd_skole"].pk, "consent_on": "01.11.2026", "summary": "Glad for at tegne"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Uden samtykke sendes intet" in html and "Glad for at tegne" in html
    assert not Transition.objects.exists()


def test_consent_must_come_from_a_custody_holder_and_not_from_the_future(
    client_for, eva, child, group, org, mother, municipality
):
    father = Person.objects.create(municipality=municipality, first_name="Far", last_name="Jensen")
    Guardianship.objects.create(child=child, person=father, relation="father", has_custody=False)
    c = client_for(eva)
    r = c.post(
        API.format(child.pk), payload(org, mother, consent_by_id=father.pk), content_type="application/json"
    )
    assert r.status_code == 422 and "consent_by_id" in r.json()["errors"]
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    r = c.post(
        API.format(child.pk), payload(org, mother, consent_on=tomorrow), content_type="application/json"
    )
    assert r.status_code == 422 and "fremtiden" in r.json()["errors"]["consent_on"][0]
    assert not Transition.objects.exists()


def test_the_daycare_leader_may_write_and_the_form_opens(client_for, lea, child, group):
    assert client_for(lea).get(f"/trivsel/barn/{child.pk}/overgang/ny/").status_code == 200


@pytest.mark.parametrize("persona", ["kim", "frida", "mads", "sara", "olga"])
def test_others_cannot_write_a_handover(client_for, persona, request, lea, child, group, org, mother):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(f"/trivsel/barn/{child.pk}/overgang/ny/").status_code in (403, 404)
    r = client_for(user).post(API.format(child.pk), payload(org, mother), content_type="application/json")
    assert r.status_code == 404
    assert not Transition.objects.exists()
    assert client_for(lea).get(f"/trivsel/barn/{child.pk}/overgang/ny/").status_code == 200
    r = client_for(lea).post(API.format(child.pk), payload(org, mother), content_type="application/json")
    assert r.status_code == 201, r.content


def test_the_school_sees_the_summary_but_never_the_daycares_ratings(
    client_for, eva, kim, sol, lea, child, group, klasse, org, mother, period
):
    Rating.objects.create(
        municipality=child.municipality, institution=org["solsikken"], period=period, group=group, child=child,
        kind="joint", rater=eva, colour="red", note="Meget ked af det i garderoben", rated_at=timezone.now(),
    )  # fmt: skip
    client_for(eva).post(API.format(child.pk), payload(org, mother), content_type="application/json")
    assert client_for(kim).get("/api/v1/wellbeing/transitions").json() == []  # not yet in kim's class
    assert "Lukas elsker" in client_for(sol).get("/trivsel/overgange/").content.decode()
    assert client_for(lea).get("/api/v1/wellbeing/transitions").json() == []  # the sender is not the receiver

    GroupMember.objects.create(group=klasse, child=child, joined_on=timezone.localdate())
    listed = client_for(kim).get("/trivsel/overgange/").content.decode()
    assert "Lukas elsker" in listed and "garderoben" not in listed
    parents_page = client_for(kim).get(f"/trivsel/barn/{child.pk}/foraeldre/").content.decode()
    assert "Lukas elsker" in parents_page and "garderoben" not in parents_page
    t = Transition.objects.get()
    assert client_for(kim).get(f"/api/v1/wellbeing/transitions/{t.pk}").status_code == 200
    assert client_for(eva).get(f"/api/v1/wellbeing/transitions/{t.pk}").status_code == 404
    assert AuditEntry.objects.filter(actor=kim, action="people.child.viewed", child_id=child.pk).exists()
