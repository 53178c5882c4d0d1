"""The receipt (BL § 138, stk. 1) and the feedback (§ 138, stk. 2) by Digital Post go through the outbox: the
deadline is met when the outbox has sent the letter, and a letter Digital Post could not deliver is sent on
paper from the notification page (or its API twin)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tidlig.intake.models import Letter, Notification
from tidlig.intake.tests.api_helpers import URL, post, register_notification, status_of
from tidlig.post import services as outbox
from tidlig.post.models import Letter as OutboxLetter

CVR = "55133018"  # a valid CVR number (the school's workplace)


@pytest.fixture
def notification(token_for, rita, child) -> dict:
    return register_notification(token_for, rita)


def _receipt(client, notification, recipient=CVR):
    return post(
        client, f"{URL}/{notification['id']}/receipt", {"medium": "digital_post", "recipient": recipient}
    )


def test_a_digital_receipt_is_sent_when_the_outbox_has_sent_it(token_for, rita, notification):
    api = token_for(rita)
    response = _receipt(api, notification)
    assert response.status_code == 201, response.content
    assert response.json()["sent_at"] is None
    before = api.get(f"{URL}/{notification['id']}").json()
    assert before["receipt_sent_at"] is None and status_of(before, "receipt") != "met"
    (letter,) = OutboxLetter.objects.filter(source="intake_letter")
    assert (letter.recipient_id, letter.recipient_id_type) == (CVR, "CVR")
    assert letter.recipient_name == "Testrup Skole" and letter.status == OutboxLetter.Status.QUEUED
    assert "Lukas" not in letter.subject  # the subject names no child

    # a second receipt is not written while the first waits
    again = _receipt(api, notification)
    assert again.status_code == 422 and "udbakken" in again.json()["detail"]

    outbox.letter_deliver(letter_id=letter.pk)  # the worker
    after = api.get(f"{URL}/{notification['id']}").json()
    assert after["receipt_sent_at"] is not None and status_of(after, "receipt") == "met"
    assert Letter.objects.get(notification_id=notification["id"]).sent_at is not None
    assert outbox.receipts_poll()["delivered"] == 1  # the file transport's receipt
    letter.refresh_from_db()
    assert letter.status == OutboxLetter.Status.DELIVERED


def test_a_wrong_digital_address_is_told_in_danish(token_for, rita, notification):
    for wrong in ("12345678", "laerke@skole.invalid"):
        response = _receipt(token_for(rita), notification, recipient=wrong)
        assert response.status_code == 422
        assert response.json()["errors"]["recipient"][0].endswith("Ret nummeret.") or "CPR-nummer" in str(
            response.json()["errors"]["recipient"]
        )
    assert not OutboxLetter.objects.exists() and not Letter.objects.exists()


def test_a_citizen_notifier_gets_it_at_the_cpr_number(token_for, rita, child):
    response = post(
        token_for(rita),
        URL,
        {
            "child_cpr": "1504184235",
            "received_at": dt.datetime(2026, 11, 18, 8, 0, tzinfo=dt.UTC).isoformat(),
            "notifier": {"kind": "citizen", "name": "Nina Nabo", "address": "Vejen 1, 9999 Testrup"},
            "text": "Jeg hører ofte råb fra lejligheden.",
        },
    )
    assert response.status_code == 201, response.content
    sent = _receipt(token_for(rita), response.json(), recipient="030385-1234")
    assert sent.status_code == 201, sent.content
    letter = OutboxLetter.objects.get(source="intake_letter")
    assert (letter.recipient_id, letter.recipient_id_type, letter.recipient_name) == (
        "0303851234",
        "CPR",
        "Nina Nabo",
    )


def test_a_failed_letter_goes_on_paper_from_the_notification_page(client_for, token_for, rita, notification):
    assert _receipt(token_for(rita), notification).status_code == 201
    letter = OutboxLetter.objects.get(source="intake_letter")
    OutboxLetter.objects.filter(pk=letter.pk).update(
        status=OutboxLetter.Status.FAILED, last_error="HTTP 503: Service Unavailable"
    )
    c = client_for(rita)
    page = c.get(reverse("intake:detail", args=[notification["id"]])).content.decode()
    assert "Fejlet" in page and "Send på papir i stedet" in page and "Send igen" in page
    assert 'id="receipt"' not in page  # no second receipt form while this one waits

    url = reverse("intake:letter_paper", args=[notification["id"], letter.pk])
    wrong = c.post(url, {"sent_on": "31.12.2099"})
    assert wrong.status_code == 422 and "fremtiden" in wrong.content.decode()
    assert c.post(url, {"sent_on": "17.11.2026"}).status_code == 422  # before it was written
    assert c.post(url, {"sent_on": "18.11.2026"}).status_code == 302
    n = Notification.objects.get(pk=notification["id"])
    assert n.receipt_sent_at is not None and n.receipt_sent_at.date() == dt.date(2026, 11, 18)
    row = Letter.objects.get(notification=n)
    assert row.medium == Letter.Medium.PRINT and row.sent_at is not None
    page = c.get(reverse("intake:detail", args=[n.pk])).content.decode()
    assert "Sendt med posten" in page and "Send på papir i stedet" not in page


def test_the_api_twins_retry_and_paper(token_for, rita, bob, notification):
    api = token_for(rita)
    assert _receipt(api, notification).status_code == 201
    letter = OutboxLetter.objects.get(source="intake_letter")
    OutboxLetter.objects.filter(pk=letter.pk).update(status=OutboxLetter.Status.FAILED)
    base = f"{URL}/{notification['id']}/outbox/{letter.pk}"
    assert post(token_for(bob), f"{base}/retry").status_code == 404  # another team's notification
    retried = post(api, f"{base}/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "queued"
    OutboxLetter.objects.filter(pk=letter.pk).update(status=OutboxLetter.Status.FAILED)
    paper = post(api, f"{base}/paper", {"sent_on": "2026-11-18"})
    assert paper.status_code == 200 and paper.json()["status"] == "paper"
    assert api.get(f"{URL}/{notification['id']}").json()["receipt_sent_at"] is not None
    assert (
        post(api, f"{URL}/{notification['id']}/outbox/999999/paper", {"sent_on": "2026-11-18"}).status_code
        == 422
    )
