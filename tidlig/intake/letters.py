"""Letters Tidlig drafts for a person to check and send: the receipt (§ 138, stk. 1) and feedback (§ 138, stk. 2).

Letters go to Danish notifiers, so they are always drafted in Danish whatever the UI language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tidlig.rules.obligations import NotifierKind
from tidlig.timeline import registry

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


@dataclass
class FeedbackFacts:
    """What BL § 138, stk. 2 lets the professional notifier (§ 133) be told: whether a børnefaglig undersøgelse,
    an afdækning or indsatser have been started for the child. Stk. 3 allows the measures' type and planned
    duration only when that matters much for the support the notifier can give the child; the caseworker
    judges that, so `measures` is shown beside the draft, never written into it."""

    investigation: bool
    assessment: bool
    measures: list  # Measure objects in force today: the caseworker's stk. 3 material


def feedback_facts(n: Notification, *, today: dt.date | None = None) -> FeedbackFacts:
    """Started since the notification arrived, or still running then (a notification's feedback is about
    what happened to the child since): the case apps tell it through the spine's registry, so intake reads
    none of their tables itself (issue 9)."""
    today = today or timezone.localdate()
    work = registry.case_work_since(n.child, since=timezone.localdate(n.received_at))
    return FeedbackFacts(
        investigation=n.screening_decision == "undersoegelse" or "investigation" in work,
        assessment=n.screening_decision == "afdaekning" or "assessment" in work,
        measures=registry.measures_in_force(n.child, on=today),
    )


def feedback_draft(n: Notification, facts: FeedbackFacts | None = None) -> Draft:
    facts = facts or feedback_facts(n)
    return _draft(
        n,
        "intake/letters/feedback.txt",
        f"Orientering om din underretning – {n.municipality.authority_name}",
        facts=facts,
        professional=n.notifier_kind == NotifierKind.PROFESSIONAL,
    )
