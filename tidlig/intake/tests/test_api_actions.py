"""Reception and the team leader through the API: acute assessment, receipt, routing and assignment."""

from __future__ import annotations

import pytest

from tidlig.intake.models import Letter, Notification
from tidlig.intake.tests.api_helpers import (
    URL,
    assess,
    assign,
    post,
    register_notification,
    status_of,
)


@pytest.fixture
def notification(token_for, rita, child) -> dict:
    return register_notification(token_for, rita)


# Acute assessment (§ 136, stk. 2)


def test_reception_records_the_acute_assessment(token_for, rita, notification):
    body = assess(token_for, rita, notification)

    assert body["acute_danger"] is False
    assert body["acute_note"] == "Ikke akut; barnet er i institution i dag."
    assert body["acute_assessed_at"] is not None
    assert status_of(body, "acute_assessment") == "met"


def test_the_acute_assessment_needs_a_reason(token_for, rita, notification):
    response = post(
        token_for(rita), f"{URL}/{notification['id']}/acute-assessment", {"danger": False, "note": " "}
    )

    assert response.status_code == 422
    assert response.json()["errors"]["note"] == ["Begrund vurderingen kort."]
    assert Notification.objects.get(pk=notification["id"]).acute_assessed_at is None


def test_the_acute_assessment_is_made_once(token_for, rita, notification):
    assess(token_for, rita, notification)

    response = post(
        token_for(rita), f"{URL}/{notification['id']}/acute-assessment", {"danger": True, "note": "x"}
    )

    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "Den akutte vurdering er allerede foretaget. Genindlæs siden for at se den."
    )


def test_an_educator_and_another_team_cannot_assess(token_for, eva, bob, ann, rita, notification):
    for user in (eva, bob, ann):
        response = post(
            token_for(user), f"{URL}/{notification['id']}/acute-assessment", {"danger": False, "note": "x"}
        )
        assert response.status_code == 404, user
    assert Notification.objects.get(pk=notification["id"]).acute_assessed_at is None
    rightful = post(
        token_for(rita), f"{URL}/{notification['id']}/acute-assessment", {"danger": False, "note": "x"}
    )
    assert rightful.status_code == 200, rightful.content


# Receipt (§ 138, stk. 1)


def test_the_receipt_draft_is_danish_and_cites_the_law(token_for, rita, notification):
    response = token_for(rita).get(f"{URL}/{notification['id']}/receipt-draft")

    assert response.status_code == 200
    draft = response.json()
    assert draft["medium"] == "email"
    assert draft["recipient"] == "laerke@skole.invalid"
    assert draft["subject"] == "Kvittering for modtaget underretning – Testrup Kommune"
    assert draft["body"].startswith("Kære Lærke Lærer")
    assert "§ 138" in draft["body"]
    assert "Testrup Kommune" in draft["body"]


def test_sending_the_receipt_without_a_body_sends_tidligs_draft(token_for, rita, notification, mailoutbox):
    client = token_for(rita)
    draft = client.get(f"{URL}/{notification['id']}/receipt-draft").json()

    response = post(client, f"{URL}/{notification['id']}/receipt")

    assert response.status_code == 201, response.content
    letter = response.json()
    assert letter["kind"] == "receipt"
    assert letter["body"] == draft["body"]
    assert letter["recipient"] == "laerke@skole.invalid"
    after = client.get(f"{URL}/{notification['id']}").json()
    assert after["receipt_sent_at"] is not None
    assert status_of(after, "receipt") == "met"
    assert Letter.objects.filter(notification_id=notification["id"], kind="receipt").count() == 1


def test_the_receipt_is_sent_once(token_for, rita, notification):
    client = token_for(rita)
    post(client, f"{URL}/{notification['id']}/receipt")

    response = post(client, f"{URL}/{notification['id']}/receipt", {"body": "Igen"})

    assert response.status_code == 422
    assert response.json()["detail"] == "Kvitteringen er allerede sendt. Genindlæs siden for at se den."
    assert Letter.objects.count() == 1


def test_an_analyst_cannot_send_the_receipt(token_for, ann, rita, notification):
    response = post(token_for(ann), f"{URL}/{notification['id']}/receipt")

    assert response.status_code == 404
    assert Letter.objects.count() == 0
    rightful = post(token_for(rita), f"{URL}/{notification['id']}/receipt")
    assert rightful.status_code in (200, 201), rightful.content
    assert Letter.objects.count() == 1


# Routing and assignment


def test_reception_routes_to_another_district_team(token_for, rita, org, notification):
    response = post(token_for(rita), f"{URL}/{notification['id']}/route", {"team_id": org["team_syd"].pk})

    assert response.status_code == 200, response.content
    assert response.json()["team"] == {"id": org["team_syd"].pk, "name": "Team Syd"}


def test_routing_to_the_reception_team_is_refused(token_for, rita, org, notification):
    response = post(token_for(rita), f"{URL}/{notification['id']}/route", {"team_id": org["reception"].pk})

    assert response.status_code == 422
    assert "distriktsteam" in response.json()["errors"]["team"][0]


def test_routing_to_another_municipalitys_team_is_refused(token_for, rita, olga, notification):
    response = post(token_for(rita), f"{URL}/{notification['id']}/route", {"team_id": olga.team_id})

    assert response.status_code == 422
    assert response.json()["errors"]["team_id"] == ["Teamet findes ikke i kommunen. Vælg et team fra listen."]


def test_the_team_leader_assigns_a_caseworker(token_for, tom, alice, notification, child):
    body = assign(token_for, tom, alice, notification)

    assert body["assignee"] == {"id": alice.pk, "name": "Alice Rådgiver"}
    child.refresh_from_db()
    assert child.caseworker == alice  # one caseworker per child from now on


def test_only_the_team_leader_assigns(token_for, rita, alice, tom, notification):
    refused = post(token_for(rita), f"{URL}/{notification['id']}/assign", {"caseworker_id": alice.pk})
    not_hers = post(token_for(alice), f"{URL}/{notification['id']}/assign", {"caseworker_id": alice.pk})
    assign(token_for, tom, alice, notification)
    hers_now = post(token_for(alice), f"{URL}/{notification['id']}/assign", {"caseworker_id": alice.pk})

    assert refused.status_code == 403
    assert refused.json()["detail"] == "Du kan ikke fordele underretningen."
    assert not_hers.status_code == 404  # before assignment alice does not know the case exists
    assert hers_now.status_code == 403


def test_a_team_leader_cannot_assign_someone_who_is_not_a_caseworker(token_for, tom, rita, notification):
    response = post(token_for(tom), f"{URL}/{notification['id']}/assign", {"caseworker_id": rita.pk})

    assert response.status_code == 422
    assert "rådgiver" in response.json()["errors"]["caseworker"][0]


def test_a_team_leader_cannot_assign_a_caseworker_of_another_team(
    token_for, tom, bob, org, child, notification
):
    """The page offers only team Nord's caseworkers; the API must not let Nord's leader give it to Syd."""
    response = post(token_for(tom), f"{URL}/{notification['id']}/assign", {"caseworker_id": bob.pk})

    assert response.status_code == 422, (response.status_code, response.content)
    assert "caseworker" in response.json()["errors"] or "caseworker_id" in response.json()["errors"]
    n = Notification.objects.get(pk=notification["id"])
    assert (n.assignee, n.team) == (None, org["team_nord"])
    child.refresh_from_db()
    assert child.caseworker is None
