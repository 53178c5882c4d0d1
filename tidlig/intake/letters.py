"""Letters Tidlig drafts for a person to check and send: the receipt (§ 138, stk. 1) and feedback (§ 138, stk. 2).

Letters go to Danish notifiers, so they are always drafted in Danish whatever the UI language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from tidlig.rules.obligations import NotifierKind

from .models import Letter, Notification


@dataclass
class Draft:
    medium: str
    recipient: str
    subject: str
    body: str


def _recipient(n: Notification) -> tuple[str, str]:
    if n.notifier_email:
        return Letter.Medium.EMAIL, n.notifier_email
    if n.notifier_address:
        return Letter.Medium.PRINT, f"{n.notifier_name}, {n.notifier_address}".strip(", ")
    return Letter.Medium.PHONE, f"{n.notifier_name} {n.notifier_phone}".strip()


def _draft(n: Notification, template: str, subject: str, **extra) -> Draft:
    with translation.override("da"):
        medium, recipient = _recipient(n)
        body = render_to_string(template, {"n": n, "municipality": n.municipality, **extra}).strip()
    return Draft(medium=medium, recipient=recipient, subject=subject, body=body)


def receipt_draft(n: Notification) -> Draft:
    return _draft(
        n,
        "intake/letters/receipt.txt",
        f"Kvittering for modtaget underretning – {n.municipality.authority_name}",
    )


def feedback_draft(n: Notification) -> Draft:
    started = n.screening_decision in ("afdaekning", "undersoegelse")
    return _draft(
        n,
        "intake/letters/feedback.txt",
        f"Orientering om din underretning – {n.municipality.authority_name}",
        started=started,
        professional=n.notifier_kind == NotifierKind.PROFESSIONAL,
    )
