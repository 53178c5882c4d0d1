"""The API twins of intake pages (issue 9): who am I, route and assign targets, a notification with
attachments (multipart), an attachment, a sent letter and an unborn child, each with the page's rules."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from tidlig.intake.models import Attachment, Notification
from tidlig.intake.tests.api_helpers import URL, assess, assign, post, register_notification
from tidlig.intake.tests.files import pdf
from tidlig.people.models import Child


def test_me_says_who_the_caller_is(token_for, client_for, rita, eva):
    me = token_for(rita).get("/api/v1/me").json()
    assert me["username"] == "rita" and me["role"] == "reception"
    assert me["team"]["name"] == "Modtagelsen" and me["institution"] is None
    assert me["municipality"]["id"] == rita.municipality_id
    assert client_for(eva).get("/api/v1/me").json()["institution"]["name"] == "Solsikken"
    assert token_for(rita).__class__().get("/api/v1/me").status_code == 401


def test_route_targets_are_the_district_teams_for_those_who_may_route(
    token_for, rita, tom, eva, alice, child
):
    n = register_notification(token_for, rita)
    url = f"{URL}/{n['id']}/route-targets"

    teams = token_for(rita).get(url)

    assert teams.status_code == 200
    assert [t["name"] for t in teams.json()] == ["Team Nord", "Team Syd"]  # not reception itself
    assert token_for(tom).get(url).status_code == 200
    assign(token_for, tom, alice, n)
    assert token_for(alice).get(url).status_code == 403  # her case, but a caseworker does not route
    assert token_for(eva).get(url).status_code == 404  # an educator does not see the case


def test_assign_targets_are_the_teams_caseworkers_for_the_team_leader(
    token_for, rita, tom, alice, bob, child
):
    n = register_notification(token_for, rita)
    url = f"{URL}/{n['id']}/assign-targets"

    people = token_for(tom).get(url)

    assert people.status_code == 200
    assert [p["name"] for p in people.json()] == ["Alice Rådgiver"]  # team Nord's, not Bob of Syd
    assert token_for(rita).get(url).status_code == 403
    assigned = post(token_for(tom), f"{URL}/{n['id']}/assign", {"caseworker_id": people.json()[0]["id"]})
    assert assigned.json()["assignee"]["name"] == "Alice Rådgiver"


def _multipart(client, body: dict, *files, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"{URL}/multipart",
        {"notification": json.dumps(body), "attachments": list(files)},
        headers=headers,
    )


BODY = {
    "child_cpr": "1504184235",
    "received_at": "2026-11-18T09:00:00+01:00",
    "notifier": {
        "kind": "professional",
        "name": "Lærke Lærer",
        "workplace": "Testrup Skole",
        "email": "laerke@skole.invalid",
    },
    "text": "Lukas kommer ofte sulten i skole.",
}


def test_a_notification_with_an_attachment_is_received_and_the_file_downloaded(
    token_for, rita, eva, child, media
):
    sent = _multipart(token_for(rita), BODY, SimpleUploadedFile("referat.pdf", pdf(), "application/pdf"))

    assert sent.status_code == 201, sent.content
    attachment = sent.json()["attachments"][0]
    assert attachment["name"] == "referat.pdf"
    url = f"{URL}/{sent.json()['id']}/attachments/{attachment['id']}"
    download = token_for(rita).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert token_for(eva).get(url).status_code == 404  # an educator sees no case's files
    assert token_for(rita).get(f"{URL}/{sent.json()['id']}/attachments/999999").status_code == 404


def test_a_bad_attachment_is_refused_in_danish_and_nothing_is_registered(token_for, rita, child, media):
    fake = SimpleUploadedFile("referat.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    refused = _multipart(token_for(rita), BODY, fake)

    assert refused.status_code == 422
    assert "ikke en gyldig PDF-fil" in refused.json()["errors"]["attachments"][0]
    assert not Notification.objects.exists() and not Attachment.objects.exists()


def test_multipart_has_the_json_routes_rules(token_for, rita, eva, olga, child, media):
    bad = _multipart(token_for(rita), {**BODY, "text": ""})
    assert bad.status_code == 422 and "text" in bad.json()["errors"]
    not_json = token_for(rita).post(f"{URL}/multipart", {"notification": "{"})
    assert not_json.status_code == 422
    assert _multipart(token_for(olga), BODY).status_code == 422  # another municipality's child is unknown
    once = _multipart(token_for(rita), BODY, key="k-1")
    again = _multipart(token_for(rita), BODY, key="k-1")
    assert once.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and Notification.objects.count() == 1
    # An educator notifies as herself, now: her received_at and notifier are not taken.
    own = _multipart(token_for(eva), {**BODY, "received_at": "2020-01-01T09:00:00+01:00"})
    assert own.status_code == 201
    assert Notification.objects.get(pk=own.json()["id"]).notifier_name == "Eva Pædagog"


def test_a_sent_receipt_letter_is_served_as_the_page_shows_it(token_for, rita, eva, child):
    n = register_notification(token_for, rita)
    assess(token_for, rita, n)
    letter = post(
        token_for(rita),
        f"{URL}/{n['id']}/receipt",
        {"medium": "email", "recipient": "laerke@skole.invalid", "subject": "Kvittering", "body": "Tak."},
    ).json()
    url = f"{URL}/{n['id']}/letters/{letter['id']}"

    page = token_for(rita).get(url)

    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Kvittering" in page.content.decode() and "laerke@skole.invalid" in page.content.decode()
    assert token_for(eva).get(url).status_code == 404
    assert token_for(rita).get(f"{URL}/{n['id']}/letters/999999").status_code == 404


def test_an_unborn_child_is_registered_through_the_mother(token_for, rita, eva, municipality):
    body = {
        "mother_cpr": "010190-1234",
        "mother_first_name": "Maja",
        "mother_last_name": "Mor",
        "expected_birth": "2027-02-01",
    }

    made = post(token_for(rita), "/api/v1/children/unborn", body)

    assert made.status_code == 201, made.content
    assert made.json()["is_unborn"] is True
    assert Child.objects.get(pk=made.json()["id"]).expecting_mother.cpr == "0101901234"
    assert post(token_for(eva), "/api/v1/children/unborn", body).status_code == 403
    missing = post(token_for(rita), "/api/v1/children/unborn", {"mother_cpr": "1"})
    assert missing.status_code == 422
    assert {"mother_first_name", "mother_last_name"} <= set(missing.json()["errors"])
