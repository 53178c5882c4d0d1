"""Bad data at the API's edge (issue 8, § 1): each input that crashed PostgreSQL or SQLite, or was stored
although wrong, is refused with a 422 that names the field; the same request without the fault succeeds.

Rita (reception) registers notifications, Alice is Lukas' caseworker, Eva his educator, Lea her leader.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from tidlig.cases.models import CaseAccess, JournalNote
from tidlig.concerns.models import Concern
from tidlig.crossteam.models import TeamMeeting
from tidlig.intake.models import Letter, Notification

# Wednesday 12 November 2025, 10:00 in Copenhagen (CET).
NOW = dt.datetime(2025, 11, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
URL = "/api/v1/notifications"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def post(client, url: str, body) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def errors(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    return response.json()["errors"]


def notification(**overrides) -> dict:
    notifier = {
        "kind": "professional",
        "name": "Lærke Lærer",
        "workplace": "Testrup Skole",
        "email": "laerke@skole.invalid",
        "phone": "12 34 56 78",
    }
    notifier.update(overrides.pop("notifier", {}))
    body = {
        "child_cpr": "150418-4235",
        "received_at": "2025-11-12T09:30:00+01:00",
        "notifier": notifier,
        "text": "Lukas kommer ofte sulten i skole.",
    }
    body.update(overrides)
    return body


def test_the_documented_notification_is_accepted(token_for, rita, child):
    response = post(token_for(rita), URL, notification())

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("override", "field", "words"),
    [
        ({"text": "Lukas\x00"}, "text", "NUL"),
        ({"notifier": {"name": "Lærke\x00"}}, "notifier.name", "NUL"),
        ({"notifier": {"name": "L" * 201}}, "notifier.name", "højst 200 tegn"),
        ({"notifier": {"email": "a" * 250 + "@x.dk"}}, "notifier.email", "højst 254 tegn"),
        ({"notifier": {"phone": "1" * 41}}, "notifier.phone", "højst 40 tegn"),
        ({"notifier": {"phone": "ring til skolen"}}, "notifier.phone", "8 til 15 cifre"),
        ({"notifier": {"email": "not-an-email"}}, "notifier.email", "gyldig e-mailadresse"),
        ({"text": "\ud800x"}, "text", "surrogat"),
        ({"text": "x" * 20_001}, "text", "højst 20000 tegn"),
        ({"received_at": "0001-01-01T00:00:00+14:00"}, "received_at", "mellem 01.01.2000 og 31.12.2099"),
        ({"received_at": "0001-01-01T00:00:00+00:00"}, "received_at", "mellem 01.01.2000"),
        ({"received_at": "1900-01-01T00:00:00+01:00"}, "received_at", "mellem 01.01.2000"),
    ],
)
def test_a_notification_with_bad_data_is_refused_naming_the_field(
    token_for, rita, child, override, field, words
):
    response = post(token_for(rita), URL, notification(**override))

    assert words in " ".join(errors(response)[field])
    assert not Notification.objects.exists()


def test_ten_megabytes_of_notification_text_are_refused(token_for, rita, child):
    response = post(token_for(rita), URL, notification(text="x" * 10_000_000))

    assert "højst 20000 tegn" in errors(response)["text"][0]
    assert not Notification.objects.exists()


def test_a_megabyte_notifier_name_is_not_stored_in_a_200_character_column(token_for, rita, child):
    response = post(token_for(rita), URL, notification(notifier={"name": "N" * 1_000_000}))

    assert "højst 200 tegn" in errors(response)["notifier.name"][0]
    assert not Notification.objects.exists()


def test_every_fault_is_named_in_one_answer(token_for, rita, child):
    body = notification(text="\x00", notifier={"name": "L" * 201, "email": "not-an-email", "phone": "1" * 41})

    assert set(errors(post(token_for(rita), URL, body))) == {
        "text",
        "notifier.name",
        "notifier.email",
        "notifier.phone",
    }


@pytest.mark.parametrize("body", [-19488903424, "x", [], [{"medium": "email"}], None, True])
def test_a_receipt_body_that_is_not_an_object_is_refused_and_nothing_is_sent(token_for, rita, child, body):
    registered = post(token_for(rita), URL, notification()).json()

    response = post(token_for(rita), f"{URL}/{registered['id']}/receipt", body)

    assert "JSON-objekt" in errors(response)["body"][0]
    assert not Letter.objects.exists()
    sent = post(token_for(rita), f"{URL}/{registered['id']}/receipt", {})
    assert sent.status_code == 201, sent.content


def test_a_nul_byte_in_a_query_parameter_is_refused_before_the_database(token_for, rita, child):
    api = token_for(rita)

    assert "NUL" in errors(api.get("/api/v1/children", {"cpr": "\x00"}))["cpr"][0]
    assert api.get("/api/v1/children", {"cpr": "150418-4235"}).status_code == 200


@pytest.fixture
def case(child, alice):
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    return child


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "phone", "happened_on": "2025-11-10", "text": "\ud800x"}, "text"),
        ({"kind": "phone", "happened_on": "2025-11-10", "text": "Mor\x00"}, "text"),
        ({"kind": "phone", "happened_on": "0001-01-01", "text": "Mor ringede."}, "happened_on"),
        ({"kind": "phone", "happened_on": "1999-12-31", "text": "Mor ringede."}, "happened_on"),
    ],
)
def test_a_journal_note_with_bad_data_is_refused(token_for, alice, case, body, field):
    api = token_for(alice)

    assert errors(post(api, f"/api/v1/children/{case.pk}/notes", body))[field]
    assert not JournalNote.objects.exists()
    good = {"kind": "phone", "happened_on": "2025-11-10", "text": "Mor ringede."}
    assert post(api, f"/api/v1/children/{case.pk}/notes", good).status_code == 201


def test_case_access_with_a_surrogate_in_the_reason_is_refused(token_for, alice, bob, case):
    api = token_for(alice)
    url = f"/api/v1/children/{case.pk}/access"

    assert errors(post(api, url, {"staff_id": bob.pk, "reason": "Vikar \ud800"}))["reason"]
    assert "højst 200 tegn" in errors(post(api, url, {"staff_id": bob.pk, "reason": "V" * 201}))["reason"][0]
    assert not CaseAccess.objects.exists()
    assert post(api, url, {"staff_id": bob.pk, "reason": "Vikar"}).status_code == 201


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"observation": "\ud800x"}, "observation"),
        ({"observation": "x\x00"}, "observation"),
        ({"observed_on": "0001-01-01"}, "observed_on"),
        ({"follow_up_on": "9999-12-31"}, "follow_up_on"),
    ],
)
def test_a_concern_with_bad_data_is_refused(token_for, eva, child, group, override, field):
    body = {"child_id": child.pk, "observation": "Lukas græder meget.", "observed_on": "2025-11-11"}
    api = token_for(eva)

    assert errors(post(api, "/api/v1/concerns", {**body, **override}))[field]
    assert not Concern.objects.exists()
    assert post(api, "/api/v1/concerns", body).status_code == 201


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"place": "Salen \ud800"}, "place"),
        ({"place": "S" * 151}, "place"),
        ({"starts_at": "0001-01-01T00:00:00+14:00"}, "starts_at"),
    ],
)
def test_a_meeting_with_bad_data_is_refused(token_for, lea, org, override, field):
    body = {"starts_at": "2025-11-20T13:00:00+01:00", "place": "Salen"}
    api = token_for(lea)

    assert errors(post(api, "/api/v1/crossteam/meetings", {**body, **override}))[field]
    assert not TeamMeeting.objects.exists()
    assert post(api, "/api/v1/crossteam/meetings", body).status_code == 201


def test_the_openapi_document_states_the_limits(client):
    from tidlig.api import api

    schemas = api.get_openapi_schema()["components"]["schemas"]

    notifier = schemas["NotifierIn"]["properties"]
    assert notifier["name"]["maxLength"] == 200
    assert notifier["email"]["maxLength"] == 254
    assert notifier["phone"]["maxLength"] == 40
    assert schemas["NotificationIn"]["properties"]["text"]["maxLength"] == 20_000


def test_an_idempotency_key_with_a_nul_byte_or_over_200_characters_is_refused(token_for, rita, child):
    api = token_for(rita)

    def send(key: str):
        body = json.dumps(notification())
        return api.post(URL, data=body, content_type="application/json", headers={"Idempotency-Key": key})

    assert "NUL" in errors(send("key\x00"))["Idempotency-Key"][0]
    assert "højst 200 tegn" in errors(send("k" * 201))["Idempotency-Key"][0]
    assert not Notification.objects.exists()
    assert send("k" * 200).status_code == 201


def test_a_nested_object_that_is_not_an_object_is_refused(token_for, rita, alice, case):
    notified = post(token_for(rita), URL, {**notification(), "notifier": 5})
    assert "JSON-objekt" in errors(notified)["notifier"][0]
    investigation = post(
        token_for(alice), f"/api/v1/children/{case.pk}/investigations", {"aware_on": "2025-11-10"}
    )
    assert investigation.status_code == 201, investigation.content
    url = f"/api/v1/investigations/{investigation.json()['id']}/areas"

    refused = token_for(alice).patch(
        url, data=json.dumps({"areas": {"family": 5}}), content_type="application/json"
    )

    assert "JSON-objekt" in errors(refused)["areas.family"][0]
    body = json.dumps({"areas": {"family": {"challenges": "Mor er syg."}}})
    assert token_for(alice).patch(url, data=body, content_type="application/json").status_code == 200
