"""An educator writes a notification and sees that it arrived, never the case (need to know, BL § 133)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.intake.models import Notification

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONCERN = "Lukas fortæller, at far slår, når han bliver vred. Han vil ikke hjem i dag."


def test_an_educator_writes_a_notification_and_sees_only_that_it_was_received(
    page: Page, live_server, eva, rita, child, sibling, shot, axe, js_errors, client_for
):
    log_in(page, "eva", PASSWORD)
    expect(page).to_have_url(re.compile(r"/trivsel/$"))  # an educator starts with the well-being ratings
    page.get_by_role("link", name="Mine underretninger").click()
    expect(page).to_have_url(re.compile(r"/underretninger/mine/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Underretninger, jeg har sendt")
    shot("01-my-notifications-empty")

    page.get_by_role("link", name="Skriv en ny underretning").click()
    expect(page).to_have_url(re.compile(r"/underretninger/ny/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv en underretning")
    expect(page.get_by_text("Du underretter som fagperson efter barnets lov § 133")).to_be_visible()
    # Reception's fields (who notified, when) are not there: the educator notifies as themselves.
    expect(page.get_by_label("Hvem underretter?")).to_have_count(0)
    expect(page.get_by_label("Modtaget (dato og klokkeslæt)")).to_have_count(0)
    axe("educator's notification form")
    shot("02-form")

    page.get_by_role("combobox", name=re.compile(r"^Barnet\b")).select_option(
        label="Lukas Jensen (15.04.2018)"
    )
    page.get_by_role("textbox", name="Bekymringen").fill(CONCERN)
    page.get_by_label("Vold eller overgreb").check()
    shot("03-form-filled")
    page.get_by_role("button", name="Send underretningen").click()

    expect(page).to_have_url(re.compile(r"/underretninger/mine/$"))
    expect(page.get_by_role("status")).to_contain_text("Underretningen er modtaget og registreret.")
    rows = page.get_by_test_id("submitted").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lukas Jensen")
    expect(rows.first).to_contain_text("Modtaget")
    expect(rows.first).to_contain_text("Ikke sendt endnu")
    assert "far slår" not in page.content()
    axe("educator's list of sent notifications")
    shot("04-my-notifications")

    n = Notification.objects.get()
    assert (n.child, n.notifier_staff, n.notifier_kind, n.text) == (child, eva, "professional", CONCERN)

    response = page.goto(f"/underretninger/{n.pk}/")
    assert response is not None and response.status == 404
    assert "far slår" not in page.content()
    shot("05-notification-refused")

    response = page.goto(f"/boern/{child.pk}/")
    assert response is not None and response.status in (403, 404)
    assert "far slår" not in page.content()
    shot("06-child-page-refused")
    # The same two addresses open for reception: the refusals are the educator's, not a mistyped URL.
    reception = client_for(rita)
    assert reception.get(f"/underretninger/{n.pk}/").status_code == 200
    assert reception.get(f"/boern/{child.pk}/").status_code == 200
    assert not js_errors, js_errors
