"""Letters in raadgiver's outbox (issue 14 §4), additive: decision letters to the parents through the real services
and the file transport the demo uses (MeMo files in POST_FILE_DIR), one in each state so `/udbakke/` shows the
flow: delivered (Digital Post's receipt came), sent (no receipt yet), failed after every try, sent but not
delivered (the receipt said so), waiting for paper post (a parent without a digital address), sent by paper post,
and waiting for the worker. The sent ones start their decisions' complaint periods. Synthetic people only; the
letter is the decision letter's HTML (the PDF is left out to keep the demo fast).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from tidlig.interventions import letters
from tidlig.interventions.models import Decision
from tidlig.post import receipts, services
from tidlig.post.transports import FileTransport, TransportError

from .organisation import Org

# One letter in each state, in this order (the outbox shows the newest first).
PLAN = ("delivered", "sent", "failed", "undelivered", "paper_due", "paper", "queued")


class _Unavailable:
    name = "digitalpost"

    def send(self, message):
        raise TransportError("HTTP 503: KombiPostAfsend er midlertidigt utilgængelig.")


class _Receipts:
    """Receipts handed over in memory, in the shape Beskedfordeler sends them (post/receipts.py)."""

    name = "demo"

    def __init__(self, *messages: bytes) -> None:
        self._messages = messages

    def messages(self):
        yield from ((str(i), m) for i, m in enumerate(self._messages))

    def done(self, name: str, *, ok: bool) -> None:
        pass


def build(org: Org) -> int:
    """Queue raadgiver's decision letters, one in each state of PLAN; returns how many."""
    raadgiver = org.raadgiver
    # Sent now by the clock: a demo built for a later moment (the tests build some) has decisions after it,
    # which no letter can have been sent for yet.
    decisions = list(
        Decision.objects.filter(child__caseworker=raadgiver, decided_on__lte=timezone.localdate())
        .filter(~Q(child__guardianships__person__cpr=""), child__guardianships__has_custody=True)
        .select_related("child", "type", "municipality")
        .distinct()
        .order_by("-decided_on", "-pk")[: len(PLAN)]
    )
    if not decisions:
        return 0
    quiet = FileTransport(settings.POST_FILE_DIR)  # no receipt file: the demo hands its receipts over itself
    for i, state in enumerate(PLAN):
        decision = decisions[i % len(decisions)]
        parent = next(
            g.person for g in decision.child.guardianships.filter(has_custody=True).exclude(person__cpr="")
        )
        letter = services.letter_queue(
            actor=raadgiver,
            recipient_cpr="" if state in ("paper_due", "paper") else parent.cpr,  # no digital address
            recipient_name=str(parent),
            subject=letters.decision_letter(decision).heading,
            html=letters.decision_letter_html(decision),
            child=decision.child,
            source="decision",
            source_id=decision.pk,
        )
        if state in ("delivered", "sent", "undelivered"):
            services.letter_deliver(letter_id=letter.pk, transport=quiet)
        elif state == "failed":
            for _ in range(services.MAX_ATTEMPTS):
                services.letter_deliver(letter_id=letter.pk, transport=_Unavailable())
        elif state == "paper":
            services.letter_paper_record(actor=raadgiver, letter=letter, sent_on=timezone.localdate())
        if state == "delivered":
            services.receipts_poll(
                source=_Receipts(
                    receipts.post_status_xml(
                        message_uuid=str(letter.message_uuid),
                        code="Afleveret Digital Post",
                        at=timezone.now(),
                    )
                )
            )
        elif state == "undelivered":
            services.receipts_poll(
                source=_Receipts(
                    receipts.post_status_xml(
                        message_uuid=str(letter.message_uuid),
                        code="Fejlet",
                        at=timezone.now(),
                        error=("400", "Modtageren er fritaget for Digital Post."),
                    )
                )
            )
    return len(PLAN)
