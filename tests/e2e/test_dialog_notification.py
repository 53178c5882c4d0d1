"""An educator turns a concern into a dialog-based notification, and reception sees it with the parents' view.

Issue 4, § 2: the concern (bekymring), the handleguide beside it, and a notification written with the
parents present that goes straight into intake as a professional notification (BL § 133).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.concerns.models import Concern
from tidlig.intake.models import Notification

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OBSERVATION = "Lukas trækker sig fra legen og spiser næsten intet til frokost. Det har stået på i to uger."
PARENTS_VIEW = "Mor fortæller, at Lukas sover dårligt, siden far flyttede, og at hun gerne vil have hjælp."


def test_an_educator_writes_a_dialog_based_notification_that_reception_receives(
    page: Page, live_server, eva, rita, child, group, municipality, shot, axe, js_errors
):
    municipality.acute_phone = "70 11 22 33"
    municipality.save(update_fields=["acute_phone"])

    log_in(page, "eva", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Bekymringer").first.click()
    expect(page).to_have_url(re.compile(r"/bekymringer/$"))
    expect(page.get_by_test_id("open-concerns")).to_contain_text("Ingen åbne bekymringer.")
    axe("concerns start page")
    shot("01-concerns-empty")

    page.get_by_role("link", name="Opret en bekymring").click()
    page.get_by_label("Barnet").select_option(label="Lukas Jensen (f. 15.04.2018, Mariehønen)")
    page.get_by_label("Hvad har du iagttaget?").fill(OBSERVATION)
    axe("new concern form")
    shot("02-concern-form")
    page.get_by_role("button", name="Gem bekymringen").click()

    expect(page).to_have_url(re.compile(r"/bekymringer/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekymring for Lukas Jensen")
    expect(page.get_by_test_id("observation")).to_have_text(OBSERVATION)
    expect(page.get_by_test_id("acute")).to_contain_text("70 11 22 33")
    expect(page.get_by_test_id("acute")).to_contain_text("112")
    expect(page.locator("[data-kind='notify']")).to_contain_text("§ 133")
    axe("concern page with the handleguide")
    shot("03-concern-with-guide")

    page.get_by_label("Trin i handleguiden").select_option(label="Tal med forældrene")
    page.get_by_label("Hvad skete der?").fill("Aftalt møde med mor i morgen kl. 8.")
    page.get_by_role("button", name="Gem notatet").click()
    expect(page.get_by_test_id("entries")).to_contain_text("Aftalt møde med mor")
    expect(page.locator("[data-kind='parents']")).to_contain_text("Gjort")

    page.get_by_role("link", name="Skriv dialogbaseret underretning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv dialogbaseret underretning")
    expect(page.get_by_label("Bekymringen")).to_have_value(OBSERVATION)
    page.get_by_label("Hvem deltog i dialogen?").fill("Mette Jensen (mor), Eva Pædagog")
    page.get_by_label("Barnets mistrivsel").check()
    page.get_by_role("button", name="Send underretningen til kommunen").click()

    # Forgetting what the parents said is named, and what was typed is kept.
    expect(page.get_by_role("alert")).to_contain_text("Skriv hvad forældrene sagde")
    expect(page.get_by_label("Hvem deltog i dialogen?")).to_have_value("Mette Jensen (mor), Eva Pædagog")
    assert not Notification.objects.exists()
    axe("dialog form with an error")
    shot("04-dialog-form-error")

    page.get_by_label("Hvad sagde forældrene?").fill(PARENTS_VIEW)
    page.get_by_role("button", name="Send underretningen til kommunen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Den dialogbaserede underretning er sendt til kommunen."
    )
    expect(page.get_by_test_id("notified")).to_contain_text("Underretning sendt til kommunen")
    expect(page.locator("[data-kind='notify']")).to_contain_text("Gjort")
    shot("05-concern-notified")

    concern = Concern.objects.get()
    notification = Notification.objects.get()
    assert concern.notification == notification and concern.outcome == "notification"
    assert notification.notifier_kind == "professional" and notification.notifier_workplace == "Solsikken"

    # Reception sees it at once, with who took part and the parents' own view.
    page.context.clear_cookies()
    log_in(page, "rita", PASSWORD)
    expect(page).to_have_url(re.compile(r"/underretninger/modtagelse/$"))
    page.get_by_test_id("acute").get_by_role("link", name="Lukas Jensen").click()
    expect(page).to_have_url(re.compile(rf"/underretninger/{notification.pk}/$"))
    expect(page.get_by_test_id("dialog")).to_contain_text("Mette Jensen (mor), Eva Pædagog")
    expect(page.get_by_test_id("parents-view")).to_have_text(PARENTS_VIEW)
    expect(page.get_by_test_id("concern")).to_have_text(OBSERVATION)
    axe("notification detail with the dialog")
    shot("06-reception-sees-dialog")
    assert not js_errors
