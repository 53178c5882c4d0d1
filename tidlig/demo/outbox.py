"""Letters in raadgiver's outbox (issue 14 §4), additive: decision letters to the parents by Digital Post through
the real services and the file transport the demo uses (MeMo files in POST_FILE_DIR): two sent, which start
their decisions' complaint periods, and one that failed after every try and waits for "Send igen" or paper
post. Synthetic people only; the letter is the decision letter's HTML (the PDF is left out to keep the demo fast).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from tidlig.interventions import letters
from tidlig.interventions.models import Decision
from tidlig.post import services
from tidlig.post.transports import TransportError

from .organisation import Org


class _Unavailable:
    name = "digitalpost"

    def send(self, message):
        raise TransportError("HTTP 503: KombiPostAfsend er midlertidigt utilgængelig.")


def build(org: Org) -> int:
    """Queue and send raadgiver's three latest decision letters (the last one fails); returns how many."""
    raadgiver = org.raadgiver
    # Sent now by the clock: a demo built for a later moment (the tests build some) has decisions after it,
    # which no letter can have been sent for yet.
    decisions = (
        Decision.objects.filter(child__caseworker=raadgiver, decided_on__lte=timezone.localdate())
        .filter(~Q(child__guardianships__person__cpr=""), child__guardianships__has_custody=True)
        .select_related("child", "type", "municipality")
        .distinct()
        .order_by("-decided_on", "-pk")[:3]
    )
    made = 0
    for i, decision in enumerate(decisions):
        parent = next(
            g.person for g in decision.child.guardianships.filter(has_custody=True).exclude(person__cpr="")
        )
        letter = services.letter_queue(
            actor=raadgiver,
            recipient_cpr=parent.cpr,
            recipient_name=str(parent),
            subject=letters.decision_letter(decision).heading,
            html=letters.decision_letter_html(decision),
            child=decision.child,
            source="decision",
            source_id=decision.pk,
        )
        if i < 2:
            services.letter_deliver(letter_id=letter.pk)
        else:
            for _ in range(services.MAX_ATTEMPTS):
                services.letter_deliver(letter_id=letter.pk, transport=_Unavailable())
        made += 1
    return made
