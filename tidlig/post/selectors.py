"""Reads of the outbox; each read of letters about a child is logged (audit.record_access)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tidlig.audit import services as audit
from tidlig.organisation.models import Staff

from .access import letters_visible_to
from .models import Letter


def outbox_for(actor: Staff, *, status: str = "") -> list[Letter]:
    """The letters the actor (or, for a team leader, their team) sent, newest first."""
    qs: QuerySet[Letter] = letters_visible_to(actor).select_related("sender", "child").defer("html", "pdf")
    if status:
        qs = qs.filter(status=status)
    letters = list(qs[:500])
    audit.record_access(
        actor=actor, child_ids=[x.child_id for x in letters if x.child_id], what="post.outbox"
    )
    return letters


def letter_for(actor: Staff, letter_id: int) -> Letter:
    """One letter the actor may see (404 otherwise: its existence is not told)."""
    letter = get_object_or_404(letters_visible_to(actor).select_related("sender", "child"), pk=letter_id)
    if letter.child_id:
        audit.record_access(actor=actor, child_ids=[letter.child_id], what="post.letter")
    return letter


def needs_paper_count(actor: Staff) -> int:
    """How many of the actor's (or team's) letters wait for paper post: failed, or no digital address."""
    return (
        letters_visible_to(actor).filter(status__in=[Letter.Status.FAILED, Letter.Status.PAPER_DUE]).count()
    )


def letter_document(actor: Staff, letter_id: int) -> Letter:
    """One letter with its content, to print (404 when the actor may not see it); the read is logged."""
    letter = get_object_or_404(letters_visible_to(actor), pk=letter_id)
    audit.record_access(
        actor=actor, child_ids=[letter.child_id] if letter.child_id else [], what="post.letter.document"
    )
    return letter


def letters_about(*, source: str, source_id: int) -> list[Letter]:
    """The outbox's letters about one thing (fx a decision), for the app that wrote them to show on its page
    under its own access rule (it logs the read)."""
    return list(
        Letter.objects.filter(source=source, source_id=source_id).defer("html", "pdf").order_by("queued_at")
    )


def letters_about_many(*, source: str, source_ids: list[int]) -> dict[int, Letter]:
    """The newest outbox letter for each of an app's things (fx a notification's letters), by source_id; the app
    shows them under its own access rule."""
    found: dict[int, Letter] = {}
    for x in (
        Letter.objects.filter(source=source, source_id__in=source_ids).defer("html", "pdf").order_by("pk")
    ):
        found[x.source_id] = x
    return found
