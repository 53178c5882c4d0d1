"""The only writers of the outbox (keyword-only arguments, one transaction, the audit row in it; the worker's
task is enqueued after commit).

Life of a letter: queued → sent → delivered (or failed), when Digital Post's receipt comes (`receipts_poll`), or,
after the last failed try, failed; a failed letter can be retried by the caseworker, and a failed or queued one
sent by paper post, which they record (the fallback). A letter to someone without a digital address (no CPR or
CVR number) is queued as paper_due: it waits for the caseworker to print and send it and record that. The sent
time (Digital Post) or the paper's sent day is what starts a complaint period: `signals.letter_sent` tells the
app that wrote the letter (RSL § 67, stk. 1).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.organisation.models import Staff
from tidlig.people.cpr import clean_cpr
from tidlig.people.models import Child
from tidlig.rules.calendar import local_date

from . import memo, receipts, signals
from .access import require_act_on_letter, writes_letters
from .models import Letter
from .transports import TransportError, get_transport

# Minutes to wait after the 1st, 2nd, … failed try; after the last, the letter is marked failed.
RETRY_DELAYS = (1, 5, 30, 120)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


@task()
def deliver_letter(letter_id: int) -> str:
    """The worker's task (django-tasks-db; `tidlig db_worker`): one try at a queued letter, or nothing if it is no
    longer queued (idempotent). A failed try enqueues the next with `run_after` (RETRY_DELAYS)."""
    return letter_deliver(letter_id=letter_id).status


def _enqueue(letter_id: int, run_after: dt.datetime | None = None) -> None:
    job = deliver_letter.using(run_after=run_after) if run_after else deliver_letter
    transaction.on_commit(lambda: job.enqueue(letter_id))


def letter_queue(
    *,
    actor: Staff,
    recipient_name: str,
    subject: str,
    html: str,
    pdf: bytes = b"",
    child: Child | None = None,
    source: str = "",
    source_id: int | None = None,
    recipient_cpr: str = "",
    recipient_cvr: str = "",
) -> Letter:
    """Put a letter in the outbox; the worker sends it by Digital Post to the CPR number (a citizen) or the CVR
    number (a company or public authority). With neither, the letter waits for paper post (paper_due). The
    caller has checked that the actor may write it."""
    errors = {}
    if not writes_letters(actor):
        errors["actor"] = [
            _(
                "Kun modtagelsen, rådgivere og teamledere kan sende breve. Bed barnets rådgiver om at sende brevet."
            )
        ]
    recipient_id, id_type = "", Letter.IdType.CPR
    if recipient_cpr and recipient_cvr:
        errors["recipient_cvr"] = [_("Skriv enten et CPR-nummer eller et CVR-nummer, ikke begge.")]
    elif recipient_cpr:
        try:
            recipient_id = clean_cpr(recipient_cpr)
        except ValidationError:
            errors["recipient_cpr"] = [_("Modtageren har intet gyldigt CPR-nummer. Send brevet med posten.")]
    elif recipient_cvr:
        try:
            recipient_id, id_type = clean_cvr(recipient_cvr), Letter.IdType.CVR
        except ValidationError as exc:
            errors["recipient_cvr"] = exc.messages
    if not recipient_name.strip():
        errors["recipient_name"] = [_("Skriv modtagerens navn.")]
    if not subject.strip():
        errors["subject"] = [_("Skriv brevets emne.")]
    if not html.strip():
        errors["html"] = [_("Brevet er tomt. Skriv brevets tekst.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        letter = Letter.objects.create(
            municipality_id=actor.municipality_id,
            child=child,
            sender=actor,
            source=source,
            source_id=source_id,
            subject=subject[:200],
            recipient_id=recipient_id,
            recipient_id_type=id_type,
            recipient_name=recipient_name.strip()[:200],
            html=html,
            pdf=pdf,
            queued_at=timezone.now(),
            status=Letter.Status.QUEUED if recipient_id else Letter.Status.PAPER_DUE,
        )
        audit.record(
            actor=actor,
            action="post.letter.queued",
            obj=letter,
            child_id=child.pk if child else None,
            data={"source": source, "source_id": source_id, "digital": bool(recipient_id)},
        )
        if recipient_id:
            _enqueue(letter.pk)
    return letter


def clean_cvr(value: str) -> str:
    """A CVR number: 8 digits (spaces allowed), the weighted modulus-11 check (weights 2 7 6 5 4 3 2 1)."""
    digits = "".join(value.split())
    if len(digits) != 8 or not digits.isdigit():
        raise ValidationError(_("Et CVR-nummer har 8 cifre. Ret nummeret."))
    if sum(int(d) * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11:
        raise ValidationError(_("CVR-nummeret findes ikke (kontrolcifferet passer ikke). Ret nummeret."))
    return digits


def to_memo(letter: Letter) -> memo.Memo:
    stem = f"brev-{letter.message_uuid}"
    files = [memo.Document(f"{stem}.html", "text/html", letter.html.encode("utf-8"))]
    if letter.pdf:
        files.insert(0, memo.Document(f"{stem}.pdf", "application/pdf", bytes(letter.pdf)))
    return memo.Memo(
        message_uuid=str(letter.message_uuid),
        label=letter.subject,
        sender_id=settings.POST_SENDER_CVR,
        sender_label=letter.municipality.name,
        recipient_id=letter.recipient_id,
        recipient_id_type=letter.recipient_id_type,
        recipient_name=letter.recipient_name,
        created=letter.queued_at,
        files=files,
        legal_notification=letter.source == "decision",
    )


def _mark_sent(letter: Letter, *, actor: Staff, method: str, sent_on: dt.date) -> None:
    signals.letter_sent.send(sender=Letter, letter=letter, actor=actor, method=method, sent_on=sent_on)


def letter_deliver(*, letter_id: int, transport=None) -> Letter:
    """One try at sending a queued letter (the worker's task). A failure schedules the next try with backoff;
    after MAX_ATTEMPTS the letter is failed and waits for the caseworker (retry or paper post)."""
    transport = transport or get_transport()
    with transaction.atomic():
        letter = Letter.objects.select_for_update().select_related("municipality").get(pk=letter_id)
        if letter.status != Letter.Status.QUEUED:
            return letter
        now = timezone.now()
        letter.attempts += 1
        letter.transport = transport.name
        try:
            letter.transaction_id = transport.send(to_memo(letter))
        except TransportError as exc:
            letter.last_error = str(exc)[:300]
            if letter.attempts >= MAX_ATTEMPTS:
                letter.status, letter.failed_at, letter.next_attempt_at = Letter.Status.FAILED, now, None
            else:
                letter.next_attempt_at = now + dt.timedelta(minutes=RETRY_DELAYS[letter.attempts - 1])
                _enqueue(letter.pk, run_after=letter.next_attempt_at)
            letter.save()
            audit.record(
                actor=None,
                action="post.letter.failed"
                if letter.status == Letter.Status.FAILED
                else "post.letter.retry_due",
                obj=letter,
                child_id=letter.child_id,
                data={"attempts": letter.attempts, "error": letter.last_error},
            )
            return letter
        letter.status, letter.sent_at, letter.next_attempt_at, letter.last_error = (
            Letter.Status.SENT,
            now,
            None,
            "",
        )
        letter.save()
        audit.record(actor=None, action="post.letter.sent", obj=letter, child_id=letter.child_id)
        _mark_sent(letter, actor=letter.sender, method="digital_post", sent_on=local_date(now))
    return letter


def letter_retry(*, actor: Staff, letter: Letter, authorised_by_caller: bool = False) -> Letter:
    """Send a failed letter again (a fresh round of tries). `authorised_by_caller`: an app above has checked
    the actor's right by its own rule (the case's owners on the case's page)."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if not authorised_by_caller:
            require_act_on_letter(actor, letter)
        if letter.status != Letter.Status.FAILED:
            raise ValidationError(
                _(
                    "Kun et brev, der ikke kunne sendes, kan sendes igen. Genindlæs siden for at se brevets status."
                )
            )
        letter.status, letter.attempts, letter.failed_at, letter.next_attempt_at = (
            Letter.Status.QUEUED,
            0,
            None,
            None,
        )
        letter.save()
        audit.record(actor=actor, action="post.letter.retried", obj=letter, child_id=letter.child_id)
        _enqueue(letter.pk)
    return letter


def letter_paper_record(
    *, actor: Staff, letter: Letter, sent_on: dt.date, authorised_by_caller: bool = False
) -> Letter:
    """The caseworker sent the letter by paper post instead (the fallback); the complaint period runs from it."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if not authorised_by_caller:
            require_act_on_letter(actor, letter)
        errors = {}
        if letter.status not in (Letter.Status.FAILED, Letter.Status.QUEUED, Letter.Status.PAPER_DUE):
            errors["sent_on"] = [
                _(
                    "Brevet er allerede sendt. Du behøver ikke sende det med posten. Genindlæs siden for at se det."
                )
            ]
        elif sent_on < local_date(letter.queued_at):
            errors["sent_on"] = [_("Brevet kan ikke være sendt før det blev skrevet. Ret datoen.")]
        elif sent_on > local_date(timezone.now()):
            errors["sent_on"] = [_("Datoen ligger i fremtiden. Registrér brevet, når det er sendt.")]
        if errors:
            raise ValidationError(errors)
        letter.status, letter.paper_sent_on, letter.next_attempt_at = Letter.Status.PAPER, sent_on, None
        letter.save()
        audit.record(actor=actor, action="post.letter.paper", obj=letter, child_id=letter.child_id)
        _mark_sent(letter, actor=actor, method="letter", sent_on=sent_on)
    return letter


def letter_delivered_record(*, letter: Letter, at: dt.datetime) -> Letter:
    """Digital Post's receipt: the letter reached the recipient's mailbox."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != Letter.Status.SENT:
            return letter
        letter.status, letter.delivered_at = Letter.Status.DELIVERED, at
        letter.save(update_fields=["status", "delivered_at"])
        audit.record(actor=None, action="post.letter.delivered", obj=letter, child_id=letter.child_id)
    return letter


def letter_undelivered_record(*, letter: Letter, at: dt.datetime, error: str) -> Letter:
    """Digital Post's receipt: the sent letter could not be delivered (fx the recipient has no mailbox). It is
    failed now and waits in the outbox for the caseworker to send it by paper post (or again)."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != Letter.Status.SENT:
            return letter
        letter.status, letter.failed_at, letter.last_error = Letter.Status.FAILED, at, error[:300]
        letter.save(update_fields=["status", "failed_at", "last_error"])
        audit.record(
            actor=None,
            action="post.letter.undelivered",
            obj=letter,
            child_id=letter.child_id,
            data={"error": letter.last_error},
        )
    return letter


def receipts_poll(*, source: receipts.ReceiptSource | None = None) -> dict[str, int]:
    """Read the waiting delivery receipts and move their letters to delivered or failed, with the receipt's
    time (`tidlig post poll`, run by a timer; the task `poll_receipts`). A receipt for a message Tidlig does not
    know, or one that only says Digital Post has it, changes nothing; an unreadable one is set aside. Returns
    how many of each there were."""
    source = source or receipts.get_source()
    counts = {"delivered": 0, "failed": 0, "unchanged": 0, "unknown": 0, "rejected": 0}
    for name, data in source.messages():
        try:
            receipt = receipts.parse(data)
        except receipts.ReceiptError:
            counts["rejected"] += 1
            source.done(name, ok=False)
            continue
        letter = Letter.objects.filter(message_uuid=_uuid_or_none(receipt.message_uuid)).first()
        if letter is None:
            counts["unknown"] += 1
        elif receipt.outcome == receipts.DELIVERED and letter.status == Letter.Status.SENT:
            letter_delivered_record(letter=letter, at=receipt.at)
            counts["delivered"] += 1
        elif receipt.outcome == receipts.FAILED and letter.status == Letter.Status.SENT:
            letter_undelivered_record(letter=letter, at=receipt.at, error=receipt.error or receipt.code)
            counts["failed"] += 1
        else:
            counts["unchanged"] += 1
        source.done(name, ok=True)
    return counts


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@task()
def poll_receipts() -> dict[str, int]:
    """The worker's task for one poll of the delivery receipts (the timer runs `tidlig post poll`)."""
    return receipts_poll()
