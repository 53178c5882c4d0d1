"""Bookable slots: a school or daycare leader sees free/busy only and books for their own children, with the
parents' consent; invitations, changes and cancellations as iCalendar by e-mail; the caseworker's feed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from icalendar import Calendar

from tidlig.audit.models import AuditEntry
from tidlig.network import booking, selectors, services
from tidlig.network.models import NetworkMeeting, Slot
from tidlig.people.models import Child

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot(alice):
    return booking.slot_publish(
        actor=alice, starts_at=at(7, 9), ends_at=at(7, 10), place="Rådhuset, lokale 2"
    )


@pytest.fixture
def other_child(municipality, org):
    return Child.objects.create(
        municipality=municipality,
        cpr="0101154234",
        first_name="Oskar",
        last_name="Holm",
        birth_date=dt.date(2015, 1, 1),
        sex="M",
        institution=org["syd_skole"],
        district=org["syd"],
    )


def _book(lea, slot, child, capture):
    with capture(execute=True):
        return booking.slot_book(
            actor=lea, slot=slot, child=child, consent_by="Mette Jensen (mor)", consent_on=at(-1).date()
        )


def _events(message) -> list:
    [(name, body, mimetype)] = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    cal = Calendar.from_ical(body if isinstance(body, bytes) else body.encode())
    return cal, list(cal.walk("VEVENT"))


def test_a_leader_books_a_slot_for_a_child_of_their_institution(
    lea, alice, slot, child, django_capture_on_commit_callbacks, settings
):
    settings.PUBLIC_URL = "https://tidlig.testrup.invalid"
    m = _book(lea, slot, child, django_capture_on_commit_callbacks)
    assert m.caseworker == alice and m.child == child and m.status == NetworkMeeting.Status.PLANNED
    s = Slot.objects.get(pk=slot.pk)
    assert not s.is_free and s.consent_by == "Mette Jensen (mor)" and s.booked_for_id == lea.institution_id
    entry = AuditEntry.objects.get(action="network.slot.booked")
    assert entry.child_id == child.pk
    [msg] = mail.outbox
    assert set(msg.to) == {alice.email, lea.email}
    cal, [ev] = _events(msg)
    assert str(cal["method"]) == "REQUEST"
    assert str(ev["uid"]) == f"{m.uid}@tidlig" and int(ev["sequence"]) == 0
    assert ev.decoded("dtstart") == slot.starts_at
    assert str(ev["summary"]) == "Netværksmøde"
    assert f"https://tidlig.testrup.invalid/netvaerk/moede/{m.pk}/" in str(ev["description"])
    assert "Lukas" not in msg.body and "Lukas" not in str(msg.attachments[0][1])  # no child's name by e-mail


def test_consent_is_required_and_said_in_one_round(lea, slot, child):
    with pytest.raises(ValidationError) as e:
        booking.slot_book(actor=lea, slot=slot, child=child, consent_by=" ", consent_on=None)
    assert set(e.value.message_dict) == {"consent_by", "consent_on"}
    assert Slot.objects.get(pk=slot.pk).is_free


def test_a_leader_cannot_book_for_another_institutions_child(lea, slot, other_child):
    with pytest.raises(PermissionDenied):
        booking.slot_book(actor=lea, slot=slot, child=other_child, consent_by="Far", consent_on=at(-1).date())
    with pytest.raises(Http404):
        selectors.child_to_book_for(lea, other_child.pk)


def test_a_booked_slot_cannot_be_booked_twice(lea, slot, child, sibling, django_capture_on_commit_callbacks):
    _book(lea, slot, child, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        booking.slot_book(actor=lea, slot=slot, child=sibling, consent_by="Mor", consent_on=at(-1).date())


def test_free_busy_shows_no_other_institutions_child(
    lea, alice, bob, slot, other_child, child, municipality, org, django_capture_on_commit_callbacks
):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    school_leader = make_staff("sofie", Role.INSTITUTION_LEADER, municipality, institution=org["syd_skole"])
    other = booking.slot_publish(actor=bob, starts_at=at(8, 9), ends_at=at(8, 10))
    _book(school_leader, other, other_child, django_capture_on_commit_callbacks)
    _book(lea, slot, child, django_capture_on_commit_callbacks)
    rows = {fb.slot.pk: fb for fb in selectors.free_busy(lea)}
    assert rows[other.pk].free is False and rows[other.pk].child is None and not rows[other.pk].mine
    assert rows[slot.pk].child == child and rows[slot.pk].mine
    seen = AuditEntry.objects.filter(actor=lea, action="people.child.viewed", data__view="network.bookings")
    assert list(seen.values_list("child_id", flat=True)) == [child.pk]  # her own booking's child, logged
    # The leader never sees the meeting itself (the minutes are the caseworker's)
    m = NetworkMeeting.objects.get(child=child)
    with pytest.raises((Http404, PermissionDenied)):
        selectors.meeting_get(lea, m.pk)


def test_only_leaders_book_and_only_holders_publish(eva, alice, lea, slot, child):
    with pytest.raises(PermissionDenied):
        booking.slot_book(actor=eva, slot=slot, child=child, consent_by="Mor", consent_on=at(-1).date())
    with pytest.raises(PermissionDenied):
        booking.slot_publish(actor=lea, starts_at=at(3), ends_at=at(3, 11))
    with pytest.raises(ValidationError):  # overlapping her own slot
        booking.slot_publish(actor=alice, starts_at=at(7, 9), ends_at=at(7, 11))


def test_a_change_keeps_the_uid_and_increments_the_sequence_and_a_cancel_says_cancel(
    lea, alice, slot, child, django_capture_on_commit_callbacks
):
    m = _book(lea, slot, child, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_reschedule(actor=alice, meeting=m, starts_at=at(9, 13), ends_at=at(9, 14))
    cal, [ev] = _events(mail.outbox[-1])
    assert str(cal["method"]) == "REQUEST" and int(ev["sequence"]) == 1
    assert str(ev["uid"]) == f"{m.uid}@tidlig"
    assert ev.decoded("dtstart") == at(9, 13)
    assert set(mail.outbox[-1].to) == {alice.email, lea.email}
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=alice, meeting=m, reason="Mor er syg.")
    cal, [ev] = _events(mail.outbox[-1])
    assert str(cal["method"]) == "CANCEL" and str(ev["status"]) == "CANCELLED"
    assert int(ev["sequence"]) == 2 and str(ev["uid"]) == f"{m.uid}@tidlig"
    assert Slot.objects.get(pk=slot.pk).is_free  # the time can be booked again


def test_the_feed_shows_only_free_busy_and_is_revocable(
    lea, alice, slot, child, django_capture_on_commit_callbacks
):
    free = booking.slot_publish(actor=alice, starts_at=at(10, 9), ends_at=at(10, 10))
    _book(lea, slot, child, django_capture_on_commit_callbacks)
    token = booking.feed_create(actor=alice)
    owner = selectors.feed_owner(token)
    assert owner == alice
    from tidlig.network import ics

    body = ics.feed(*selectors.feed_items(owner))
    cal = Calendar.from_ical(body)
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert summaries == ["Ledig tid til netværksmøde", "Netværksmøde"]
    assert b"Lukas" not in body and b"Jensen" not in body and b"Solsikken" not in body
    assert free.pk
    booking.feed_revoke(actor=alice)
    assert selectors.feed_owner(token) is None
