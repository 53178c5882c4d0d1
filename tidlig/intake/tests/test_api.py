"""POST /api/v1/notifications: what an integration and an educator get back, and who is refused."""

from __future__ import annotations

import json

import pytest

from tidlig.audit.models import AuditEntry
from tidlig.intake.models import Notification

URL = "/api/v1/notifications"
RECEIVED = "2025-04-14T09:30:00+02:00"  # Monday before Easter 2025


def payload(**overrides) -> dict:
    body = {
        "child_cpr": "150418-4235",
        "received_at": RECEIVED,
        "notifier": {
            "kind": "professional",
            "name": "Lærke Lærer",
            "role": "Lærer",
            "workplace": "Testrup Skole",
            "email": "laerke@skole.invalid",
            "category": "2",
        },
        "text": "Lukas kommer ofte sulten i skole og har blå mærker på armene.",
        "reasons": ["neglect"],
    }
    body.update(overrides)
    return body


def post(client, body, **headers):
    return client.post(URL, data=json.dumps(body), content_type="application/json", headers=headers)


def by_code(obligations: list[dict]) -> dict[str, dict]:
    return {o["code"]: o for o in obligations}


def test_reception_registers_a_notification_with_its_obligations(token_for, rita, child):
    response = post(token_for(rita), payload())

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["child"] == {"id": child.pk, "name": "Lukas Jensen", "cpr": "1504184235"}
    assert body["received_at"] == RECEIVED
    assert body["channel"] == "api"
    assert body["notifier"]["name"] == "Lærke Lærer"
    assert body["team"]["name"] == "Team Nord"
    assert body["text"].startswith("Lukas kommer ofte sulten")
    obligations = by_code(body["obligations"])
    for o in body["obligations"]:
        # DESIGN.md § 2's shape, plus issue 10's days overdue and the page that meets it (næste skridt), and
        # issue 12's period (a recurring obligation keeps one row per period; 0 for a one-off)
        assert set(o) == {
            "code",
            "title",
            "law",
            "due",
            "status",
            "met_at",
            "days_overdue",
            "action_url",
            "period",
        }
        assert o["period"] == 0
        assert o["action_url"].startswith(f"/underretninger/{body['id']}/#")
    assert obligations["acute_assessment"]["due"] == "2025-04-15T09:30:00+02:00"
    assert obligations["acute_assessment"]["law"] == "BL § 136, stk. 2"
    # Easter (17, 18 and 21 April) is not counted: the sixth working day is Friday 25 April.
    assert obligations["receipt"] == {
        "code": "receipt",
        "title": "Kvittering til underretter",
        "law": "BL § 138, stk. 1",
        "due": "2025-04-25",
        "status": "overdue",
        "met_at": None,
        "days_overdue": 572,  # 25.04.2025 to the pinned 18.11.2026
        "action_url": f"/underretninger/{body['id']}/#receipt",
        "period": 0,
    }
    assert "notifier_feedback" in obligations  # a professional gets feedback (§ 138, stk. 2)
    assert "screening" in obligations
    assert Notification.objects.filter(child=child).count() == 1


def test_a_citizen_without_receipt_obligation_when_anonymous(token_for, rita, child):
    response = post(token_for(rita), payload(notifier={"kind": "anonymous"}))

    assert response.status_code == 201, response.content
    codes = {o["code"] for o in response.json()["obligations"]}
    assert "receipt" not in codes  # nobody to send it to
    assert "notifier_feedback" not in codes
    assert "acute_assessment" in codes


def test_a_retried_request_with_the_same_idempotency_key_is_not_registered_twice(token_for, rita, child):
    client = token_for(rita)

    first = post(client, payload(), **{"Idempotency-Key": "integration-42"})
    again = post(client, payload(), **{"Idempotency-Key": "integration-42"})

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Notification.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_a_conflict(token_for, rita, child):
    client = token_for(rita)
    post(client, payload(), **{"Idempotency-Key": "integration-42"})

    response = post(client, payload(text="En helt anden bekymring."), **{"Idempotency-Key": "integration-42"})

    assert response.status_code == 409
    assert "Idempotency-Key er allerede brugt" in response.json()["detail"]
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "danish"),
    [
        ({"child_cpr": "321318-1234"}, "child_cpr", "gyldig fødselsdato"),
        ({"child_cpr": "12345"}, "child_cpr", "10 cifre"),
        ({"received_at": "2099-01-01T09:00:00+01:00"}, "received_at", "i fremtiden"),
        ({"received_at": "2025-04-14T09:30:00"}, "received_at", "mangler tidszone"),
        ({"received_at": "14.04.2025 kl. 9"}, "received_at", "ISO 8601"),
        (
            {"notifier": {"kind": "professional", "workplace": "Skolen", "email": "a@b.invalid"}},
            "notifier_name",
            "§ 133",
        ),
        ({"child_cpr": "010120-4231"}, "child_cpr", "Kommunen kender ikke et barn"),
        ({"child_cpr": None, "child_id": 987654}, "child_id", "Barnet findes ikke"),
        ({"text": "   "}, "text", "Beskriv bekymringen"),
    ],
    ids=[
        "cpr-birth-date",
        "cpr-length",
        "future",
        "no-offset",
        "not-iso",
        "professional-without-name",
        "unknown-child",
        "unknown-child-id",
        "blank-text",
    ],
)
def test_an_invalid_notification_is_refused_in_danish_and_nothing_is_created(
    token_for, rita, child, overrides, field, danish
):
    response = post(token_for(rita), payload(**overrides))

    assert response.status_code == 422, response.content
    body = response.json()
    assert field in body["errors"], body
    assert any(danish in m for m in body["errors"][field]), body["errors"][field]
    assert body["detail"]  # a Danish sentence above the field errors
    assert Notification.objects.count() == 0


def test_missing_fields_are_named(token_for, rita, child):
    # One answer names everything: the concern, when and from whom (reception must say; staff who notify
    # as themselves need not).
    response = post(token_for(rita), {"child_cpr": "1504184235"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["text"] == ["Beskriv bekymringen."]
    assert "ISO 8601" in errors["received_at"][0]
    assert errors["notifier"]
    assert Notification.objects.count() == 0

    response = post(
        token_for(rita),
        {"child_cpr": "1504184235", "text": "Bekymring.", "received_at": "2025-04-14T09:30:00+02:00"},
    )
    assert response.status_code == 422
    assert "underretter" in response.json()["errors"]["notifier"][0]
    assert Notification.objects.count() == 0


def test_it_requires_authentication(db, client, child):
    response = post(client, payload())

    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert Notification.objects.count() == 0


def test_a_wrong_token_is_refused(db, child):
    from django.test import Client

    response = post(Client(headers={"Authorization": "Bearer tidlig_not-a-token"}), payload())

    assert response.status_code == 401


def test_an_analyst_cannot_register_notifications(token_for, ann, rita, child):
    response = post(token_for(ann), payload())

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Du kan ikke registrere underretninger. Bed din leder om adgang, hvis du har brug for den."
    )
    assert Notification.objects.count() == 0
    assert post(token_for(rita), payload()).status_code == 201


def test_another_municipality_cannot_register_for_testrups_children(token_for, olga, child):
    client = token_for(olga)

    by_cpr = post(client, payload())
    by_id = post(client, payload(child_cpr=None, child_id=child.pk))

    assert by_cpr.status_code == 422
    assert "child_cpr" in by_cpr.json()["errors"]
    assert by_id.status_code == 422
    assert "child_id" in by_id.json()["errors"]
    for response in (by_cpr, by_id):
        assert "Lukas" not in response.content.decode()
    assert Notification.objects.count() == 0


def test_another_municipality_cannot_read_a_testrup_notification(token_for, rita, olga, child):
    created = post(token_for(rita), payload()).json()

    response = token_for(olga).get(f"{URL}/{created['id']}")

    assert response.status_code == 404
    assert token_for(rita).get(f"{URL}/{created['id']}").status_code == 200
    assert "Lukas" not in response.content.decode()
    assert "sulten" not in response.content.decode()


def test_an_educator_submits_for_a_child_of_her_institution_and_sees_only_that_it_arrived(
    token_for, eva, rita, child
):
    client = token_for(eva)

    response = post(client, payload(child_cpr=None, child_id=child.pk, notifier={"kind": "professional"}))

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "received_at", "receipt_sent_at"}
    assert body["receipt_sent_at"] is None
    n = Notification.objects.get(pk=body["id"])
    assert n.notifier_staff == eva
    assert n.notifier_name == "Eva Pædagog"
    assert n.notifier_workplace == "Solsikken"
    assert n.channel == "educator"
    # She cannot read the case afterwards, not even her own notification.
    assert client.get(f"{URL}/{body['id']}").status_code == 404
    assert token_for(rita).get(f"{URL}/{body['id']}").status_code == 200
    mine = client.get(f"{URL}/submitted")
    assert mine.status_code == 200
    assert [set(row) for row in mine.json()] == [{"id", "received_at", "receipt_sent_at"}]


def test_an_educators_notification_is_received_when_she_sends_it(token_for, eva, child):
    """As on the page, which has no time field for her: she cannot backdate what the municipality got."""
    from django.utils import timezone

    response = post(
        token_for(eva),
        payload(
            child_cpr=None,
            child_id=child.pk,
            received_at="2025-01-01T09:30:00+01:00",
            notifier={"kind": "professional"},
        ),
    )

    assert response.status_code == 201, response.content
    n = Notification.objects.get(pk=response.json()["id"])
    assert abs((timezone.now() - n.received_at).total_seconds()) < 60, n.received_at


def test_an_educator_cannot_submit_for_a_child_outside_her_institution(token_for, eva, municipality, org):
    from tidlig.people.models import Child

    other = Child.objects.create(
        municipality=municipality,
        cpr="0101154001",
        first_name="Sofus",
        last_name="Syd",
        institution=org["syd_skole"],
        district=org["syd"],
    )

    response = post(
        token_for(eva), payload(child_cpr=None, child_id=other.pk, notifier={"kind": "professional"})
    )

    assert response.status_code == 422
    assert "child_id" in response.json()["errors"]
    assert Notification.objects.count() == 0


def test_reading_a_notification_logs_the_access(token_for, rita, child):
    client = token_for(rita)
    created = post(client, payload()).json()
    before = AuditEntry.objects.filter(action="people.child.viewed", actor=rita, child_id=child.pk).count()

    response = client.get(f"{URL}/{created['id']}")

    assert response.status_code == 200
    assert response.json()["id"] == created["id"]
    after = AuditEntry.objects.filter(action="people.child.viewed", actor=rita, child_id=child.pk).count()
    assert after == before + 1


def test_a_caseworker_of_another_team_cannot_read_it(token_for, rita, bob, child):
    created = post(token_for(rita), payload()).json()

    response = token_for(bob).get(f"{URL}/{created['id']}")

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="people.child.viewed", actor=bob).exists()
    assert token_for(rita).get(f"{URL}/{created['id']}").status_code == 200


def test_a_caseworker_of_another_team_cannot_file_for_a_child_by_cpr(token_for, alice, bob, child):
    """The same rule as the form (intake.selectors.children_to_notify_about): no CPR-to-name oracle."""
    child.caseworker = alice
    child.save(update_fields=["caseworker"])

    refused = post(token_for(bob), payload(received_at=None))
    rightful = post(token_for(alice), payload(received_at=None))

    assert refused.status_code == 422
    assert "child_cpr" in refused.json()["errors"]
    assert "Lukas" not in refused.content.decode()
    assert rightful.status_code == 201, rightful.content
    assert Notification.objects.get().child == child


def test_what_an_educator_sent_is_logged_once_as_the_same_read_through_the_page_and_the_api(
    client_for, token_for, eva, child
):
    """One selector reads and logs "Mine underretninger"; neither door logs it a second time."""
    created = post(
        token_for(eva), payload(child_cpr=None, child_id=child.pk, notifier={"kind": "professional"})
    )
    assert created.status_code == 201, created.content

    def reads():
        return list(
            AuditEntry.objects.filter(
                actor=eva, action="people.child.viewed", data__view="submitted"
            ).values_list("child_id", flat=True)
        )

    assert token_for(eva).get(f"{URL}/submitted").status_code == 200
    assert reads() == [child.pk]
    assert client_for(eva).get("/underretninger/mine/").status_code == 200
    assert reads() == [child.pk, child.pk]
