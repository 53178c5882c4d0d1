"""Registering a notification of concern (underretning, BL §§ 132–135) and routing it.

The helpers at the top are shared with the other test_services_*.py files.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tidlig.audit.models import AuditEntry
from tidlig.intake.models import Channel, Notification
from tidlig.intake.services import (
    IdempotencyConflict,
    NotificationData,
    NotifierData,
    notification_register,
    self_as_notifier,
)
from tidlig.people.models import Child, Guardianship, Person
from tidlig.rules.calendar import CPH
from tidlig.timeline.models import Event, Obligation

pytestmark = pytest.mark.django_db

# Monday 14 April 2025, 09:00 in Copenhagen: the week before Easter.
NOW = dt.datetime(2025, 4, 14, 9, 0, tzinfo=CPH)
RECEIVED = NOW - dt.timedelta(hours=1)


def professional(**changes) -> NotifierData:
    values = dict(
        kind="professional", name="Pia Lærer", role="Lærer", workplace="Sydskolen", email="pia@skole.invalid"
    )
    return NotifierData(**{**values, **changes})


def citizen(**changes) -> NotifierData:
    return NotifierData(**{**dict(kind="citizen", name="Nabo Nielsen", phone="12345678"), **changes})


def anonymous() -> NotifierData:
    return NotifierData(kind="anonymous")


def notify(
    actor,
    child,
    *,
    notifier=None,
    received_at=RECEIVED,
    text="Barnet kommer ofte sultent i skole.",
    key=None,
    now=NOW,
    channel=Channel.RECEPTION,
) -> Notification:
    data = NotificationData(
        child=child, received_at=received_at, notifier=notifier or professional(), text=text
    )
    notification, _ = notification_register(
        actor=actor, data=data, channel=channel, idempotency_key=key, now=now
    )
    return notification


def obligations(notification) -> dict[str, Obligation]:
    return {o.code: o for o in Obligation.objects.filter(source="notification", source_id=notification.pk)}


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        call()
    return e.value.message_dict


# Registering ----------------------------------------------------------------------------------------------


def test_it_registers_the_notification_with_an_event_on_the_childs_timeline(rita, child):
    n = notify(rita, child)
    assert (n.child, n.municipality, n.registered_by, n.received_at) == (
        child,
        rita.municipality,
        rita,
        RECEIVED,
    )
    event = Event.objects.get(child=child)
    assert event.kind == "intake.notification.received"
    assert (event.occurred_at, event.actor, event.source, event.source_id) == (
        RECEIVED,
        rita,
        "notification",
        n.pk,
    )


def test_it_stores_the_obligations_with_reception_and_the_routed_team_as_owners(rita, child, org):
    n = notify(rita, child)
    found = obligations(n)
    assert set(found) == {"acute_assessment", "receipt", "screening", "notifier_feedback"}
    for code in ("acute_assessment", "receipt"):
        assert (found[code].team, found[code].assignee) == (org["reception"], None), code
    for code in ("screening", "notifier_feedback"):
        assert (found[code].team, found[code].assignee) == (org["team_nord"], None), code
    assert all(o.is_open and o.child == child for o in found.values())
    assert found["acute_assessment"].due_at == RECEIVED + dt.timedelta(hours=24)
    assert found["receipt"].due_date == dt.date(2025, 4, 25)  # Easter 17, 18 and 21 April


def test_it_writes_an_audit_row_for_the_registration(rita, child):
    n = notify(rita, child)
    entry = AuditEntry.objects.get(action="intake.notification.received")
    assert (entry.actor, entry.object_type, entry.object_id, entry.child_id) == (
        rita,
        "notification",
        n.pk,
        child.pk,
    )
    assert entry.municipality_id == rita.municipality_id


def test_an_anonymous_notification_has_no_receipt_obligation(rita, child):
    assert set(obligations(notify(rita, child, notifier=anonymous()))) == {"acute_assessment", "screening"}


def test_it_accepts_a_received_time_a_few_minutes_ahead_of_the_server_clock(rita, child):
    assert notify(rita, child, received_at=NOW + dt.timedelta(minutes=4)).pk


def test_it_refuses_a_received_time_in_the_future(rita, child):
    errors = errors_of(lambda: notify(rita, child, received_at=NOW + dt.timedelta(minutes=10)))
    assert "fremtiden" in errors["received_at"][0]
    assert not Notification.objects.exists() and not Event.objects.exists()


def test_it_refuses_a_professional_without_a_name(rita, child):
    errors = errors_of(lambda: notify(rita, child, notifier=professional(name="  ")))
    assert "§ 133" in errors["notifier_name"][0]
    assert "Anonym" in errors["notifier_name"][0]


def test_it_refuses_a_professional_without_a_workplace_or_a_way_to_reach_them(rita, child):
    errors = errors_of(lambda: notify(rita, child, notifier=professional(workplace="", email="")))
    assert "arbejdssted" in errors["notifier_workplace"][0]
    assert "§ 138" in errors["notifier_email"][0]


def test_it_refuses_a_citizen_without_a_name(rita, child):
    errors = errors_of(lambda: notify(rita, child, notifier=citizen(name="")))
    assert "borgerens navn" in errors["notifier_name"][0]
    assert not Notification.objects.exists()


def test_it_refuses_another_municipality_as_notifier_without_saying_which(rita, child):
    errors = errors_of(lambda: notify(rita, child, notifier=NotifierData(kind="municipality")))
    assert "§ 132" in errors["notifier_workplace"][0]


def test_it_refuses_an_empty_text(rita, child):
    errors = errors_of(lambda: notify(rita, child, text=" \n "))
    assert errors["text"] == ["Beskriv bekymringen."]


def test_it_names_every_field_to_fix_at_once(rita, child):
    errors = errors_of(
        lambda: notify(
            rita, child, notifier=citizen(name=""), text="", received_at=NOW + dt.timedelta(days=1)
        )
    )
    assert set(errors) == {"received_at", "notifier_name", "text"}


# Idempotency ----------------------------------------------------------------------------------------------


def test_the_same_idempotency_key_returns_the_first_notification(rita, child):
    data = NotificationData(child=child, received_at=RECEIVED, notifier=professional(), text="Sulten.")
    first, created = notification_register(
        actor=rita, data=data, channel=Channel.API, idempotency_key="k-1", now=NOW
    )
    again, created_again = notification_register(
        actor=rita, data=data, channel=Channel.API, idempotency_key="k-1", now=NOW
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Notification.objects.count() == 1
    assert Event.objects.count() == 1
    assert AuditEntry.objects.filter(action="intake.notification.received").count() == 1


def test_the_same_idempotency_key_with_different_content_is_a_conflict(rita, child):
    notify(rita, child, key="k-1", text="Sulten.")
    with pytest.raises(IdempotencyConflict):
        notify(rita, child, key="k-1", text="Noget helt andet.")
    assert Notification.objects.count() == 1


def test_different_idempotency_keys_make_different_notifications(rita, child):
    notify(rita, child, key="k-1")
    notify(rita, child, key="k-2")
    assert Notification.objects.count() == 2


def test_a_blank_idempotency_key_counts_as_no_key(rita, child):
    first = notify(rita, child, key="  ")
    second = notify(rita, child, key="  ", text="En ny bekymring.")
    assert first.pk != second.pk
    assert Notification.objects.count() == 2


# Who may submit -------------------------------------------------------------------------------------------


def test_an_educator_may_submit_as_herself(eva, child):
    n = notify(eva, child, notifier=self_as_notifier(eva), channel=Channel.EDUCATOR)
    assert (n.notifier_kind, n.notifier_name, n.notifier_workplace, n.notifier_staff) == (
        "professional",
        "Eva Pædagog",
        "Solsikken",
        eva,
    )
    assert n.notifier_category == "3"  # daycare in Danmarks Statistik's categories


def test_it_refuses_an_analyst(ann, child):
    with pytest.raises(PermissionDenied):
        notify(ann, child)
    assert not Notification.objects.exists()


def test_it_refuses_another_municipality_for_a_testrup_child(olga, child):
    with pytest.raises(PermissionDenied):
        notify(olga, child)
    assert not Notification.objects.exists()


# Routing: continuity first (the child's own caseworker, then a sibling's), else the district team --------


def test_a_child_with_a_caseworker_goes_to_that_caseworker_and_team(rita, bob, child, org):
    child.caseworker = bob  # Bob's team is Syd although the child lives in Nord: continuity wins
    child.save()
    n = notify(rita, child)
    assert (n.team, n.assignee) == (org["team_syd"], bob)
    assert (obligations(n)["screening"].assignee, obligations(n)["notifier_feedback"].assignee) == (bob, bob)


def test_a_child_whose_sibling_has_a_caseworker_goes_to_the_siblings_caseworker(
    rita, bob, child, sibling, org
):
    sibling.caseworker = bob
    sibling.save()
    n = notify(rita, child)
    assert (n.team, n.assignee) == (org["team_syd"], bob)


def test_a_sibling_counts_only_through_a_guardian_with_custody(rita, bob, child, org, municipality):
    father = Person.objects.create(municipality=municipality, first_name="Far", last_name="Uden")
    half = Child.objects.create(
        municipality=municipality, first_name="Halv", last_name="Søster", caseworker=bob
    )
    Guardianship.objects.create(child=half, person=father, relation="father", has_custody=False)
    Guardianship.objects.create(child=child, person=father, relation="father", has_custody=False)
    n = notify(rita, child)
    assert (n.team, n.assignee) == (org["team_nord"], None)


def test_an_unrelated_childs_caseworker_is_not_used(rita, bob, child, org, municipality):
    Child.objects.create(municipality=municipality, first_name="Anden", last_name="Familie", caseworker=bob)
    n = notify(rita, child)
    assert (n.team, n.assignee) == (org["team_nord"], None)


def test_a_child_without_a_caseworker_goes_unassigned_to_the_district_team(rita, child, org):
    n = notify(rita, child)
    assert (n.team, n.assignee) == (org["team_nord"], None)


def test_a_caseworker_who_has_left_is_passed_over_for_the_district_team(rita, alice, child, org):
    child.caseworker = alice
    child.save()
    alice.is_active = False
    alice.save()
    n = notify(rita, child)
    assert (n.team, n.assignee) == (org["team_nord"], None)


# Who notifies, and when: the service's rule, whichever door (BL § 133) ------------------------------------


def test_an_educator_calling_the_service_directly_notifies_as_herself_and_now(eva, child):
    """No door need hide fields: the service itself refuses another notifier and a backdated receipt."""
    n = notify(
        eva,
        child,
        notifier=citizen(name="Opdigtet Nabo"),
        received_at=NOW - dt.timedelta(days=200),
        channel=Channel.EDUCATOR,
    )

    assert n.notifier_staff == eva
    assert (n.notifier_kind, n.notifier_name, n.notifier_workplace) == (
        "professional",
        "Eva Pædagog",
        "Solsikken",
    )
    assert n.received_at == NOW
    # the deadlines run from when the municipality got it, not from the sent date
    assert obligations(n)["screening"].due_at > NOW


def test_an_educator_needs_neither_a_notifier_nor_a_time_but_reception_needs_both_in_one_round(
    rita, eva, child
):
    data = NotificationData(child=child, received_at=None, notifier=None, text="Lukas er sulten.")

    mine, created = notification_register(actor=eva, data=data, channel=Channel.EDUCATOR, now=NOW)
    assert created
    assert (mine.notifier_staff, mine.received_at) == (eva, NOW)

    errors = errors_of(
        lambda: notification_register(actor=rita, data=data, channel=Channel.RECEPTION, now=NOW)
    )
    assert set(errors) >= {"received_at", "notifier"}
    assert Notification.objects.count() == 1


def test_reception_registers_for_someone_else_at_the_time_it_was_received(rita, child):
    n = notify(rita, child, notifier=citizen(), received_at=RECEIVED)

    assert n.notifier_staff is None
    assert (n.notifier_kind, n.notifier_name) == ("citizen", "Nabo Nielsen")
    assert n.received_at == RECEIVED
