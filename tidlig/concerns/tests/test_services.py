"""Services: who may raise and work with a concern, what is checked, and the dialog-based notification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.concerns import services
from tidlig.concerns.models import Concern, GuideStep
from tidlig.concerns.selectors import concerns_visible_to
from tidlig.intake.models import Channel, Notification
from tidlig.timeline.models import Obligation

TODAY = dt.date.today


def raise_for(actor, child, **kw):
    return services.concern_raise(
        actor=actor,
        child=child,
        observation=kw.pop("observation", "Lukas græder ved aflevering hver morgen."),
        observed_on=kw.pop("observed_on", timezone.localdate()),
        **kw,
    )


def notify(actor, concern, **kw):
    args = {
        "text": "Lukas har i tre uger været sulten og træt; forældrene fortæller om arbejdsløshed.",
        "dialog_participants": "Mette Jensen (mor), Eva Pædagog",
        "dialog_parents_view": "Mor er enig i, at Lukas er træt, og vil gerne have hjælp.",
        "idempotency_key": "dialog-1",
    }
    args.update(kw)
    return services.concern_notify_dialog(actor=actor, concern=concern, **args)


def test_an_educator_raises_a_concern_for_a_child_in_her_group(eva, child, group):
    concern = raise_for(eva, child, rating=None)
    assert concern.status == Concern.Status.OPEN
    assert concern.institution.name == "Solsikken"
    assert AuditEntry.objects.filter(action="concerns.concern.raised", object_id=concern.pk).exists()


def test_raising_a_concern_opens_the_handleguide(eva, child, group, municipality):
    raise_for(eva, child)
    assert GuideStep.objects.filter(municipality=municipality, kind="notify").exists()


@pytest.mark.parametrize("persona", ["kim", "alice", "mads", "sara", "olga"])
def test_who_is_not_near_the_child_cannot_raise_a_concern(request, persona, child, group):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        raise_for(actor, child)
    assert not Concern.objects.exists()


def test_the_observation_and_dates_are_checked(eva, child, group):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as e:
        raise_for(
            eva,
            child,
            observation="  ",
            observed_on=today + dt.timedelta(days=1),
            follow_up_on=today - dt.timedelta(days=3),
        )
    assert set(e.value.message_dict) == {"observation", "observed_on", "follow_up_on"}
    assert "fremtiden" in e.value.message_dict["observed_on"][0]


def test_the_leader_and_the_second_educator_see_it_others_do_not(concern, emil, lea, kim, alice, sara, mads):
    for who in (emil, lea):
        assert list(concerns_visible_to(who)) == [concern]
    for who in (kim, alice, sara, mads):
        assert not concerns_visible_to(who).exists()


def test_an_entry_records_a_guide_step_and_moves_the_follow_up(concern, emil, guide):
    step = next(s for s in guide if s.kind == "parents")
    new_date = timezone.localdate() + dt.timedelta(days=30)
    entry = services.concern_add_entry(
        actor=emil,
        concern=concern,
        text="Talt med mor ved afhentning; hun oplever det samme derhjemme.",
        happened_on=timezone.localdate(),
        step=step,
        follow_up_on=new_date,
    )
    concern.refresh_from_db()
    assert entry.step == step
    assert concern.follow_up_on == new_date


def test_kim_cannot_add_to_a_concern_at_another_institution(concern, kim):
    with pytest.raises(PermissionDenied):
        services.concern_add_entry(actor=kim, concern=concern, text="x", happened_on=timezone.localdate())


def test_a_closed_concern_takes_no_more_entries(concern, eva):
    services.concern_close(actor=eva, concern=concern, outcome="resolved", note="Lukas trives igen.")
    with pytest.raises(ValidationError):
        services.concern_add_entry(actor=eva, concern=concern, text="x", happened_on=timezone.localdate())


def test_closing_needs_a_known_outcome(concern, eva):
    with pytest.raises(ValidationError) as e:
        services.concern_close(actor=eva, concern=concern, outcome="forgotten")
    assert "outcome" in e.value.message_dict


def test_a_dialog_based_notification_goes_into_intake_as_a_professional_one(concern, eva, rita, org):
    notification, created = notify(eva, concern)
    assert created
    assert notification.notifier_kind == "professional"
    assert notification.channel == Channel.EDUCATOR
    assert notification.notifier_name == "Eva Pædagog"
    assert notification.notifier_role == "Pædagog"
    assert notification.notifier_workplace == "Solsikken"
    assert notification.notifier_email == "eva@testrup.invalid"
    assert notification.dialog_based
    assert notification.dialog_parents_view.startswith("Mor er enig")
    # The first issue's obligations apply: the 24-hour acute assessment is owed.
    assert Obligation.objects.filter(source_id=notification.pk, code__contains="acute").exists()
    concern.refresh_from_db()
    assert concern.notification == notification
    assert concern.status == Concern.Status.CLOSED
    assert concern.outcome == Concern.Outcome.NOTIFICATION
    assert concern.entries.filter(step__kind="notify").exists()


def test_a_double_submit_never_creates_two_notifications(concern, eva):
    first, _ = notify(eva, concern)
    again, created = notify(eva, concern)
    assert again == first and not created
    assert Notification.objects.count() == 1


def test_a_dialog_based_notification_needs_participants_and_the_parents_view(concern, eva):
    with pytest.raises(ValidationError) as e:
        notify(eva, concern, dialog_participants=" ", dialog_parents_view="")
    assert set(e.value.message_dict) >= {"dialog_participants", "dialog_parents_view"}
    assert not Notification.objects.exists()
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN


def test_kim_cannot_notify_from_a_concern_he_cannot_see(concern, kim):
    with pytest.raises(PermissionDenied):
        notify(kim, concern)
    assert not Notification.objects.exists()
