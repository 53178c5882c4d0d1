"""What the family writes to the case and reads of its notes (issue 14 § 2).

A parent with custody sends a short message to the caseworker; it lands on the child's case as a journal
note (kind "family", the parent as its author, shown to the family, never changed by staff) and on the
child's timeline. The family reads the notes the caseworker chose to show them ("vis for familien") and
their own messages; every other note is an internal working note (forvaltningsloven § 12, stk. 1; docs/law.md).
The citizen's door (`tidlig.family`) decides who is signed in and logs the reads; these functions hold the
rules.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from tidlig.audit import services as audit
from tidlig.core import limits
from tidlig.people.models import Child, Guardianship, Person
from tidlig.timeline import services as spine

from .models import JournalNote

MESSAGE_MAX = 2000  # characters: a short message, not a document
MESSAGES_PER_DAY = 5  # per parent, over the last 24 hours: the caseworker reads them all
# Anything that looks like markup: a tag, a closing tag, a comment or a doctype.
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def may_write(person: Person, child: Child) -> bool:
    """A parent with custody of the child now."""
    return Guardianship.objects.filter(person=person, child=child, has_custody=True).exists()


def message_problems(text: str) -> list[str]:
    """Every problem with a message at once, in plain Danish with what to do (empty: it can be sent)."""
    problems = []
    stripped = text.strip()
    if not stripped:
        return [_("Skriv jeres besked til rådgiveren.")]
    if problem := limits.text_problem(text):
        problems.append(problem)
    if len(stripped) > MESSAGE_MAX:
        problems.append(
            ngettext(
                "Beskeden er for lang: højst %(max)s tegn, den har %(n)s. Gør den kortere, eller ring til jeres rådgiver.",
                "Beskeden er for lang: højst %(max)s tegn, den har %(n)s. Gør den kortere, eller ring til jeres rådgiver.",
                MESSAGE_MAX,
            )
            % {"max": f"{MESSAGE_MAX:,}".replace(",", "."), "n": f"{len(stripped):,}".replace(",", ".")}
        )
    if _MARKUP.search(text):
        problems.append(_("Skriv beskeden som almindelig tekst. Fjern tegnene < og > omkring ord."))
    return problems


@transaction.atomic
def message_from_family(
    *, person: Person, child: Child, text: str, now: dt.datetime | None = None
) -> JournalNote:
    """A parent's short message to the caseworker: a journal note on the child's case and an event on the
    child's timeline (the caseworker sees it there and on the case page). At most MESSAGES_PER_DAY per parent
    in 24 hours."""
    if not may_write(person, child):
        raise PermissionDenied(
            _(
                "Kun en forælder med forældremyndighed kan skrive til barnets rådgiver. Ring til rådgiveren i stedet."
            )
        )
    problems = message_problems(text)
    now = now or timezone.now()
    # Locks the parent's row, so two messages sent at once are counted one after the other.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    sent = JournalNote.objects.filter(
        from_person=person, written_at__gte=now - dt.timedelta(hours=24)
    ).count()
    if sent >= MESSAGES_PER_DAY:
        problems.append(
            ngettext(
                "I har sendt %(n)s besked det seneste døgn. Vent til i morgen, eller ring til jeres rådgiver.",
                "I har sendt %(n)s beskeder det seneste døgn. Vent til i morgen, eller ring til jeres rådgiver.",
                sent,
            )
            % {"n": sent}
        )
    if problems:
        raise ValidationError({"text": problems})
    note = JournalNote.objects.create(
        child=child,
        kind=JournalNote.Kind.FAMILY_MESSAGE,
        happened_on=timezone.localdate(now),
        from_person=person,
        text=text.strip(),
        for_family=True,
    )
    spine.event_record(
        child=child,
        kind="cases.note.from_family",
        occurred_at=now,
        actor=None,
        summary=gettext_noop("Besked fra familien (%(person)s): %(text)s"),
        summary_args={"person": str(person), "text": note.text[:120]},
        source="note",
        source_id=note.pk,
    )
    audit.record_citizen(
        person=person,
        action="cases.note.from_family",
        obj=note,
        child_id=child.pk,
        data={"length": len(note.text)},
    )
    return note


def notes_for_family(child_ids) -> QuerySet[JournalNote]:
    """The notes the family may read: those the caseworker showed them and their own messages, newest first.
    The caller (the family's selector) checks who asks and logs the read."""
    return (
        JournalNote.objects.filter(child_id__in=list(child_ids), for_family=True)
        .select_related("author", "from_person")
        .order_by("-happened_on", "-pk")
    )


MESSAGES_SHOWN_DAYS = 14


def messages_for_caseworker(actor, *, now: dt.datetime | None = None, limit: int = 20) -> list[JournalNote]:
    """The messages families sent in the last MESSAGES_SHOWN_DAYS about the actor's own children, newest
    first, for the worklist (the read is logged)."""
    now = now or timezone.now()
    rows = list(
        JournalNote.objects.filter(
            kind=JournalNote.Kind.FAMILY_MESSAGE,
            child__caseworker=actor,
            written_at__gte=now - dt.timedelta(days=MESSAGES_SHOWN_DAYS),
        )
        .select_related("child", "from_person")
        .order_by("-written_at", "-pk")[:limit]
    )
    audit.record_access(actor=actor, child_ids=[n.child_id for n in rows], what="family_messages")
    return rows
