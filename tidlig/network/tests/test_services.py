"""Network meetings: outcomes, agreements that carry over, the follow-up obligation and its window."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.network import booking, selectors, services
from tidlig.network.models import Agreement, NetworkMeeting, NetworkSettings
from tidlig.timeline.models import Event, Obligation
from tidlig.timeline.selectors import caseworker_worklist

from .conftest import at

pytestmark = pytest.mark.django_db


def _followups(meeting):
    return list(
        Obligation.objects.filter(source="network_meeting", source_id=meeting.pk, code="network_followup")
    )


def test_a_planned_meeting_is_on_the_timeline_and_links_the_notification(planned, owned):
    assert planned.status == NetworkMeeting.Status.PLANNED
    assert [p.name for p in planned.private_network.all()] == ["Birthe Jensen"]
    assert Event.objects.filter(child=owned, kind="network.meeting.planned", source_id=planned.pk).exists()
    assert AuditEntry.objects.filter(action="network.meeting.planned", object_id=planned.pk).exists()


def test_holding_with_continue_owes_a_followup_on_the_worklist(planned, alice):
    services.meeting_hold(actor=alice, meeting=planned, outcome="continue", reason="Vi fortsætter planen.")
    [o] = _followups(planned)
    held_on = timezone.localdate(NetworkMeeting.objects.get(pk=planned.pk).held_at)
    assert o.due_date == held_on + dt.timedelta(weeks=8)
    assert o.assignee == alice and o.is_open
    later = [r.obligation.code for r in caseworker_worklist(alice)["later"]]
    assert "network_followup" in later


@pytest.mark.parametrize(
    "outcome", ["close", "escalate_notification", "escalate_investigation", "other_help"]
)
def test_an_ending_outcome_owes_no_followup(planned, alice, outcome):
    services.meeting_hold(actor=alice, meeting=planned, outcome=outcome, reason="Begrundelse.")
    assert _followups(planned) == []
    assert NetworkMeeting.objects.get(pk=planned.pk).outcome == outcome


def test_an_outcome_needs_a_reason_and_a_known_value(planned, alice):
    with pytest.raises(ValidationError) as e:
        services.meeting_hold(actor=alice, meeting=planned, outcome="maybe", reason=" ")
    assert set(e.value.message_dict) == {"outcome", "outcome_reason"}
    assert NetworkMeeting.objects.get(pk=planned.pk).status == NetworkMeeting.Status.PLANNED


def test_the_next_meeting_opens_with_the_agreements_and_fulfils_the_followup(planned, alice, owned):
    a = services.agreement_add(
        actor=alice, meeting=planned, text="Mormor henter om tirsdagen", owner="Mormor", due_on=at(14).date()
    )
    services.meeting_hold(actor=alice, meeting=planned, outcome="continue", reason="Godt i gang.")
    nxt = services.meeting_next(actor=alice, previous=planned, starts_at=at(0, 8), ends_at=at(0, 9))
    assert nxt.previous_id == planned.pk
    assert [x.pk for x in selectors.carried_over(nxt)] == [a.pk]
    assert [p.name for p in nxt.private_network.all()] == ["Birthe Jensen"]  # the network is invited again
    services.agreement_status_set(actor=alice, agreement=a, status="done", note="Det fungerer.")
    assert Agreement.objects.get(pk=a.pk).status == "done"
    [o] = _followups(planned)
    assert o.is_open
    services.meeting_hold(actor=alice, meeting=nxt, outcome="close", reason="Målet er nået.")
    [o] = _followups(planned)
    assert not o.is_open and o.met_at is not None
    assert o.status_at(timezone.now()).value == "met"


def test_the_window_is_the_municipalitys(planned, alice, municipality):
    NetworkSettings.objects.create(
        municipality=municipality, followup_earliest_weeks=4, followup_latest_weeks=6
    )
    services.meeting_hold(actor=alice, meeting=planned, outcome="continue", reason="Fortsæt.")
    [o] = _followups(planned)
    assert o.due_date == timezone.localdate() + dt.timedelta(weeks=6)


def test_only_the_caseworker_and_team_leader_act(planned, bob, tom, eva):
    for stranger in (bob, eva):
        with pytest.raises(PermissionDenied):
            services.meeting_hold(actor=stranger, meeting=planned, outcome="close", reason="x")
    services.meeting_hold(actor=tom, meeting=planned, outcome="close", reason="Teamlederen lukker.")


def test_a_held_meeting_is_not_held_again_and_a_cancelled_one_cannot_be_held(planned, alice):
    services.meeting_hold(actor=alice, meeting=planned, outcome="close", reason="Slut.")
    with pytest.raises(ValidationError):
        services.meeting_hold(actor=alice, meeting=planned, outcome="close", reason="Igen.")
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=alice, meeting=planned, reason="For sent.")


def test_a_meeting_link_must_be_the_childs(owned, sibling, alice):
    from tidlig.intake.models import Notification

    other = Notification(child=sibling)
    other.child_id = sibling.pk
    with pytest.raises(ValidationError):
        services.meeting_plan(
            actor=alice,
            child=owned,
            context="notification",
            starts_at=at(1),
            ends_at=at(1, 11),
            notification=other,
        )


def test_times_must_make_sense(owned, alice):
    with pytest.raises(ValidationError):
        services.meeting_plan(
            actor=alice, child=owned, context="advice", starts_at=at(1, 11), ends_at=at(1, 10)
        )


def test_an_online_link_is_http_only(owned, alice, planned):
    with pytest.raises(ValidationError) as e:
        services.meeting_plan(
            actor=alice,
            child=owned,
            context="advice",
            starts_at=at(1),
            ends_at=at(1, 11),
            online_link="javascript:alert(1)",
        )
    assert "online_link" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.meeting_reschedule(
            actor=alice, meeting=planned, starts_at=at(2), ends_at=at(2, 11), online_link="data:text/html,x"
        )
    m = services.meeting_reschedule(
        actor=alice,
        meeting=planned,
        starts_at=at(2),
        ends_at=at(2, 11),
        online_link="https://moede.example.invalid/x",
    )
    assert m.online_link == "https://moede.example.invalid/x"


def test_a_colleague_with_read_access_cannot_plan_and_a_childs_own_caseworker_can(owned, alice, bob):
    from tidlig.cases.models import CaseAccess

    CaseAccess.objects.create(child=owned, staff=bob, granted_by=alice, reason="Ferie")
    with pytest.raises(PermissionDenied):
        services.meeting_plan(actor=bob, child=owned, context="advice", starts_at=at(1), ends_at=at(1, 11))


def test_a_slot_caseworker_holds_and_follows_up_a_booked_meeting_about_a_child_not_on_her_caseload(
    bob, lea, child
):
    slot = booking.slot_publish(actor=bob, starts_at=at(1, 9), ends_at=at(1, 10))
    m = booking.slot_book(
        actor=lea, slot=slot, child=child, consent_by="Mor", consent_on=at(-1).date(), send=False
    )
    services.meeting_hold(actor=bob, meeting=m, outcome="continue", reason="Aftaler på plads.")
    nxt = services.meeting_next(actor=bob, previous=m, starts_at=at(40), ends_at=at(40, 11))
    assert nxt.caseworker == bob and nxt.previous_id == m.pk
