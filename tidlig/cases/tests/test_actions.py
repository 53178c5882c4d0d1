"""The one frame of a case-handling action (`tidlig.cases.actions.case_action`, issue 9): whoever calls it,
the owner check, the lock, the event, the obligations and the audit row come with it, all or nothing."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop

from tidlig.audit.models import AuditEntry
from tidlig.cases.actions import Act, case_action, case_owners
from tidlig.cases.casework import assessment_start, journal_note_write
from tidlig.cases.models import JournalNote
from tidlig.interventions.services import measure_start
from tidlig.timeline.models import Event

pytestmark = pytest.mark.django_db

ran: list[str] = []


def _note_twice(act: Act, *, text: str) -> JournalNote:
    """A made-up action: writes a note and its event, then refuses the second half of its input."""
    ran.append(text)
    note = JournalNote.objects.create(
        child=act.child, kind="phone", happened_on=dt.date(2026, 11, 18), author=act.actor, text=text
    )
    act.event(gettext_noop("Notat: %(text)s"), {"text": text}, source="note", source_id=note.pk)
    if text == "stop":
        raise ValidationError({"text": ["Nej."]})
    return note


refreshed: list[int] = []
note_twice = case_action("tests.note.twice", refresh=lambda act, note: refreshed.append(note.pk))(_note_twice)


@pytest.fixture(autouse=True)
def alice_owns(child, alice):
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    ran.clear()
    refreshed.clear()


def test_a_new_action_gets_its_event_obligation_refresh_and_audit_row_from_the_frame(alice, child):
    note = note_twice(child=child, actor=alice, text="ringede")

    assert Event.objects.get(source="note", source_id=note.pk).kind == "tests.note.twice"
    assert refreshed == [note.pk]
    row = AuditEntry.objects.get(action="tests.note.twice")
    assert (row.actor, row.child_id, row.object_type, row.object_id) == (
        alice,
        child.pk,
        "journalnote",
        note.pk,
    )


def test_someone_not_owning_the_case_never_reaches_the_rule(bob, child):
    with pytest.raises(PermissionDenied):
        note_twice(child=child, actor=bob, text="ringede")

    assert ran == []
    assert not JournalNote.objects.exists()
    assert not AuditEntry.objects.filter(action="tests.note.twice").exists()


def test_a_refusal_in_the_rule_takes_back_what_the_rule_already_wrote(alice, child):
    with pytest.raises(ValidationError):
        note_twice(child=child, actor=alice, text="stop")

    assert ran == ["stop"]
    assert not JournalNote.objects.exists()
    assert not Event.objects.filter(kind="tests.note.twice").exists()
    assert refreshed == []
    assert not AuditEntry.objects.filter(action="tests.note.twice").exists()


def test_actions_are_still_called_with_keywords_and_show_them(alice, child):
    assert list(inspect.signature(journal_note_write).parameters) == [
        "child",
        "actor",
        "kind",
        "happened_on",
        "text",
        "for_family",
    ]
    assert list(inspect.signature(measure_start).parameters) == ["measure", "actor", "started_on"]
    with pytest.raises(TypeError):
        assessment_start(child, alice, "Skolefravær")  # the subject and the actor are keywords


def test_the_case_obligations_are_owned_by_the_caseworker_and_her_team(alice, child):
    owners = case_owners(child)

    assert set(owners.values()) == {(alice.team, alice)}
    child.caseworker = None
    assert set(case_owners(child).values()) == {(None, None)}
