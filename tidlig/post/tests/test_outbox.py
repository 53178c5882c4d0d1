"""The outbox (issue 14 §4): a letter is written as a MeMo file that reads back, a failed try is retried with
backoff and then marked failed, the caseworker retries it or records paper post; need to know."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.post import memo, services
from tidlig.post.models import Letter
from tidlig.post.selectors import outbox_for
from tidlig.post.transports import TransportError

pytestmark = pytest.mark.django_db


def _just_now(moment) -> bool:
    return abs(moment - timezone.now()) < dt.timedelta(seconds=5)


class Broken:
    name = "digitalpost"

    def send(self, message):
        raise TransportError("HTTP 503: KombiPostAfsend er midlertidigt utilgængelig.")


def test_a_queued_letter_is_written_as_memo_and_reads_back(
    queue, outbox_dir, mother, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as enqueued:
        letter = queue()
    assert len(enqueued) == 1  # the worker's task, after commit
    sent = services.letter_deliver(letter_id=letter.pk)
    assert sent.status == Letter.Status.SENT and _just_now(sent.sent_at)
    files = list(outbox_dir.glob("*.xml"))
    assert [f.name for f in files] == [f"{letter.message_uuid}.xml"]
    back = memo.parse(files[0].read_bytes())
    assert back.label == "Kvittering for underretning"
    assert back.recipient_id == mother.cpr and back.recipient_name == "Mette Jensen"
    assert back.sender_label == "Testrup"
    by_type = {f.mime: f for f in back.files}
    assert by_type["application/pdf"].content == b"%PDF-1.7 synthetic"
    assert "Vi har modtaget jeres underretning." in by_type["text/html"].content.decode()
    assert by_type["text/html"].filename.endswith(".html")


def test_the_memo_message_is_memo_1_2():
    m = memo.Memo(
        message_uuid="5f0c6f5e-0000-4000-8000-000000000001",
        label="Afgørelse",
        sender_id="11111111",
        sender_label="Testrup",
        recipient_id="0303851234",
        recipient_name="Mette Jensen",
        created=dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC),
        legal_notification=True,
    )
    xml = memo.to_xml(m).decode()
    assert 'memoVersion="1.2"' in xml and "https://DigitalPost.dk/MeMo-1" in xml
    assert "<memo:messageType>DIGITALPOST</memo:messageType>" in xml
    assert "<memo:idType>CPR</memo:idType>" in xml
    assert memo.parse(xml.encode()) == m
    with pytest.raises(ValueError):
        memo.parse(b"<Message/>")


def test_failures_are_retried_with_backoff_then_marked_failed(queue, django_capture_on_commit_callbacks):
    letter = queue()
    delays = []
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        before = timezone.now()
        with django_capture_on_commit_callbacks() as enqueued:
            letter = services.letter_deliver(letter_id=letter.pk, transport=Broken())
        assert letter.attempts == attempt
        assert "503" in letter.last_error
        if attempt < services.MAX_ATTEMPTS:
            assert letter.status == Letter.Status.QUEUED and len(enqueued) == 1
            delays.append(round((letter.next_attempt_at - before).total_seconds() / 60))
        else:
            assert letter.status == Letter.Status.FAILED and not enqueued
            assert _just_now(letter.failed_at) and letter.next_attempt_at is None
    assert delays == list(services.RETRY_DELAYS)
    assert AuditEntry.objects.filter(action="post.letter.failed", object_id=letter.pk).count() == 1
    # the worker running a stale task changes nothing
    assert services.letter_deliver(letter_id=letter.pk).status == Letter.Status.FAILED


def test_a_failed_letter_is_retried_by_its_sender_and_then_sent(queue, alice, outbox_dir):
    letter = Letter.objects.get(pk=queue().pk)
    letter.status = Letter.Status.FAILED
    letter.attempts = services.MAX_ATTEMPTS
    letter.save()
    services.letter_retry(actor=alice, letter=letter)
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (Letter.Status.QUEUED, 0)
    assert services.letter_deliver(letter_id=letter.pk).status == Letter.Status.SENT
    assert (outbox_dir / f"{letter.message_uuid}.xml").exists()
    with pytest.raises(ValidationError):
        services.letter_retry(actor=alice, letter=letter)  # sent letters are not sent again


def test_paper_post_is_the_fallback(queue, alice):
    letter = queue()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as err:
        services.letter_paper_record(actor=alice, letter=letter, sent_on=today + dt.timedelta(days=1))
    assert "sent_on" in err.value.message_dict
    services.letter_paper_record(actor=alice, letter=letter, sent_on=today)
    letter.refresh_from_db()
    assert (letter.status, letter.paper_sent_on) == (Letter.Status.PAPER, today)
    assert services.letter_deliver(letter_id=letter.pk).status == Letter.Status.PAPER  # not sent twice


def test_a_receipt_marks_the_letter_delivered(queue):
    letter = services.letter_deliver(letter_id=queue().pk)
    at = timezone.now() + dt.timedelta(minutes=3)
    assert services.letter_delivered_record(letter=letter, at=at).status == Letter.Status.DELIVERED
    letter.refresh_from_db()
    assert letter.delivered_at == at


def test_a_letter_needs_a_valid_address_and_a_writer(queue, eva):
    with pytest.raises(ValidationError) as err:
        queue(recipient_cpr="12", subject=" ")
    assert set(err.value.message_dict) == {"recipient_cpr", "subject"}
    with pytest.raises(ValidationError) as err:
        queue(recipient_cpr="", recipient_cvr="12345678", recipient_name=" ")
    assert set(err.value.message_dict) == {"recipient_cvr", "recipient_name"}  # 12345678 fails the check
    with pytest.raises(ValidationError) as err:
        queue(actor=eva)
    assert "actor" in err.value.message_dict
    assert not Letter.objects.exists()


def test_need_to_know(queue, alice, bob, tom, rita):
    letter = queue()
    assert [x.pk for x in outbox_for(alice)] == [letter.pk]
    assert [x.pk for x in outbox_for(tom)] == [letter.pk]  # Alice's team leader
    assert outbox_for(bob) == [] and outbox_for(rita) == []
    letter.status = Letter.Status.FAILED
    letter.save()
    with pytest.raises(PermissionDenied):
        services.letter_retry(actor=bob, letter=letter)
    with pytest.raises(PermissionDenied):
        services.letter_paper_record(actor=bob, letter=letter, sent_on=timezone.localdate())
    assert AuditEntry.objects.filter(
        actor=alice, action="people.child.viewed", child_id=letter.child_id
    ).exists()


def test_the_worker_gets_each_try_as_a_task_and_runs_it(
    queue, outbox_dir, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    before = list(DBTaskResult.objects.values_list("pk", flat=True))  # a task another test's worker left
    with django_capture_on_commit_callbacks(execute=True):
        letter = queue()
    # (the decision behind the letter also queues the key figures' refresh: only the outbox's tasks count here)
    tries = DBTaskResult.objects.filter(task_path="tidlig.post.services.deliver_letter").exclude(
        pk__in=before
    )
    first = list(tries)
    assert first and all(t.args_kwargs["args"] == [letter.pk] for t in first)
    job = first[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_deliver(letter_id=letter.pk, transport=Broken())
    retry = tries.exclude(pk__in=[t.pk for t in first]).get()
    letter.refresh_from_db()
    assert retry.run_after == letter.next_attempt_at  # the next try waits for the backoff
    job.task.call(*job.args_kwargs["args"])  # what `tidlig db_worker` does with the row
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT and (outbox_dir / f"{letter.message_uuid}.xml").exists()
