"""Issue 10: the feedback to a professional notifier (BL § 138, stk. 2) tells every undersøgelse, afdækning and
indsats started for the child, not only the screening's track; type and duration (stk. 3) stay beside it."""

from __future__ import annotations

import datetime as dt

from tidlig.cases import casework
from tidlig.cases.models import Investigation
from tidlig.cases.tests.views_helpers import TODAY, measure, screened, section
from tidlig.intake import letters


def test_the_draft_tells_of_the_afdaekning_and_the_measure_running(rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "afdaekning")
    measure(owned, alice, kind="preventive", level=2, started=TODAY() - dt.timedelta(days=5))
    body = letters.feedback_draft(n).body
    assert "afdækning" in body
    assert "Vi har sat hjælp i gang for barnet." in body
    assert "Netværksgruppe" not in body  # stk. 3: the type only when the caseworker judges it matters


def test_an_ended_measure_is_not_told_as_running(rita, tom, alice, owned):
    n = screened(rita, tom, alice, owned, "none")
    measure(owned, alice, started=TODAY() - dt.timedelta(days=90), ended=TODAY() - dt.timedelta(days=30))
    body = letters.feedback_draft(n).body
    assert "Vi har sat hjælp i gang" not in body
    assert "har ikke sat" in body


def test_the_page_shows_the_measures_in_force_beside_the_draft_and_the_api_draft_tells_them(
    client_for, token_for, rita, tom, alice, owned
):
    n = screened(rita, tom, alice, owned, "afdaekning")
    measure(owned, alice, kind="preventive", level=2, started=TODAY())
    page = client_for(alice).get(f"/underretninger/{n.pk}/")
    beside = section(page, "feedback-measures")
    assert "Netværksgruppe" in beside
    assert "§ 138, stk. 3" in page.content.decode()
    assert "Vi har sat hjælp i gang for barnet." in page.content.decode()
    draft = token_for(alice).get(f"/api/v1/notifications/{n.pk}/feedback-draft").json()
    assert "Vi har sat hjælp i gang for barnet." in draft["body"]
    assert [m["title"] for m in draft["measures_in_force"]] == ["Netværksgruppe"]


def test_case_work_started_after_the_screening_is_told_and_work_concluded_before_the_notification_is_not(
    rita, tom, alice, owned
):
    """Case work reaches intake's letter through timeline.registry (cases registers it): an undersøgelse
    concluded before the notification came is not news; an afdækning started since is."""
    n = screened(rita, tom, alice, owned, "none")
    Investigation.objects.create(
        child=owned,
        aware_on=TODAY() - dt.timedelta(days=400),
        started_by=alice,
        concluded_on=TODAY() - dt.timedelta(days=300),
    )
    body = letters.feedback_draft(n).body
    assert "har ikke sat" in body and "§ 20" not in body
    casework.assessment_start(child=owned, actor=alice, matters="Fravær")
    body = letters.feedback_draft(n).body
    assert "Vi er gået i gang med en afdækning" in body and "§ 20" not in body
