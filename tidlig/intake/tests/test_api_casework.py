"""The caseworker's part through the API: screening (§ 18), feedback (§ 138, stk. 2), reassessment (§ 137)."""

from __future__ import annotations

import datetime as dt

import pytest

from tidlig.intake.models import Letter, Notification
from tidlig.intake.tests.api_helpers import (
    URL,
    assess,
    assign,
    post,
    register_notification,
    status_of,
)
from tidlig.interventions.models import Measure, MeasureType


@pytest.fixture
def notification(token_for, rita, child) -> dict:
    return register_notification(token_for, rita)


# Screening (§ 18)


def test_screening_before_the_acute_assessment_is_refused(token_for, tom, alice, notification):
    assign(token_for, tom, alice, notification)

    response = post(
        token_for(alice),
        f"{URL}/{notification['id']}/screening",
        {"decision": "afdaekning", "note": "Behov for afdækning."},
    )

    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "Den akutte vurdering (§ 136, stk. 2) skal foretages før screeningen. Foretag den akutte vurdering først."
    )
    assert Notification.objects.get(pk=notification["id"]).screened_at is None


def test_the_caseworker_screens_after_the_acute_assessment(token_for, rita, tom, alice, notification):
    assign(token_for, tom, alice, notification)
    assess(token_for, rita, notification)

    response = post(
        token_for(alice),
        f"{URL}/{notification['id']}/screening",
        {"decision": "afdaekning", "note": "Behov for afdækning."},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["screening_decision"] == "afdaekning"
    assert status_of(body, "screening") == "met"


def test_screening_needs_one_of_the_three_tracks(token_for, rita, tom, alice, notification):
    assign(token_for, tom, alice, notification)
    assess(token_for, rita, notification)

    response = post(
        token_for(alice), f"{URL}/{notification['id']}/screening", {"decision": "maybe", "note": "x"}
    )

    assert response.status_code == 422
    assert response.json()["errors"]["decision"] == ["Vælg et af de tre spor i § 18."]


def test_reception_does_not_screen(token_for, rita, tom, alice, notification):
    assess(token_for, rita, notification)

    response = post(
        token_for(rita), f"{URL}/{notification['id']}/screening", {"decision": "none", "note": "x"}
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Du kan ikke screene underretningen."
    assign(token_for, tom, alice, notification)
    rightful = post(
        token_for(alice), f"{URL}/{notification['id']}/screening", {"decision": "none", "note": "x"}
    )
    assert rightful.status_code == 200, rightful.content


# Feedback to the professional (§ 138, stk. 2)


@pytest.fixture
def screened(token_for, rita, tom, alice, notification):
    assign(token_for, tom, alice, notification)
    assess(token_for, rita, notification)
    response = post(
        token_for(alice),
        f"{URL}/{notification['id']}/screening",
        {"decision": "undersoegelse", "note": "Børnefaglig undersøgelse."},
    )
    assert response.status_code == 200, response.content
    return notification


def test_feedback_draft_tells_what_was_started(token_for, alice, screened):
    response = token_for(alice).get(f"{URL}/{screened['id']}/feedback-draft")

    assert response.status_code == 200
    body = response.json()["body"]
    assert "§ 138, stk. 2" in body
    assert "børnefaglig undersøgelse" in body


def test_the_caseworker_sends_the_feedback(token_for, alice, screened):
    client = token_for(alice)

    response = post(client, f"{URL}/{screened['id']}/feedback")

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "feedback"
    after = client.get(f"{URL}/{screened['id']}").json()
    assert after["feedback_sent_at"] is not None
    assert status_of(after, "notifier_feedback") == "met"


def test_feedback_before_screening_is_refused(token_for, tom, alice, notification):
    assign(token_for, tom, alice, notification)

    response = post(token_for(alice), f"{URL}/{notification['id']}/feedback")

    assert response.status_code == 422
    assert response.json()["detail"].startswith("Screen underretningen først")


def test_another_team_cannot_send_feedback(token_for, bob, alice, screened):
    response = post(token_for(bob), f"{URL}/{screened['id']}/feedback")

    assert response.status_code == 404
    assert Letter.objects.filter(kind="feedback").count() == 0
    rightful = post(token_for(alice), f"{URL}/{screened['id']}/feedback")
    assert rightful.status_code == 201, rightful.content
    assert Letter.objects.filter(kind="feedback").count() == 1


def test_feedback_can_be_waived_for_special_reasons(token_for, alice, screened):
    response = post(
        token_for(alice),
        f"{URL}/{screened['id']}/feedback-waiver",
        {"reason": "Underretteren er part i en verserende straffesag."},
    )

    assert response.status_code == 200, response.content
    assert status_of(response.json(), "notifier_feedback") == "not_applicable"


def test_a_waiver_needs_a_reason(token_for, alice, screened):
    response = post(token_for(alice), f"{URL}/{screened['id']}/feedback-waiver", {"reason": ""})

    assert response.status_code == 422
    assert "særlige forhold" in response.json()["errors"]["reason"][0]


def test_reception_cannot_waive_feedback(token_for, rita, alice, screened):
    response = post(token_for(rita), f"{URL}/{screened['id']}/feedback-waiver", {"reason": "x"})

    assert response.status_code == 403
    rightful = post(token_for(alice), f"{URL}/{screened['id']}/feedback-waiver", {"reason": "x"})
    assert rightful.status_code == 200, rightful.content


# Reassessment (§ 137)


@pytest.fixture
def supported_child(child, municipality):
    kind = MeasureType.objects.create(
        municipality=municipality,
        code="familiebehandling",
        title="Familiebehandling",
        paragraph="BL § 32, stk. 1, nr. 2",
        kind=MeasureType.Kind.SUPPORTIVE,
        level=3,
    )
    Measure.objects.create(
        municipality=municipality,
        child=child,
        type=kind,
        decided_on=dt.date(2024, 1, 1),
        started_on=dt.date(2024, 1, 15),
    )
    return child


def test_a_child_with_ongoing_support_needs_a_reassessment_with_someone_new(
    token_for, tom, alice, supported_child, notification
):
    assert notification["reassessment_required"] is True
    assert "reassessment" in {o["code"] for o in notification["obligations"]}
    assign(token_for, tom, alice, notification)
    client = token_for(alice)

    alone = post(
        client,
        f"{URL}/{notification['id']}/reassessment",
        {"participant_ids": [alice.pk], "conclusion": "Indsatsen fortsætter."},
    )
    with_tom = post(
        client,
        f"{URL}/{notification['id']}/reassessment",
        {"participant_ids": [tom.pk], "conclusion": "Indsatsen fortsætter."},
    )

    assert alone.status_code == 422
    assert "§ 137, stk. 1" in alone.json()["errors"]["participants"][0]
    assert with_tom.status_code == 200, with_tom.content
    assert with_tom.json()["reassessed_at"] is not None
    assert status_of(with_tom.json(), "reassessment") == "met"


def test_no_reassessment_without_ongoing_support(token_for, tom, alice, notification):
    assign(token_for, tom, alice, notification)

    response = post(
        token_for(alice),
        f"{URL}/{notification['id']}/reassessment",
        {"participant_ids": [tom.pk], "conclusion": "x"},
    )

    assert response.status_code == 422
    assert "§ 137 gælder ikke" in response.json()["detail"]


def test_another_team_cannot_reassess(token_for, bob, tom, alice, supported_child, notification):
    response = post(
        token_for(bob),
        f"{URL}/{notification['id']}/reassessment",
        {"participant_ids": [bob.pk], "conclusion": "x"},
    )

    assert response.status_code == 404
    assign(token_for, tom, alice, notification)
    rightful = post(
        token_for(alice),
        f"{URL}/{notification['id']}/reassessment",
        {"participant_ids": [tom.pk], "conclusion": "x"},
    )
    assert rightful.status_code == 200, rightful.content
