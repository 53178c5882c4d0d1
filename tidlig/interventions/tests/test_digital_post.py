"""The decision letter by Digital Post (issue 14 §4): queued for each parent with custody, sent by the outbox
as MeMo with the letter as PDF and HTML; the SENT time starts the complaint period (RSL § 67, stk. 1) through
the decision's LetterSent; a failed letter is retried or recorded as paper post; only the case owners."""

from __future__ import annotations

import pytest

from tidlig.interventions.models import LetterSent
from tidlig.interventions.tests.api_helpers import conversation, draft, make, ok, send
from tidlig.post import memo
from tidlig.post import services as post
from tidlig.post.models import Letter
from tidlig.post.transports import TransportError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture(autouse=True)
def outbox_dir(settings, tmp_path):
    settings.POST_TRANSPORT = "file"
    settings.POST_FILE_DIR = tmp_path / "outbox"
    return settings.POST_FILE_DIR


@pytest.fixture
def made(api, case):
    talk = conversation(api, case)
    return make(api, draft(api, case), conversation_id=talk["id"])


class Broken:
    name = "digitalpost"

    def send(self, message):
        raise TransportError("HTTP 503")


@pytest.mark.slow  # renders the letter as PDF
def test_sent_by_digital_post_starts_the_complaint_period(api, made, mother, outbox_dir, frozen):
    did = made["decision_id"]
    queued = ok(send(api, "post", f"/api/v1/decisions/{did}/digital-post"), 201)
    assert [(x["recipient_name"], x["status"]) for x in queued] == [("Mette Jensen", "queued")]
    assert ok(send(api, "get", f"/api/v1/decisions/{did}/letters-sent")) == []  # not sent yet: no deadline
    again = send(api, "post", f"/api/v1/decisions/{did}/digital-post")
    assert again.status_code == 422 and "allerede" in again.content.decode()  # never sent twice

    frozen.shift(60 * 60 * 24 * 2)  # the worker is down for two days; it sends on Friday 14 November
    letter = post.letter_deliver(letter_id=queued[0]["id"])
    assert letter.status == Letter.Status.SENT

    back = memo.parse((outbox_dir / f"{letter.message_uuid}.xml").read_bytes())
    assert back.recipient_id == mother.cpr and back.legal_notification
    assert back.label.startswith("Afgørelse om")
    mimes = {f.mime: f.content for f in back.files}
    assert mimes["application/pdf"].startswith(b"%PDF")
    assert "Lukas" in mimes["text/html"].decode()

    (row,) = ok(send(api, "get", f"/api/v1/decisions/{did}/letters-sent"))
    assert (row["sent_on"], row["method"]) == ("2025-11-14", "digital_post")
    assert (row["complaint_deadline"], row["deadline_known"]) == ("2025-12-12", True)
    (listed,) = ok(send(api, "get", f"/api/v1/decisions/{did}/digital-post"))
    assert listed["status"] == "sent" and listed["sent_at"].startswith("2025-11-14")


def _failed(api, did) -> int:
    (queued,) = ok(send(api, "post", f"/api/v1/decisions/{did}/digital-post"), 201)
    for _ in range(post.MAX_ATTEMPTS):
        post.letter_deliver(letter_id=queued["id"], transport=Broken())
    assert Letter.objects.get(pk=queued["id"]).status == Letter.Status.FAILED
    return queued["id"]


@pytest.mark.slow
def test_a_failed_letter_goes_by_paper_and_the_deadline_is_at_the_earliest(api, made):
    did = made["decision_id"]
    lid = _failed(api, did)
    assert not LetterSent.objects.exists()  # a failed letter starts nothing
    paper = ok(send(api, "post", f"/api/v1/decisions/digital-post/{lid}/paper", {"sent_on": "2025-11-12"}))
    assert paper["status"] == "paper"
    (row,) = ok(send(api, "get", f"/api/v1/decisions/{did}/letters-sent"))
    assert (row["method"], row["complaint_deadline"], row["deadline_known"]) == (
        "letter",
        "2025-12-10",
        False,
    )


@pytest.mark.slow
def test_only_the_case_owners_send_and_retry(api, made, token_for, bob, tom):
    did = made["decision_id"]
    lid = _failed(api, did)
    for other in (token_for(bob),):
        assert send(other, "post", f"/api/v1/decisions/{did}/digital-post").status_code in (403, 404)
        assert send(other, "post", f"/api/v1/decisions/digital-post/{lid}/retry").status_code in (403, 404)
        assert send(other, "get", f"/api/v1/decisions/{did}/digital-post").status_code in (403, 404)
        assert send(other, "post", f"/api/v1/outbox/{lid}/retry").status_code == 404
    retried = ok(send(api, "post", f"/api/v1/decisions/digital-post/{lid}/retry"))
    assert (retried["status"], retried["attempts"]) == ("queued", 0)
    assert (
        send(api, "post", f"/api/v1/decisions/digital-post/{lid}/retry").status_code == 422
    )  # not failed now


@pytest.mark.slow
def test_the_measure_page_sends_and_shows_the_letter_rows(made, client_for, alice, bob):
    from django.urls import reverse

    mid = made["id"]  # the measure the decision made
    page = reverse("interventions:measure", args=[mid])
    c = client_for(alice)
    assert "Send med Digital Post" in c.get(page).content.decode()
    r = c.post(reverse("interventions:digital_post", args=[mid]))
    assert r.status_code == 302
    (letter,) = Letter.objects.filter(source="decision", source_id=made["decision_id"])
    for _ in range(post.MAX_ATTEMPTS):
        post.letter_deliver(letter_id=letter.pk, transport=Broken())
    html = c.get(page).content.decode()
    assert "Mette Jensen" in html and "Fejlet" in html
    retry = reverse("interventions:digital_post_retry", args=[mid, letter.pk])
    assert retry in html
    assert client_for(bob).post(retry).status_code in (403, 404)
    bad = c.post(
        reverse("interventions:digital_post_paper", args=[mid, letter.pk]), {f"p{letter.pk}-sent_on": "x"}
    )
    assert bad.status_code == 422 and 'value="x"' in bad.content.decode()
    assert c.post(retry).status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.QUEUED


@pytest.mark.slow
def test_a_letter_sent_after_the_case_changed_hands_still_starts_the_period(api, made, case, bob):
    did = made["decision_id"]
    (queued,) = ok(send(api, "post", f"/api/v1/decisions/{did}/digital-post"), 201)
    case.caseworker = bob  # Alice's case goes to Bob while the letter waits in the outbox
    case.save()
    assert post.letter_deliver(letter_id=queued["id"]).status == Letter.Status.SENT
    (row,) = LetterSent.objects.filter(decision_id=did)
    assert (row.method, row.sent_on.isoformat()) == ("digital_post", "2025-11-12")
