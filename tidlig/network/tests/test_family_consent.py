"""A parent withdraws the consent behind a booked network meeting (issue 14 § 2): a meeting not yet held is
cancelled with the iCalendar CANCEL and the caseworker's time is free again; a held meeting is not undone.
The booking's free-text consent is linked to the parent where one is known."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar

from tidlig.audit import services as audit
from tidlig.audit.models import AuditEntry
from tidlig.network import booking, services
from tidlig.network.models import NetworkMeeting, Slot
from tidlig.people.models import Person
from tidlig.timeline.models import Event

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(lea, alice, child, django_capture_on_commit_callbacks):
    slot = booking.slot_publish(actor=alice, starts_at=at(7, 9), ends_at=at(7, 10), place="Rådhuset")
    with django_capture_on_commit_callbacks(execute=True):
        booking.slot_book(
            actor=lea, slot=slot, child=child, consent_by="mette  jensen", consent_on=at(-1).date()
        )
    mail.outbox.clear()
    return Slot.objects.get(pk=slot.pk)


def test_the_free_text_consent_is_linked_to_the_parent_it_names(booked, mother):
    assert booked.consent_person == mother and booked.consent_by == "mette  jensen"


def test_an_unknown_name_is_kept_as_free_text_without_a_link(lea, alice, child):
    slot = booking.slot_publish(actor=alice, starts_at=at(8, 9), ends_at=at(8, 10))
    booking.slot_book(
        actor=lea, slot=slot, child=child, consent_by="Mor (mundtligt)", consent_on=at(-1).date()
    )
    s = Slot.objects.get(pk=slot.pk)
    assert s.consent_person is None and s.consent_by == "Mor (mundtligt)"


def test_a_named_parent_must_have_custody(lea, alice, child, municipality):
    stranger = Person.objects.create(municipality=municipality, first_name="Birthe", last_name="Holm")
    slot = booking.slot_publish(actor=alice, starts_at=at(8, 9), ends_at=at(8, 10))
    with pytest.raises(ValidationError) as e:
        booking.slot_book(
            actor=lea, slot=slot, child=child, consent_by="", consent_on=None, consent_person=stranger
        )
    assert set(e.value.message_dict) == {"consent_by", "consent_on", "consent_person"}


def test_withdrawing_before_the_meeting_cancels_it_and_frees_the_time(
    client_for, alice, lea, mother, child, booked, django_capture_on_commit_callbacks
):
    [before] = booking.consents_for_children([child.pk])
    assert before.kind == "network" and "bliver aflyst" in before.effect

    with django_capture_on_commit_callbacks(execute=True):
        booking.booking_consent_withdraw_by_parent(person=mother, slot=booked)

    m = NetworkMeeting.objects.get(pk=booked.meeting_id)
    assert m.status == NetworkMeeting.Status.CANCELLED and m.sequence == 1
    [msg] = mail.outbox
    assert set(msg.to) == {alice.email, lea.email}
    cal = Calendar.from_ical(msg.attachments[0][1])
    assert str(cal["method"]) == "CANCEL"
    kept = Slot.objects.get(pk=booked.pk)
    assert kept.consent_withdrawn_by == mother and kept.meeting_id == m.pk and kept.consent_by
    assert Slot.objects.filter(
        caseworker=alice, starts_at=booked.starts_at, meeting__isnull=True, withdrawn_at__isnull=True
    ).exists()
    assert Event.objects.filter(child=child, kind="network.booking.consent_withdrawn").exists()
    assert AuditEntry.objects.get(action="network.booking.consent_withdrawn").citizen == audit.citizen_key(
        mother.cpr
    )
    page = client_for(alice).get(reverse("network:meeting", args=[m.pk])).content.decode()
    assert "af forælderen via Tidlig" in page
    [after] = booking.consents_for_children([child.pk])
    assert after.withdrawn_by_family and "er aflyst" in after.effect


def test_a_held_meeting_is_not_undone(alice, mother, child, booked):
    services.meeting_hold(
        actor=alice,
        meeting=booked.meeting,
        outcome="close",
        reason="Målet er nået.",
        held_at=at(-1),
    )
    booking.booking_consent_withdraw_by_parent(person=mother, slot=booked)
    m = NetworkMeeting.objects.get(pk=booked.meeting_id)
    assert m.status == NetworkMeeting.Status.HELD and m.outcome_reason == "Målet er nået."
    assert not mail.outbox
    [consent] = booking.consents_for_children([child.pk])
    assert "kan ikke gøres om" in consent.effect


def test_someone_without_custody_cannot_withdraw(municipality, booked):
    stranger = Person.objects.create(municipality=municipality, first_name="Birthe", last_name="Holm")
    with pytest.raises(PermissionDenied):
        booking.booking_consent_withdraw_by_parent(person=stranger, slot=booked)
    assert NetworkMeeting.objects.get(pk=booked.meeting_id).status == NetworkMeeting.Status.PLANNED


def test_the_migration_links_old_bookings_to_the_parent_they_name(booked, mother):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("tidlig.network.migrations.0002_slot_consent_person")
    Slot.objects.filter(pk=booked.pk).update(consent_person=None, consent_by=" Mette   JENSEN ")
    migration.link_known_parents(apps, None)
    assert Slot.objects.get(pk=booked.pk).consent_person == mother
    Slot.objects.filter(pk=booked.pk).update(consent_person=None, consent_by="mor")
    migration.link_known_parents(apps, None)
    assert Slot.objects.get(pk=booked.pk).consent_person is None
