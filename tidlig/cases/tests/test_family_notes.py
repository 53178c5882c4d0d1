"""Journal notes and the family (issue 14 § 2): a note is an internal working note unless the caseworker shows
it to the family (forvaltningsloven § 12); a message the family sends lands on the case as a note the staff
cannot change, and on the timeline; it is checked in one round and limited per day."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.audit.models import AuditEntry
from tidlig.cases import casework, family
from tidlig.cases.models import JournalNote
from tidlig.people.models import Guardianship, Person
from tidlig.timeline.models import Event

pytestmark = pytest.mark.django_db


def _note(child, alice, **extra):
    return casework.journal_note_write(
        child=child, actor=alice, kind="phone", happened_on=timezone.localdate(), text="Mor ringede.", **extra
    )


def test_a_note_is_hidden_from_the_family_until_the_caseworker_shows_it(client_for, alice, owned):
    note = _note(owned, alice)
    assert not note.for_family and list(family.notes_for_family([owned.pk])) == []
    r = client_for(alice).post(reverse("cases:note_share", args=[owned.pk, note.pk]), {"for_family": "1"})
    assert r.status_code == 302
    assert list(family.notes_for_family([owned.pk])) == [note]
    page = client_for(alice).get(reverse("cases:child", args=[owned.pk])).content.decode()
    assert 'data-testid="note-for-family"' in page and "Skjul for familien" in page


def test_the_note_form_offers_vis_for_familien(client_for, alice, owned):
    r = client_for(alice).post(
        reverse("cases:note_new", args=[owned.pk]),
        {
            "kind": "phone",
            "happened_on": timezone.localdate().strftime("%d.%m.%Y"),
            "text": "Aftalt møde.",
            "for_family": "1",
        },
    )
    assert r.status_code == 302
    assert JournalNote.objects.get().for_family


def test_the_api_twin_shows_and_hides_and_refuses_others(client_for, alice, bob, owned):
    note = _note(owned, alice)
    url = f"/api/v1/children/{owned.pk}/notes/{note.pk}/family"
    r = client_for(alice).put(url, {"for_family": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["for_family"] is True
    refused = client_for(bob).put(url, {"for_family": False}, content_type="application/json")
    assert refused.status_code in (403, 404)
    assert JournalNote.objects.get(pk=note.pk).for_family
    assert AuditEntry.objects.filter(action="cases.note.shared", actor=alice).exists()


def test_a_message_from_the_family_lands_on_the_case_and_the_timeline(client_for, alice, owned, mother):
    note = family.message_from_family(person=mother, child=owned, text="Kan vi flytte mødet på torsdag?")
    assert note.from_person == mother and note.author is None and note.for_family and note.kind == "family"
    event = Event.objects.get(child=owned, kind="cases.note.from_family")
    assert "Kan vi flytte mødet" in event.summary and event.actor is None
    entry = AuditEntry.objects.get(action="cases.note.from_family")
    assert entry.citizen == audit.citizen_key(mother.cpr) and "text" not in entry.data
    page = client_for(alice).get(reverse("cases:child", args=[owned.pk])).content.decode()
    assert "Mette Jensen via Tidlig" in page and "Kan vi flytte mødet på torsdag?" in page
    [row] = client_for(alice).get(f"/api/v1/children/{owned.pk}/notes").json()
    assert row["from_family"] is True and row["author"] is None and row["from_person"] == "Mette Jensen"


def test_staff_cannot_hide_or_change_the_familys_message(client_for, alice, owned, mother):
    note = family.message_from_family(person=mother, child=owned, text="Tak for i dag.")
    with pytest.raises(ValidationError, match="kan ikke ændres"):
        casework.journal_note_share(note=note, actor=alice, for_family=False)
    r = client_for(alice).put(
        f"/api/v1/children/{owned.pk}/notes/{note.pk}/family",
        {"for_family": False},
        content_type="application/json",
    )
    assert r.status_code == 422
    with pytest.raises(ValidationError):
        casework.journal_note_write(
            child=owned, actor=alice, kind="family", happened_on=timezone.localdate(), text="Forfalsket"
        )
    assert JournalNote.objects.get(pk=note.pk).for_family


def test_every_problem_with_a_message_is_said_at_once(owned, mother):
    with pytest.raises(ValidationError) as e:
        family.message_from_family(person=mother, child=owned, text="<b>hej</b> " + "x" * 2001)
    [problems] = [e.value.message_dict["text"]]
    assert (
        len(problems) == 2
        and any("for lang" in p for p in problems)
        and any("almindelig tekst" in p for p in problems)
    )
    with pytest.raises(ValidationError, match="Skriv jeres besked"):
        family.message_from_family(person=mother, child=owned, text="   ")
    assert not JournalNote.objects.exists()
    family.message_from_family(person=mother, child=owned, text="3 < 5 og 7 > 2 er fint")


def test_five_messages_a_day_then_wait(owned, mother, clock):
    for n in range(family.MESSAGES_PER_DAY):
        family.message_from_family(person=mother, child=owned, text=f"Besked {n}")
    with pytest.raises(ValidationError, match="I har sendt 5 beskeder det seneste døgn"):
        family.message_from_family(person=mother, child=owned, text="En til")
    later = timezone.now() + dt.timedelta(hours=25)
    family.message_from_family(person=mother, child=owned, text="Dagen efter", now=later)


def test_only_a_parent_with_custody_may_write(municipality, owned):
    father = Person.objects.create(municipality=municipality, first_name="Frank", last_name="Jensen")
    Guardianship.objects.create(child=owned, person=father, relation="father", has_custody=False)
    with pytest.raises(PermissionDenied):
        family.message_from_family(person=father, child=owned, text="Hej")
    assert not JournalNote.objects.exists()


def test_the_caseworker_sees_the_message_on_their_worklist(client_for, alice, bob, owned, mother):
    family.message_from_family(person=mother, child=owned, text="Lukas er syg i dag.")
    page = client_for(alice).get(reverse("cases:my_worklist")).content.decode()
    assert 'data-testid="family-messages"' in page and "Lukas er syg i dag." in page
    assert "Lukas er syg i dag." not in client_for(bob).get(reverse("cases:my_worklist")).content.decode()
    assert AuditEntry.objects.filter(actor=alice, child_id=owned.pk, data__view="family_messages").exists()
