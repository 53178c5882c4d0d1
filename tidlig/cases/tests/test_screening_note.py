"""Issue 10: the § 18 screening's required justification is shown wherever the screening is."""

from __future__ import annotations

from tidlig.cases.tests.views_helpers import register, section, text
from tidlig.intake import services as intake

NOTE = "Skolen beskriver sult og fravær; forældrene er ikke kendt. Afdækning hos skole og sundhedspleje."


def _screened_with_note(rita, tom, alice, child):
    n = register(rita, child)
    intake.notification_assess_acute(notification=n, actor=rita, danger=False, note="Ikke akut.")
    intake.notification_assign(notification=n, actor=tom, caseworker=alice)
    n.refresh_from_db()
    intake.notification_screen(notification=n, actor=alice, decision="afdaekning", note=NOTE)
    n.refresh_from_db()
    return n


def test_the_notification_page_shows_why_it_was_screened_so(client_for, rita, tom, alice, child):
    n = _screened_with_note(rita, tom, alice, child)
    page = client_for(alice).get(f"/underretninger/{n.pk}/")
    assert NOTE in section(page, "screening")


def test_the_child_page_shows_the_justification_with_the_notification_and_in_the_timeline(
    client_for, rita, tom, alice, child
):
    _screened_with_note(rita, tom, alice, child)
    page = client_for(alice).get(f"/boern/{child.pk}/")
    assert page.status_code == 200
    assert NOTE in section(page, "timeline")
    assert text(page).count(NOTE) == 2  # the notification list and the timeline entry


def test_the_api_gives_the_justification(token_for, rita, tom, alice, child):
    n = _screened_with_note(rita, tom, alice, child)
    body = token_for(alice).get(f"/api/v1/notifications/{n.pk}").json()
    assert body["screening_note"] == NOTE


def test_an_unscreened_notification_has_no_justification(token_for, rita, child):
    n = register(rita, child)
    assert token_for(rita).get(f"/api/v1/notifications/{n.pk}").json()["screening_note"] == ""
