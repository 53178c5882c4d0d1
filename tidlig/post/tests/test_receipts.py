"""Digital Post's delivery receipts (PKO_PostStatus through Beskedfordeler), replayed from recorded messages:
a sent letter becomes delivered or failed with the receipt's time; a failed one waits for paper post."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tidlig.post import receipts, services
from tidlig.post.models import Letter
from tidlig.post.selectors import needs_paper_count

RECORDED = Path(__file__).parent / "recorded"
UUID = uuid.UUID("5f0c6f5e-0000-4000-8000-00000000000a")  # the MessageUUID in the recorded receipts


def _sent(queue) -> Letter:
    letter = queue()
    Letter.objects.filter(pk=letter.pk).update(message_uuid=UUID)
    return services.letter_deliver(letter_id=letter.pk)


def _drop(outbox_dir: Path, *names: str) -> Path:
    folder = outbox_dir / "kvitteringer"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(RECORDED / name, folder / name)
    return folder


@pytest.fixture(autouse=True)
def no_receipts_from_the_file_transport(settings):
    settings.POST_FILE_RECEIPTS = False  # these tests drop the recorded receipts themselves


def test_the_recorded_messages_read_as_what_they_say():
    delivered = receipts.parse((RECORDED / "beskedfordeler_afleveret.xml").read_bytes())
    assert (delivered.message_uuid, delivered.outcome) == (str(UUID), receipts.DELIVERED)
    assert delivered.at == dt.datetime(2026, 11, 18, 9, 4, 31, 517000, tzinfo=dt.UTC)
    failed = receipts.parse((RECORDED / "beskedfordeler_fejlet.xml").read_bytes())
    assert failed.outcome == receipts.FAILED and "ikke tilmeldt Digital Post" in failed.error
    accepted = receipts.parse((RECORDED / "pko_poststatus_modtaget.xml").read_bytes())
    assert accepted.outcome == receipts.ACCEPTED


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<x/>",
        b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
        b"<H><Beskeddata><Base64>%%%</Base64></Beskeddata></H>",
    ],
)
def test_what_is_no_receipt_is_refused(data):
    with pytest.raises(receipts.ReceiptError):
        receipts.parse(data)


def test_a_delivery_receipt_marks_the_letter_delivered_at_its_time(queue, outbox_dir):
    letter = _sent(queue)
    folder = _drop(outbox_dir, "pko_poststatus_modtaget.xml", "beskedfordeler_afleveret.xml")
    call_command("post", "poll")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DELIVERED
    assert letter.delivered_at == dt.datetime(2026, 11, 18, 9, 4, 31, 517000, tzinfo=dt.UTC)
    assert sorted(p.name for p in (folder / "handled").iterdir()) == [
        "beskedfordeler_afleveret.xml",
        "pko_poststatus_modtaget.xml",
    ]
    assert not list(folder.glob("*.xml"))  # read once: the next poll finds nothing
    assert services.receipts_poll() == dict.fromkeys(
        ("delivered", "failed", "unchanged", "unknown", "rejected"), 0
    )


def test_a_failed_receipt_puts_the_letter_on_the_paper_list(queue, outbox_dir, alice, client_for):
    letter = _sent(queue)
    _drop(outbox_dir, "beskedfordeler_fejlet.xml")
    assert services.receipts_poll()["failed"] == 1
    letter.refresh_from_db()
    assert letter.status == Letter.Status.FAILED and letter.sent_at is not None
    assert "ikke tilmeldt Digital Post" in letter.last_error
    assert needs_paper_count(alice) == 1
    page = client_for(alice).get(reverse("post:outbox")).content.decode()
    assert "1 brev skal sendes med posten" in page and "Send på papir i stedet" in page
    assert "men ikke leveret" in page


def test_a_receipt_for_an_unknown_letter_or_an_unreadable_one_changes_nothing(queue, outbox_dir):
    letter = services.letter_deliver(letter_id=queue().pk)  # another MessageUUID than the recorded one
    folder = _drop(outbox_dir, "beskedfordeler_afleveret.xml")
    (folder / "garbage.xml").write_bytes(b"not xml")
    counts = services.receipts_poll()
    assert (counts["unknown"], counts["rejected"]) == (1, 1)
    assert (folder / "rejected" / "garbage.xml").exists()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT


def test_the_file_transport_writes_the_receipt_the_poller_reads(queue, settings):
    settings.POST_FILE_RECEIPTS = True  # the demo's setting
    letter = services.letter_deliver(letter_id=queue().pk)
    assert services.receipts_poll()["delivered"] == 1
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DELIVERED


def test_a_letter_without_a_digital_address_waits_for_paper_post(queue, alice, client_for, outbox_dir):
    letter = queue(recipient_cpr="")
    assert letter.status == Letter.Status.PAPER_DUE and letter.recipient_id == ""
    assert (
        services.letter_deliver(letter_id=letter.pk).status == Letter.Status.PAPER_DUE
    )  # the worker leaves it
    assert not list(outbox_dir.glob("*.xml"))
    c = client_for(alice)
    page = c.get(reverse("post:outbox")).content.decode()
    assert "Skal sendes med posten" in page and "Ingen digital adresse" in page
    doc = c.get(reverse("post:document", args=[letter.pk]))
    assert doc["Content-Type"] == "application/pdf" and doc.content.startswith(b"%PDF")
    assert c.post(reverse("post:paper", args=[letter.pk]), {"sent_on": "18.11.2026"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.PAPER and letter.paper_sent_on == dt.date(2026, 11, 18)


def test_a_company_or_authority_gets_it_at_its_cvr_number(queue, outbox_dir):
    from tidlig.post import memo

    letter = queue(recipient_cpr="", recipient_cvr="55133018", recipient_name="Skolen ved Søen")
    services.letter_deliver(letter_id=letter.pk)
    sent = memo.parse((outbox_dir / f"{letter.message_uuid}.xml").read_bytes())
    assert (sent.recipient_id, sent.recipient_id_type, sent.recipient_name) == (
        "55133018",
        "CVR",
        "Skolen ved Søen",
    )


def test_the_poll_can_be_handed_to_the_worker(queue, settings):
    from django_tasks_db.models import DBTaskResult

    settings.POST_FILE_RECEIPTS = True
    letter = services.letter_deliver(letter_id=queue().pk)
    before = set(DBTaskResult.objects.values_list("pk", flat=True))
    call_command("post", "poll", "--enqueue")
    (job,) = DBTaskResult.objects.exclude(pk__in=before).filter(
        task_path="tidlig.post.services.poll_receipts"
    )
    assert services.poll_receipts.call() == {
        **dict.fromkeys(("failed", "unchanged", "unknown", "rejected"), 0),
        "delivered": 1,
    }
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DELIVERED
