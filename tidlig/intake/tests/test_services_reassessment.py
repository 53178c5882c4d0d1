"""BL § 137: a notification about a child with ongoing support means a reassessment by someone new."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tidlig.intake.services import notification_assess_acute, notification_assign, notification_reassess
from tidlig.interventions.models import Measure, MeasureType
from tidlig.organisation.models import Role
from tidlig.rules.obligations import Status
from tidlig.timeline.models import Event

from .test_services import NOW, errors_of, notify, obligations

pytestmark = pytest.mark.django_db

EARLIER = NOW - dt.timedelta(days=60)


def measure(child, code="bl32_2", *, started=dt.date(2025, 3, 1), ended=None, decided_by=None) -> Measure:
    return Measure.objects.create(
        municipality=child.municipality,
        child=child,
        type=MeasureType.objects.get(code=code, municipality=None),
        decided_on=started,
        started_on=started,
        ended_on=ended,
        decided_by=decided_by,
    )


def reassess(notification, actor, participants=(), *, now=NOW):
    return notification_reassess(
        notification=notification,
        actor=actor,
        participants=list(participants),
        conclusion="Indsatsen fortsætter med tilpasning.",
        now=now,
    )


@pytest.fixture
def supported(child, alice):
    """The child has alice as caseworker and home support under § 32, stk. 1, nr. 2."""
    child.caseworker = alice
    child.save()
    measure(child)
    return child


@pytest.fixture
def carl(municipality, org):
    from conftest import make_staff

    return make_staff("carl", Role.CASEWORKER, municipality, team=org["team_nord"], name="Carl Ny")


def reassessment_message(call) -> str:
    return errors_of(call)["participants"][0]


def test_a_child_with_ongoing_supportive_measure_gets_a_reassessment_obligation(rita, alice, supported, org):
    n = notify(rita, supported)
    assert n.child_had_ongoing_measure
    found = obligations(n)["reassessment"]
    assert (found.team, found.assignee, found.is_open) == (org["team_nord"], alice, True)


def test_a_placement_also_triggers_the_reassessment(rita, child):
    measure(child, "anb_almen")
    assert "reassessment" in obligations(notify(rita, child))


@pytest.mark.parametrize(
    "code, started, ended",
    [
        ("bl30_1", dt.date(2025, 3, 1), None),  # preventive (§ 30), not § 32
        ("bl32_2", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),  # ended before the notification
        ("bl32_2", dt.date(2025, 4, 20), None),  # starts after the notification
    ],
)
def test_no_reassessment_without_support_in_force_on_the_day_of_receipt(rita, child, code, started, ended):
    measure(child, code, started=started, ended=ended)
    n = notify(rita, child)
    assert not n.child_had_ongoing_measure
    assert "reassessment" not in obligations(n)


def test_support_ending_on_the_day_of_receipt_still_counts(rita, child):
    measure(child, started=dt.date(2025, 1, 1), ended=NOW.date())
    assert "reassessment" in obligations(notify(rita, child))


def test_it_refuses_a_reassessment_by_the_childs_own_caseworker_alone(rita, alice, supported):
    n = notify(rita, supported)
    message = reassessment_message(lambda: reassess(n, alice))
    assert "§ 137" in message
    assert obligations(n)["reassessment"].is_open
    assert not Event.objects.filter(kind="intake.notification.reassessed").exists()


def test_it_refuses_a_reassessment_with_only_people_who_took_part_before(rita, tom, alice, supported):
    # An earlier notification: tom assigned it and alice had it; both have taken part in the case.
    earlier = notify(rita, supported, received_at=EARLIER - dt.timedelta(hours=2), now=EARLIER)
    notification_assign(notification=earlier, actor=tom, caseworker=alice, now=EARLIER)
    n = notify(rita, supported)
    assert "§ 137" in reassessment_message(lambda: reassess(n, alice, [tom]))


def test_a_former_caseworker_of_the_child_has_taken_part_in_the_case(rita, tom, alice, carl, child):
    # Carl had the child before alice; he never acted on the timeline himself.
    first = notify(rita, child, received_at=EARLIER - dt.timedelta(days=10), now=EARLIER)
    notification_assign(notification=first, actor=tom, caseworker=carl, now=EARLIER - dt.timedelta(days=9))
    second = notify(rita, child, received_at=EARLIER - dt.timedelta(hours=2), now=EARLIER)
    notification_assign(notification=second, actor=tom, caseworker=alice, now=EARLIER)
    measure(child)
    child.refresh_from_db()
    n = notify(rita, child)
    assert n.assignee == alice
    assert "§ 137" in reassessment_message(lambda: reassess(n, alice, [carl]))


def test_adding_a_colleague_new_to_the_case_meets_the_reassessment(rita, alice, bob, supported):
    n = notify(rita, supported)
    n = reassess(n, alice, [bob], now=NOW + dt.timedelta(days=1))
    assert n.reassessed_at == NOW + dt.timedelta(days=1)
    found = obligations(n)["reassessment"]
    assert found.status_at(NOW + dt.timedelta(days=30)) == Status.MET
    event = Event.objects.get(kind="intake.notification.reassessed")
    assert event.data["new_to_case"] == [bob.pk]
    assert set(event.data["participants"]) == {alice.pk, bob.pk}


def test_a_new_caseworker_in_the_team_counts_as_new_to_the_case(rita, alice, carl, supported):
    n = reassess(notify(rita, supported), alice, [carl])
    assert obligations(n)["reassessment"].is_open is False


def test_a_team_leader_new_to_the_case_may_reassess_alone(rita, tom, supported):
    n = reassess(notify(rita, supported), tom)
    assert n.reassessed_at is not None


def test_someone_from_another_municipality_does_not_count(rita, alice, olga, supported):
    n = notify(rita, supported)
    assert "§ 137" in reassessment_message(lambda: reassess(n, alice, [olga]))


def test_the_person_who_decided_the_ongoing_measure_has_taken_part_in_the_case(rita, alice, bob, child):
    # Bob decided the home support; under § 137 he has taken part in the case and is not a fresh pair of eyes.
    child.caseworker = alice
    child.save()
    measure(child, decided_by=bob)
    n = notify(rita, child)
    assert "§ 137" in reassessment_message(lambda: reassess(n, alice, [bob]))


def test_acting_on_the_new_notification_does_not_make_someone_an_earlier_participant(rita, alice, supported):
    n = notify(rita, supported)
    notification_assess_acute(notification=n, actor=rita, danger=False, note="Ikke akut.", now=NOW)
    n = reassess(n, alice, [rita])  # rita acted only after this notification came in
    assert n.reassessed_at is not None


def test_it_refuses_a_second_reassessment(rita, alice, bob, supported):
    n = reassess(notify(rita, supported), alice, [bob])
    with pytest.raises(ValidationError, match="allerede"):
        reassess(n, alice, [bob])


def test_it_refuses_a_reassessment_for_a_child_without_ongoing_support(rita, tom, alice, bob, child):
    n = notification_assign(notification=notify(rita, child), actor=tom, caseworker=alice, now=NOW)
    with pytest.raises(ValidationError, match="§ 137 gælder ikke"):
        reassess(n, alice, [bob])


def test_it_refuses_a_reassessment_without_a_conclusion(rita, alice, bob, supported):
    n = notify(rita, supported)
    errors = errors_of(
        lambda: notification_reassess(notification=n, actor=alice, participants=[bob], conclusion="")
    )
    assert "konklusionen" in errors["conclusion"][0]


@pytest.mark.parametrize("persona", ["rita", "eva", "bob", "ann"])
def test_it_refuses_the_reassessment_to_people_who_do_not_handle_the_case(
    persona, rita, alice, supported, request
):
    n = notify(rita, supported)
    with pytest.raises(PermissionDenied):
        reassess(n, request.getfixturevalue(persona), [alice])
