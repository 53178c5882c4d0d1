"""Intake's letters through the outbox (issue 14 §4; tidlig/post): the receipt to the notifier (BL § 138, stk. 1)
and the feedback to a professional notifier (§ 138, stk. 2) go by Digital Post when the notifier has a digital
address: a citizen's CPR number, a company's or public authority's CVR number (Digital Post addresses no other
kind; a P-number or EAN routes mail inside a CVR's mailbox). The letter counts as sent, and the notification's
deadline as met, when the outbox has sent it or the caseworker has recorded that it went by paper post instead
(`post.signals.letter_sent`). E-mail, print and phone stay as today: recorded as sent (handed over) at once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.organisation.models import Staff
from tidlig.people.cpr import clean_cpr
from tidlig.post import services as post
from tidlig.post.models import Letter as OutboxLetter
from tidlig.rules import obligations as rules

from .. import permissions
from ..models import Letter, Notification
from .common import _event, _locked, da, notification_refresh_obligations

SOURCE = Letter.OUTBOX_SOURCE

# kind → (the notification's stamp, the spine's event, its summary)
STAMPS = {
    Letter.Kind.RECEIPT: (
        "receipt_sent_at",
        rules.RECEIPT_SENT,
        gettext_noop("Kvittering sendt til underretter (%(medium)s)"),
    ),
    Letter.Kind.FEEDBACK: (
        "feedback_sent_at",
        rules.FEEDBACK_SENT,
        gettext_noop("Tilbagemelding sendt til underretter"),
    ),
}


def digital_address(value: str) -> tuple[str, str]:
    """("cpr", number) or ("cvr", number) from what the caseworker wrote as the Digital Post recipient."""
    digits = "".join(ch for ch in value if ch.isdigit())
    try:
        if len(digits) == 10:
            return "cpr", clean_cpr(digits)
        if len(digits) == 8:
            return "cvr", post.clean_cvr(digits)
    except ValidationError as exc:
        raise ValidationError({"recipient": exc.messages}) from exc
    raise ValidationError(
        {
            "recipient": [
                _(
                    "Digital Post skal have underretterens CPR-nummer (borger) eller CVR-nummer (fagperson). "
                    "Skriv nummeret, eller vælg brev, e-mail eller telefon."
                )
            ]
        }
    )


def _html(subject: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{escape(subject)}</title></head>'
        f"<body><h1>{escape(subject)}</h1>{linebreaks(escape(body))}</body></html>"
    )


def queue_letter(notification: Notification, *, letter: Letter, actor: Staff) -> OutboxLetter:
    """Put a notification's letter in the outbox (inside the caller's transaction)."""
    kind, number = digital_address(letter.recipient)
    n = notification
    name = (n.notifier_workplace or n.notifier_name) if kind == "cvr" else n.notifier_name
    try:
        return post.letter_queue(
            actor=actor,
            recipient_name=name or n.notifier_name or n.notifier_workplace,
            subject=letter.subject,
            html=_html(letter.subject, letter.body),
            child=n.child,
            source=SOURCE,
            source_id=letter.pk,
            **{f"recipient_{kind}": number},
        )
    except ValidationError as exc:
        messages = [m for msgs in getattr(exc, "message_dict", {"": exc.messages}).values() for m in msgs]
        if "recipient_name" in getattr(exc, "message_dict", {}):
            messages = [_("Underretteren har intet navn. Skriv navnet på underretningen, før brevet sendes.")]
        raise ValidationError({"recipient": messages}) from exc


def pending(notification: Notification, kind: str) -> bool:
    """A letter of this kind waits in the outbox (not sent yet): it is not written a second time."""
    return notification.letters.filter(kind=kind, sent_at__isnull=True).exists()


def on_letter_sent(
    sender, *, letter: OutboxLetter, actor: Staff, method: str, sent_on: dt.date, **kwargs
) -> None:
    """The outbox sent a notification's letter (or the caseworker sent it by paper post): the letter is sent,
    the notification's stamp is set and its deadline is met from that moment."""
    if letter.source != SOURCE or letter.source_id is None:
        return
    row = Letter.objects.select_related("notification").filter(pk=letter.source_id).first()
    if row is None or row.sent_at is not None:
        return
    if method == "digital_post" and letter.sent_at:
        at = letter.sent_at
    elif sent_on == timezone.localdate():
        at = timezone.now()
    else:  # a paper letter recorded afterwards: noon of the day it went
        at = timezone.make_aware(dt.datetime.combine(sent_on, dt.time(12)))
    row.sent_at = at
    fields = ["sent_at"]
    if method != "digital_post":
        row.medium = Letter.Medium.PRINT
        fields.append("medium")
    row.save(update_fields=fields)
    notification = _locked(row.notification)
    stamp, event, summary = STAMPS[row.kind]
    if getattr(notification, stamp) is None:
        setattr(notification, stamp, at)
        notification.save(update_fields=[stamp])
        _event(
            notification,
            kind=event,
            actor=actor,
            at=at,
            summary=summary,
            args={"medium": da(row.get_medium_display())} if "%(medium)s" in summary else None,
        )
        notification_refresh_obligations(notification)
    audit.record(
        actor=actor,
        action=event,
        obj=notification,
        child_id=notification.child_id,
        data={"medium": row.medium, "outbox_letter": letter.pk},
    )


def _outbox_letter(notification: Notification, letter_id: int, actor: Staff) -> OutboxLetter:
    permissions.require(
        permissions.can_handle_intake(actor, notification)
        or permissions.can_handle_case(actor, notification),
        _("Du kan ikke handle på underretningens breve."),
    )
    rows = notification.letters.values_list("pk", flat=True)
    found = OutboxLetter.objects.filter(pk=letter_id, source=SOURCE, source_id__in=list(rows)).first()
    if found is None:
        raise ValidationError(_("Brevet hører ikke til underretningen. Vælg et brev fra underretningen."))
    return found


@transaction.atomic
def notification_letter_paper(
    *, notification: Notification, letter_id: int, actor: Staff, sent_on: dt.date
) -> OutboxLetter:
    """The caseworker (or reception) sent the notification's letter by paper post instead (the fallback)."""
    letter = _outbox_letter(notification, letter_id, actor)
    return post.letter_paper_record(actor=actor, letter=letter, sent_on=sent_on, authorised_by_caller=True)


@transaction.atomic
def notification_letter_retry(*, notification: Notification, letter_id: int, actor: Staff) -> OutboxLetter:
    """Send a notification's failed letter by Digital Post again."""
    letter = _outbox_letter(notification, letter_id, actor)
    return post.letter_retry(actor=actor, letter=letter, authorised_by_caller=True)
