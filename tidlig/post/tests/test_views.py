"""The outbox page: the caseworker's letters with their status, the retry button, paper post; need to know."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tidlig.post import services
from tidlig.post.models import Letter

pytestmark = pytest.mark.django_db


def _failed(letter: Letter) -> Letter:
    letter.status, letter.attempts, letter.last_error = (
        Letter.Status.FAILED,
        services.MAX_ATTEMPTS,
        "HTTP 503",
    )
    letter.save()
    return letter


def test_the_outbox_shows_my_letters_and_retries_a_failed_one(queue, client_for, alice):
    sent = services.letter_deliver(letter_id=queue(subject="Kvittering").pk)
    failed = _failed(queue(subject="Afgørelse om aflastning"))
    c = client_for(alice)
    page = c.get(reverse("post:outbox")).content.decode()
    assert "Kvittering" in page and "Afgørelse om aflastning" in page
    assert sent.sent_at.astimezone().strftime("%d.%m.%Y") in page
    assert "HTTP 503" in page and reverse("post:retry", args=[failed.pk]) in page
    assert reverse("post:retry", args=[sent.pk]) not in page  # only a failed letter is sent again
    only_failed = c.get(reverse("post:outbox") + "?status=failed").content.decode()
    assert "Kvittering" not in only_failed
    r = c.post(reverse("post:retry", args=[failed.pk]))
    assert r.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Letter.Status.QUEUED


def test_paper_post_keeps_what_was_typed_on_an_error(queue, client_for, alice):
    letter = _failed(queue())
    c = client_for(alice)
    r = c.post(reverse("post:paper", args=[letter.pk]), {"sent_on": "31.12.2099"})
    assert r.status_code == 422
    assert "31.12.2099" in r.content.decode() and "fremtiden" in r.content.decode()
    r = c.post(reverse("post:paper", args=[letter.pk]), {"sent_on": "18.11.2026"})
    assert r.status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.PAPER


def test_others_do_not_see_or_touch_the_letters(queue, client_for, bob, rita, eva):
    letter = _failed(queue())
    assert "Kvittering for underretning" not in client_for(bob).get(reverse("post:outbox")).content.decode()
    assert client_for(bob).post(reverse("post:retry", args=[letter.pk])).status_code == 404
    assert client_for(bob).get(reverse("post:document", args=[letter.pk])).status_code == 404
    # Reception has an outbox of its own (the receipts it sends), without the caseworkers' letters in it
    assert "Kvittering for underretning" not in client_for(rita).get(reverse("post:outbox")).content.decode()
    assert client_for(eva).get(reverse("post:outbox")).status_code == 403


def test_the_api_twins(queue, token_for, alice, bob):
    letter = _failed(queue())
    api = token_for(alice)
    body = api.get("/api/v1/outbox?status=failed").json()
    assert [x["id"] for x in body] == [letter.pk]
    assert api.get(f"/api/v1/outbox/{letter.pk}").json()["status"] == "failed"
    assert token_for(bob).get(f"/api/v1/outbox/{letter.pk}").status_code == 404
    r = api.post(
        f"/api/v1/outbox/{letter.pk}/paper", data={"sent_on": "2099-01-01"}, content_type="application/json"
    )
    assert r.status_code == 422 and "sent_on" in r.json()["errors"]
    r = api.post(f"/api/v1/outbox/{letter.pk}/retry")
    assert (r.status_code, r.json()["status"]) == (200, "queued")


def test_reception_shares_its_outbox_as_a_pool(queue, rita, municipality, org, alice):
    from conftest import make_staff
    from tidlig.organisation.models import Role
    from tidlig.post.selectors import outbox_for

    colleague = make_staff("rune", Role.RECEPTION, municipality, team=org["reception"], name="Rune Modtager")
    theirs, alices = queue(actor=colleague), queue()
    assert [x.pk for x in outbox_for(rita)] == [theirs.pk]  # a colleague's receipt, not a caseworker's letter
    assert alices.pk not in [x.pk for x in outbox_for(colleague)]
