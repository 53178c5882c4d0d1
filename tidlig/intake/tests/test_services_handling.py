"""After a notification arrives: acute assessment, receipt, assignment, screening, feedback."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend

from tidlig.audit.models import AuditEntry
from tidlig.intake.models import Letter, ScreeningDecision
from tidlig.intake.services import (
    notification_assess_acute,
    notification_assign,
    notification_screen,
    notification_send_feedback,
    notification_send_receipt,
    notification_waive_feedback,
)
from tidlig.rules.obligations import Status
from tidlig.timeline.models import Event
from tidlig.timeline.selectors import caseworker_worklist

from .test_services import NOW, RECEIVED, anonymous, citizen, errors_of, notify, obligations

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)
PIA = "pia@skole.invalid"  # the professional notifier's address


def status(notification, code: str, now=NOW + 200 * 24 * H) -> Status:
    return obligations(notification)[code].status_at(now)


def assess(notification, actor, *, now=NOW):
    return notification_assess_acute(
        notification=notification, actor=actor, danger=False, note="Ikke akut.", now=now
    )


def receipt(notification, actor, *, medium=Letter.Medium.EMAIL, recipient="pia@skole.invalid", now=NOW):
    return notification_send_receipt(
        notification=notification,
        actor=actor,
        medium=medium,
        recipient=recipient,
        subject="Kvittering",
        body="Vi har modtaget din underretning.",
        now=now,
    )


def screen(notification, actor, *, decision=ScreeningDecision.AFDAEKNING, now=NOW):
    return notification_screen(
        notification=notification, actor=actor, decision=decision, note="Afdækning.", now=now
    )


def feedback(notification, actor, *, now=NOW):
    return notification_send_feedback(
        notification=notification,
        actor=actor,
        medium=Letter.Medium.EMAIL,
        recipient="pia@skole.invalid",
        subject="Orientering",
        body="Afdækning.",
        now=now,
    )


@pytest.fixture
def assigned(rita, tom, alice, child):
    """A notification the team leader has assigned to alice."""
    n = notify(rita, child)
    return notification_assign(notification=n, actor=tom, caseworker=alice, now=NOW)


# Acute assessment (BL § 136, stk. 2) ----------------------------------------------------------------------


def test_the_acute_assessment_meets_its_obligation(rita, child):
    n = assess(notify(rita, child), rita, now=RECEIVED + 2 * H)
    assert (n.acute_assessed_at, n.acute_danger, n.acute_note) == (RECEIVED + 2 * H, False, "Ikke akut.")
    acute = obligations(n)["acute_assessment"]
    assert (acute.met_at, acute.is_open) == (RECEIVED + 2 * H, False)
    assert acute.status_at(NOW) == Status.MET
    assert Event.objects.filter(kind="intake.notification.acute_assessed", actor=rita).count() == 1
    assert AuditEntry.objects.filter(action="intake.notification.acute_assessed", object_id=n.pk).count() == 1


def test_an_acute_assessment_after_24_hours_is_met_late(rita, child):
    n = assess(notify(rita, child), rita, now=RECEIVED + 25 * H)
    assert status(n, "acute_assessment") == Status.MET_LATE


def test_it_refuses_a_second_acute_assessment(rita, child):
    n = assess(notify(rita, child), rita)
    with pytest.raises(ValidationError, match="allerede"):
        assess(n, rita, now=NOW + H)
    assert Event.objects.filter(kind="intake.notification.acute_assessed").count() == 1


def test_it_refuses_an_acute_assessment_without_a_reason(rita, child):
    n = notify(rita, child)
    errors = errors_of(lambda: notification_assess_acute(notification=n, actor=rita, danger=True, note=" "))
    assert "Begrund" in errors["note"][0]


@pytest.mark.parametrize("persona", ["eva", "ann", "bob", "olga"])
def test_it_refuses_the_acute_assessment_to_people_without_the_case(persona, rita, child, request):
    n = notify(rita, child)
    with pytest.raises(PermissionDenied):
        assess(n, request.getfixturevalue(persona))
    assert obligations(n)["acute_assessment"].is_open


# Receipt (BL § 138, stk. 1) -------------------------------------------------------------------------------


def test_the_receipt_meets_its_obligation_and_is_sent_by_email(
    rita, child, django_capture_on_commit_callbacks
):
    n = notify(rita, child)
    with django_capture_on_commit_callbacks(execute=True):  # also covers a send deferred to commit
        letter = receipt(n, rita, now=NOW + H)
    assert (letter.kind, letter.medium, letter.recipient, letter.sent_by) == ("receipt", "email", PIA, rita)
    assert obligations(n)["receipt"].met_at == NOW + H
    assert status(n, "receipt") == Status.MET
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == ([PIA], "Kvittering")
    assert message.body == "Vi har modtaget din underretning."
    assert message.from_email == "tidlig@kommune.invalid"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def test_when_the_mail_server_refuses_nothing_is_recorded_as_sent(rita, child, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    n = notify(rita, child)
    errors = errors_of(lambda: receipt(n, rita))
    assert "kunne ikke sendes" in errors["recipient"][0]
    assert not Letter.objects.exists()
    assert obligations(n)["receipt"].is_open
    assert not Event.objects.filter(kind="intake.notification.receipt_sent").exists()


class RecipientRefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({PIA: (550, b"no such mailbox")})


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise TypeError("a bug in the mail code, not a refusal by the mail server")


def test_when_the_mail_server_refuses_the_recipient_nothing_is_recorded_as_sent(rita, child, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RecipientRefusingBackend"}}
    n = notify(rita, child)
    errors = errors_of(lambda: receipt(n, rita))
    assert "kunne ikke sendes (SMTPRecipientsRefused)" in errors["recipient"][0]
    assert not Letter.objects.exists()
    assert obligations(n)["receipt"].is_open


def test_a_programming_error_while_sending_is_not_reported_as_not_sent(rita, child, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenBackend"}}
    n = notify(rita, child)
    with pytest.raises(TypeError):
        receipt(n, rita)
    assert not Letter.objects.exists()
    assert obligations(n)["receipt"].is_open


def test_a_receipt_on_paper_sends_no_email(rita, child, django_capture_on_commit_callbacks):
    n = notify(rita, child)
    with django_capture_on_commit_callbacks(execute=True):
        receipt(n, rita, medium=Letter.Medium.PRINT, recipient="Pia Lærer, Skolevej 1")
    assert mail.outbox == []
    assert Letter.objects.get().medium == "print"
    assert status(n, "receipt") == Status.MET


def test_a_receipt_after_six_working_days_is_met_late(rita, child):
    n = notify(rita, child)
    receipt(n, rita, now=dt.datetime(2025, 4, 26, 9, 0, tzinfo=dt.UTC))  # Saturday after the Friday deadline
    assert status(n, "receipt") == Status.MET_LATE


def test_it_refuses_a_receipt_to_an_anonymous_notifier(rita, child):
    n = notify(rita, child, notifier=anonymous())
    with pytest.raises(ValidationError, match="anonym"):
        receipt(n, rita)
    assert not Letter.objects.exists()


def test_it_refuses_a_second_receipt(rita, child):
    n = notify(rita, child)
    receipt(n, rita)
    with pytest.raises(ValidationError, match="allerede"):
        receipt(n, rita)
    assert Letter.objects.count() == 1


@pytest.mark.parametrize("persona", ["eva", "ann", "olga"])
def test_it_refuses_the_receipt_to_people_without_the_case(persona, rita, child, request):
    n = notify(rita, child)
    with pytest.raises(PermissionDenied):
        receipt(n, request.getfixturevalue(persona))


# Assignment -----------------------------------------------------------------------------------------------


def test_assigning_makes_the_caseworker_the_childs_own_and_moves_the_case_obligations(
    assigned, alice, child, org
):
    child.refresh_from_db()
    assert child.caseworker == alice
    assert (assigned.assignee, assigned.team) == (alice, org["team_nord"])
    found = obligations(assigned)
    assert (found["screening"].assignee, found["notifier_feedback"].assignee) == (alice, alice)
    assert (found["acute_assessment"].assignee, found["acute_assessment"].team) == (None, org["reception"])
    shown = {r.obligation.code for rows in caseworker_worklist(alice, now=NOW).values() for r in rows}
    assert shown == {"screening", "notifier_feedback"}


@pytest.mark.parametrize("persona", ["rita", "alice", "bob", "eva"])
def test_only_the_team_leader_may_assign(persona, rita, alice, child, request):
    n = notify(rita, child)
    with pytest.raises(PermissionDenied):
        notification_assign(notification=n, actor=request.getfixturevalue(persona), caseworker=alice)
    n.refresh_from_db()
    assert n.assignee is None


def test_it_refuses_to_assign_someone_who_is_not_a_caseworker(rita, tom, eva, child):
    n = notify(rita, child)
    errors = errors_of(lambda: notification_assign(notification=n, actor=tom, caseworker=eva))
    assert "rådgiver" in errors["caseworker"][0]


# Screening (BL § 18) --------------------------------------------------------------------------------------


def test_screening_requires_the_acute_assessment_first(assigned, alice):
    with pytest.raises(ValidationError, match="§ 136"):
        screen(assigned, alice)
    assert obligations(assigned)["screening"].is_open


def test_the_caseworker_screens_and_meets_the_screening_obligation(assigned, rita, alice):
    assess(assigned, rita)
    n = screen(assigned, alice, now=NOW + 2 * H)
    assert (n.screened_at, n.screening_decision) == (NOW + 2 * H, "afdaekning")
    assert status(n, "screening") == Status.MET
    assert Event.objects.get(kind="intake.notification.screened").data["decision"] == "afdaekning"


def test_the_team_leader_may_screen(assigned, rita, tom):
    assess(assigned, rita)
    screen(assigned, tom, decision=ScreeningDecision.NONE)
    assert status(assigned, "screening") == Status.MET


@pytest.mark.parametrize("persona", ["rita", "eva", "ann", "bob"])
def test_it_refuses_screening_to_anyone_but_the_caseworker_and_team_leader(persona, assigned, rita, request):
    assess(assigned, rita)
    with pytest.raises(PermissionDenied):
        screen(assigned, request.getfixturevalue(persona))


def test_it_refuses_a_screening_decision_outside_the_three_tracks(assigned, rita, alice):
    assess(assigned, rita)
    assert "§ 18" in errors_of(lambda: screen(assigned, alice, decision="maybe"))["decision"][0]


# Feedback to the professional notifier (BL § 138, stk. 2) ------------------------------------------------


def test_feedback_is_only_for_professionals(rita, tom, alice, child):
    n = notification_assign(notification=notify(rita, child, notifier=citizen()), actor=tom, caseworker=alice)
    assess(n, rita)
    screen(n, alice)
    with pytest.raises(ValidationError, match="fagpersoner"):
        feedback(n, alice)


def test_feedback_comes_after_the_screening(assigned, alice):
    with pytest.raises(ValidationError, match="Screen"):
        feedback(assigned, alice)
    assert not Letter.objects.exists()


def test_feedback_after_screening_meets_its_obligation(
    assigned, rita, alice, django_capture_on_commit_callbacks
):
    assess(assigned, rita)
    screen(assigned, alice)
    with django_capture_on_commit_callbacks(execute=True):
        letter = feedback(assigned, alice, now=NOW + 24 * H)
    assert (letter.kind, letter.sent_by) == ("feedback", alice)
    assert status(assigned, "notifier_feedback") == Status.MET
    assert [m.to for m in mail.outbox] == [[PIA]]


def test_waiving_feedback_makes_it_not_applicable_with_the_reason_recorded(assigned, alice):
    notification_waive_feedback(notification=assigned, actor=alice, reason="Politiet efterforsker.", now=NOW)
    found = obligations(assigned)["notifier_feedback"]
    assert (found.not_applicable, found.is_open, found.met_at) == (True, False, None)
    assert found.status_at(NOW) == Status.NOT_APPLICABLE
    event = Event.objects.get(kind="intake.notification.feedback_waived")
    assert (event.actor, event.data["reason"]) == (alice, "Politiet efterforsker.")
    assert AuditEntry.objects.filter(
        action="intake.notification.feedback_waived", object_id=assigned.pk
    ).exists()
    shown = {r.obligation.code for rows in caseworker_worklist(alice, now=NOW).values() for r in rows}
    assert shown == {"screening"}


def test_waiving_feedback_needs_a_reason(assigned, alice):
    errors = errors_of(lambda: notification_waive_feedback(notification=assigned, actor=alice, reason=""))
    assert "særlige forhold" in errors["reason"][0]
    assert obligations(assigned)["notifier_feedback"].is_open


def test_reception_may_not_waive_feedback(assigned, rita):
    with pytest.raises(PermissionDenied):
        notification_waive_feedback(notification=assigned, actor=rita, reason="Særlige forhold.")
