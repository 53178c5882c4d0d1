"""A parent withdraws the consent behind a named team item themself (issue 14 § 2): the item not yet
discussed leaves the agenda and cannot come back on that consent; one already discussed stays in the minutes
but the team no longer sees the name; staff see when and that the parent did it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.audit.models import AuditEntry
from tidlig.crossteam import selectors, services
from tidlig.crossteam.models import MeetingItem
from tidlig.people.models import Guardianship, Person

pytestmark = pytest.mark.django_db


def test_withdrawing_takes_the_item_off_the_agenda_and_staff_see_who_withdrew(
    client_for, lea, mother, child, named_item, meeting, later_meeting
):
    [before] = selectors.consents_for_children([child.pk])
    assert before.kind == "crossteam" and not before.withdrawn
    assert "bliver taget af dagsordenen" in before.effect

    services.consent_withdraw_by_parent(person=mother, item=named_item)

    item = MeetingItem.objects.get(pk=named_item.pk)
    assert item.meeting_id is None
    assert item.consent_withdrawn_on == timezone.localdate() and item.consent_withdrawn_by == mother
    entry = AuditEntry.objects.get(action="crossteam.item.consent_withdrawn")
    assert (
        entry.actor is None and entry.citizen == audit.citizen_key(mother.cpr) and entry.child_id == child.pk
    )
    page = client_for(lea).get(reverse("crossteam:item", args=[item.pk])).content.decode()
    assert "af forælderen via Tidlig" in page
    with pytest.raises(ValidationError, match="trukket dette samtykke tilbage"):
        services.item_schedule(actor=lea, item=item, meeting=later_meeting)
    [after] = selectors.consents_for_children([child.pk])
    assert after.withdrawn and after.withdrawn_by_family
    assert "taget af dagsordenen" in after.effect


def test_a_discussed_item_stays_in_the_minutes_but_the_team_no_longer_sees_the_name(
    client_for, lea, sara, mother, child, named_item, meeting
):
    services.item_record_minutes(
        actor=lea,
        item=named_item,
        advice="Mere ro om morgenen.",
        agreements="",
        responsible="",
        follow_up_on=None,
    )
    services.meeting_record_minutes(actor=lea, meeting=meeting, held=True, minutes="", next_meeting_on=None)
    [consent] = selectors.consents_for_children([child.pk])
    assert "Det kan ikke gøres om" in consent.effect

    services.consent_withdraw_by_parent(person=mother, item=named_item)

    item = MeetingItem.objects.get(pk=named_item.pk)
    assert item.meeting_id == meeting.pk and item.advice == "Mere ro om morgenen."
    page = client_for(sara).get(reverse("crossteam:meeting", args=[meeting.pk])).content.decode()
    assert "Lukas Jensen" not in page


def test_only_a_parent_with_custody_may_withdraw_and_only_once(municipality, mother, child, named_item):
    father = Person.objects.create(municipality=municipality, first_name="Frank", last_name="Jensen")
    Guardianship.objects.create(child=child, person=father, relation="father", has_custody=False)
    stranger = Person.objects.create(municipality=municipality, first_name="Birthe", last_name="Holm")
    for refused in (father, stranger):
        with pytest.raises(PermissionDenied):
            services.consent_withdraw_by_parent(person=refused, item=named_item)
    assert MeetingItem.objects.get(pk=named_item.pk).consent_withdrawn_on is None
    services.consent_withdraw_by_parent(person=mother, item=named_item)
    with pytest.raises(ValidationError, match="allerede trukket tilbage"):
        services.consent_withdraw_by_parent(person=mother, item=named_item)
