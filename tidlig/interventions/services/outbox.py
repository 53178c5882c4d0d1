"""The decision letter by Digital Post through the outbox (issue 14 §4; tidlig/post).

The case owner sends the decision letter to each parent with custody (the parties, forvaltningsloven § 22 and
RSL § 66) as a MeMo message with the letter as PDF and HTML. When the outbox has sent it, or the caseworker has
recorded that it went by paper post instead, the dispatch becomes the decision's LetterSent, whose day starts
the complaint period (RSL § 67, stk. 1; rules.review.complaint_deadline): one record of the dispatch, not two.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.cases.access import require_case_owner
from tidlig.organisation.models import Staff
from tidlig.post import services as post
from tidlig.post.models import Letter

from .. import letters
from ..models import Decision, LetterSent
from .appeals import letter_sent_record

SOURCE = "decision"


def decision_letter_post(*, decision: Decision, actor: Staff) -> list[Letter]:
    """Queue the made decision's letter for each parent with custody: by Digital Post to their CPR number, or,
    for a parent without one, as a letter the caseworker sends by paper post (paper_due in the outbox)."""
    require_case_owner(actor, decision.child)
    if not decision.is_made:
        raise ValidationError(_("Afgørelsen er ikke truffet endnu. Træf den, før du sender brevet."))
    if Letter.objects.filter(
        source=SOURCE,
        source_id=decision.pk,
        status__in=[
            Letter.Status.QUEUED,
            Letter.Status.SENT,
            Letter.Status.DELIVERED,
            Letter.Status.PAPER_DUE,
        ],
    ).exists():
        raise ValidationError(_("Brevet er allerede sendt med Digital Post. Se status under Digital Post."))
    parents = [
        g.person for g in decision.child.guardianships.filter(has_custody=True).select_related("person")
    ]
    if not parents:
        raise ValidationError(
            _("Barnet har ingen forælder med forældremyndighed. Send brevet til den rette part.")
        )
    html = letters.decision_letter_html(decision)
    pdf = letters.decision_letter_pdf(decision)
    subject = letters.decision_letter(decision).heading
    with transaction.atomic():
        return [
            post.letter_queue(
                actor=actor,
                recipient_cpr=p.cpr or "",
                recipient_name=str(p),
                subject=subject,
                html=html,
                pdf=pdf,
                child=decision.child,
                source=SOURCE,
                source_id=decision.pk,
            )
            for p in parents
        ]


def _decision_of(letter: Letter, actor: Staff) -> Decision:
    if letter.source != SOURCE:
        raise ValidationError(_("Brevet hører ikke til en afgørelse. Vælg et afgørelsesbrev."))
    decision = Decision.objects.select_related("child").get(pk=letter.source_id)
    require_case_owner(actor, decision.child)
    return decision


def decision_letter_retry(*, letter: Letter, actor: Staff) -> Letter:
    """A case owner sends a failed decision letter again (they may, though another colleague queued it)."""
    _decision_of(letter, actor)
    return post.letter_retry(actor=actor, letter=letter, authorised_by_caller=True)


def decision_letter_paper(*, letter: Letter, actor: Staff, sent_on: dt.date) -> Letter:
    """A case owner records that the decision letter went by paper post instead."""
    _decision_of(letter, actor)
    return post.letter_paper_record(actor=actor, letter=letter, sent_on=sent_on, authorised_by_caller=True)


def on_letter_sent(sender, *, letter: Letter, actor: Staff, method: str, sent_on: dt.date, **kwargs) -> None:
    """The outbox sent a decision letter (or it went by paper): record the dispatch, which starts the complaint
    period. By the letter's sender (who queued it as the case's owner) or whoever recorded the paper post."""
    if letter.source != SOURCE or letter.source_id is None:
        return
    decision = Decision.objects.get(pk=letter.source_id)
    if decision.letters_sent.filter(sent_on=sent_on, method=method).exists():
        return  # one row per day and way: a letter to each parent is still one dispatch of the decision
    method = method if method in LetterSent.Method.values else LetterSent.Method.DIGITAL_POST
    try:
        letter_sent_record(decision=decision, actor=actor, sent_on=sent_on, method=method)
    except PermissionDenied:
        # The sender no longer owns the case (it changed hands while the letter waited). The letter is sent
        # all the same, so its dispatch is recorded as theirs: refusing would roll back a sent message.
        row = LetterSent.objects.create(decision=decision, sent_on=sent_on, method=method, recorded_by=actor)
        audit.record(
            actor=actor, action="interventions.decision.letter_sent", obj=row, child_id=decision.child_id
        )
