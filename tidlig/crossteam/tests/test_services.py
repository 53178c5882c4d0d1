"""Consent rules (RSL § 11 e), withdrawn consent, the team and the agenda, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.crossteam import services
from tidlig.crossteam.models import CrossTeamMember, MeetingItem, Profession
from tidlig.crossteam.selectors import item_for, meeting_for
from tidlig.people.models import Person

from .conftest import consent


def test_a_named_item_without_consent_is_refused_with_a_danish_message(meeting, lea, child):
    with pytest.raises(ValidationError) as e:
        services.item_add(actor=lea, meeting=meeting, kind="named", question="Uro", child=child)
    assert "forældrenes samtykke" in e.value.message_dict["consent_by"][0]
    assert not MeetingItem.objects.exists()


def test_consent_must_come_from_a_custody_guardian(meeting, lea, child, municipality):
    neighbour = Person.objects.create(municipality=municipality, first_name="Nabo", last_name="Hansen")
    with pytest.raises(ValidationError) as e:
        services.item_add(actor=lea, meeting=meeting, **consent(child, neighbour))
    assert "forældremyndighedsindehaver" in e.value.message_dict["consent_by"][0]


def test_a_second_meeting_on_the_same_consent_is_refused(named_item, later_meeting, lea, child, mother):
    with pytest.raises(ValidationError) as e:
        services.item_add(actor=lea, meeting=later_meeting, **consent(child, mother))
    message = e.value.message_dict["consent_on"][0]
    assert "§ 11 e, stk. 2" in message and "allerede brugt" in message


def test_a_new_consent_allows_a_later_meeting(named_item, later_meeting, lea, child, mother):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    item = services.item_add(actor=lea, meeting=later_meeting, **consent(child, mother, consent_on=yesterday))
    assert item.meeting == later_meeting


def test_a_follow_up_needs_a_reason_and_happens_once(named_item, later_meeting, lea, child, mother, org):
    with pytest.raises(ValidationError) as e:
        services.item_add(actor=lea, meeting=later_meeting, **consent(child, mother, follow_up_of=named_item))
    assert "særligt tilfælde" in e.value.message_dict["follow_up_reason"][0]
    follow = services.item_add(
        actor=lea,
        meeting=later_meeting,
        **consent(child, mother, follow_up_of=named_item, follow_up_reason="Aftalt opfølgning efter 4 uger"),
    )
    assert follow.follow_up_of == named_item
    third = services.meeting_create(
        actor=lea,
        institution_id=org["solsikken"].pk,
        starts_at=later_meeting.starts_at + dt.timedelta(days=30),
        place="",
    )
    with pytest.raises(ValidationError) as e:
        services.item_add(
            actor=lea,
            meeting=third,
            **consent(child, mother, follow_up_of=named_item, follow_up_reason="Igen"),
        )
    assert "allerede holdt et opfølgende møde" in e.value.message_dict["follow_up_of"][0]


def test_scheduling_a_proposal_applies_the_consent_rule(
    named_item, later_meeting, eva, lea, child, mother, group
):
    proposal = services.item_propose(actor=eva, **consent(child, mother))
    assert proposal.meeting is None
    with pytest.raises(ValidationError):
        services.item_schedule(actor=lea, item=proposal, meeting=later_meeting)


def test_an_anonymous_item_keeps_no_child(anonymous_item):
    assert anonymous_item.child is None and anonymous_item.consent_by is None


def test_only_the_leader_sets_the_agenda(meeting, sara, eva, child, mother):
    for who in (sara, eva):
        with pytest.raises(PermissionDenied):
            services.item_add(actor=who, meeting=meeting, **consent(child, mother))


def test_kim_cannot_propose_a_child_outside_his_groups(kim, child, mother, group):
    with pytest.raises(PermissionDenied):
        services.item_propose(actor=kim, **consent(child, mother))


def test_withdrawn_consent_hides_the_name_from_team_members_not_the_leader(named_item, lea, sara, child):
    assert item_for(sara, named_item.pk).label == child.display_name
    services.item_withdraw_consent(actor=lea, item=named_item)
    seen_by_sara = item_for(sara, named_item.pk)
    assert seen_by_sara.label != child.display_name and not seen_by_sara.child_shown
    assert item_for(lea, named_item.pk).child_shown


def test_reading_a_meeting_logs_each_named_child_shown(named_item, anonymous_item, hanne, child):
    meeting_for(hanne, named_item.meeting_id)
    rows = AuditEntry.objects.filter(action="people.child.viewed", actor=hanne)
    assert list(rows.values_list("child_id", "data")) == [(child.pk, {"view": "crossteam_meeting"})]


def test_the_leader_adds_and_deactivates_a_member_when_needed(lea, org, municipality):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    ergo = make_staff("ergo", Role.SPECIALIST, municipality)
    member = services.member_add(
        actor=lea,
        institution_id=org["solsikken"].pk,
        staff=ergo,
        profession=Profession.OCCUPATIONAL_THERAPIST,
    )
    assert not member.fixed
    services.member_deactivate(actor=lea, member=member)
    assert not CrossTeamMember.objects.get(pk=member.pk).active


def test_fixed_members_are_not_removed_in_the_ui(lea, sara):
    with pytest.raises(ValidationError):
        services.member_deactivate(actor=lea, member=sara.cross_team_seats.get())


def test_minutes_record_advice_and_follow_up(named_item, pia):
    item = services.item_record_minutes(
        actor=pia,
        item=named_item,
        advice="Støt legerelationer",
        agreements="Pædagog laver legegrupper",
        responsible="Eva: legegrupper; Pia: observation",
        follow_up_on=timezone.localdate() + dt.timedelta(days=40),
        parents_attended=True,
    )
    assert item.parents_attended is True and item.advice == "Støt legerelationer"
