"""One shape for every case-handling action: load, authorise, rule, event, obligations, audit (issue 9).

Every write on a child's case used to spell out the same frame around its rule: open a transaction, check
that the actor owns the case (`require_case_owner`), re-read the row it changes FOR UPDATE, validate, write,
append the event to the child's timeline, re-derive the stored obligations and write the audit row. The
frame lives here once, in `case_action`; an action is its rule plus a few lines:

    @case_action("cases.note.written")
    def journal_note_write(act: Act, *, kind: str, happened_on: dt.date, text: str) -> JournalNote:
        if not text.strip():
            raise ValidationError({"text": [_("Notatet er tomt.")]})
        note = JournalNote.objects.create(child=act.child, author=act.actor, ...)
        act.event(gettext_noop("Journalnotat: %(text)s"), {"text": text[:120]}, source="note", source_id=note.pk)
        return note

and is still called as before, with keywords only: `journal_note_write(child=..., actor=..., kind=..., ...)`.
Like zulip's `access_*_by_id` helpers, a `Subject` says how an action finds what it acts on: the keyword it
is given as (`child`, `measure`, `decision` …), the child it belongs to (whose owner may act) and how the row
is re-read under a lock. A refused actor never reaches the rule; a ValidationError from the rule rolls the
whole action back, event and obligations included.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.organisation.models import Staff, Team
from tidlig.people.models import Child
from tidlig.rules import casework as rules
from tidlig.timeline import services as spine

from .access import not_on_case, require_case_owner


def case_owners(child: Child) -> dict[str, tuple[Team | None, Staff | None]]:
    """Who must act on a case's obligations: the child's caseworker and their team (or nobody, if none yet)."""
    owner = (child.caseworker.team if child.caseworker else None, child.caseworker)
    return {code: owner for code in rules.CASEWORK_TYPES}


@dataclass(frozen=True)
class Subject:
    """What an action acts on: the keyword it is passed as, its child, and the row re-read to change it."""

    keyword: str
    child_of: Callable[[Any], Child]
    lock: Callable[[Any], Any] = lambda row: row  # a child is not locked; the rows an action changes are


CHILD = Subject("child", child_of=lambda child: child)


def locked(model: type[Model], *related: str) -> Callable[[Model], Model]:
    """The row re-read FOR UPDATE (with `related`), so two clicks cannot both pass the rule."""

    def lock(row: Model) -> Model:
        rows = model.objects.select_for_update()
        return (rows.select_related(*related) if related else rows).get(pk=row.pk)

    return lock


@dataclass
class Act:
    """What the rule of an action gets: who acts, on which child, the (locked) row it acts on, and the
    helpers that write what every action writes the same way."""

    action: str
    actor: Staff
    child: Child
    subject: Any
    # What the audit row is about, when not the rule's return value (e.g. a decision made returns its measure).
    audited: Model | None = None
    audit_data: dict | None = None

    def on_case(self, given: Any, rows: QuerySet, field: str) -> Any:
        """A row the action refers to (a measure, a conversation …), given as the row or, by an integration,
        as its id. An id is looked up among `rows` (of this child's case) here, after the owner check, so a
        refused caller is refused whatever id they sent, and the router need not check the owner first
        (one door). An id not among them is a ValidationError on `field`."""
        if given is None or isinstance(given, Model):
            return given
        found = rows.filter(pk=given).first()
        if found is None:
            raise not_on_case(field)
        return found

    def event(
        self,
        summary: str | tuple[str, str],
        args: dict | None = None,
        *,
        source: str,
        source_id: int,
        at=None,
        kind: str | None = None,
    ) -> None:
        """The event on the child's timeline; its kind is the action's unless told otherwise."""
        spine.event_record(
            child=self.child,
            kind=kind or self.action,
            occurred_at=at or timezone.now(),
            actor=self.actor,
            summary=summary,
            summary_args=args,
            source=source,
            source_id=source_id,
        )


def case_action(
    action: str,
    *,
    subject: Subject = CHILD,
    refresh: Callable[[Act, Any], None] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make `rule(act, **rest)` the action `action`, called as `name(actor=…, <subject>=…, **rest)`.

    In one transaction: the case owner check (BL: need to know), the subject re-read under a lock, the rule
    (validates, writes, records its event with `act.event`), `refresh(act, result)` to re-derive the
    obligations the write changes, and the audit row `action` about the result (or `act.audited`).
    """

    def wrap(rule: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(rule)
        def door(*, actor: Staff, **kwargs):
            given = kwargs.pop(subject.keyword)
            child = subject.child_of(given)
            with transaction.atomic():
                require_case_owner(actor, child)
                act = Act(action=action, actor=actor, child=child, subject=subject.lock(given))
                result = rule(act, **kwargs)
                if refresh is not None:
                    refresh(act, result)
                audit.record(
                    actor=actor,
                    action=action,
                    obj=act.audited or result,
                    child_id=child.pk,
                    data=act.audit_data,
                )
            return result

        # What callers see (help(), IDEs): the keywords they pass, not the rule's `act`.
        params = list(inspect.signature(rule).parameters.values())[1:]
        door.__signature__ = inspect.Signature(
            [
                inspect.Parameter(subject.keyword, inspect.Parameter.KEYWORD_ONLY),
                inspect.Parameter("actor", inspect.Parameter.KEYWORD_ONLY, annotation=Staff),
                *params,
            ],
            return_annotation=inspect.signature(rule).return_annotation,
        )
        door.action = action
        return door

    return wrap
