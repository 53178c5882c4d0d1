"""Reception registers a professional's notification and meets the first two deadlines, in a real browser.

BL § 136, stk. 2 (acute assessment within 24 hours) and § 138, stk. 1 (receipt to the notifier).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_staff
from tidlig.intake.models import Notification
from tidlig.organisation.models import Role

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONCERN = (
    "Lukas er flere gange kommet sulten i børnehave og har sagt, at der ikke er mad derhjemme. "
    "I dag havde han et blåt mærke på armen, som han ikke ville forklare."
)


@pytest.fixture
def modtagelse(municipality, org):
    return make_staff(
        "modtagelse", Role.RECEPTION, municipality, team=org["reception"], name="Maja Modtagelse"
    )


def received_text(minutes_ago: int = 90) -> str:
    return (timezone.localtime() - dt.timedelta(minutes=minutes_ago)).strftime("%d.%m.%Y %H:%M")


def obligation(page: Page, code: str):
    return page.get_by_test_id("obligations").locator(f"tr[data-code='{code}']")


def fill_professional(page: Page, *, cpr: str, received: str, text: str) -> None:
    page.get_by_label("Barnets CPR-nummer").fill(cpr)
    page.get_by_label("Modtaget (dato og klokkeslæt)").fill(received)
    page.get_by_label("Fagperson (§ 133)").check()
    page.locator("#id_notifier_name").fill("Karin Sørensen")
    page.get_by_label("Stilling").fill("Pædagog")
    page.get_by_label("Arbejdssted / kommune").fill("Børnehuset Solsikken")
    page.get_by_label("E-mail").fill("karin.soerensen@solsikken.invalid")
    page.get_by_role("textbox", name="Bekymringen").fill(text)


def test_reception_registers_a_notification_and_meets_the_first_deadlines(
    page: Page, live_server, modtagelse, child, shot, axe, js_errors, mailoutbox
):
    page.goto("/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind i Tidlig")
    axe("login page")
    shot("01-login")

    log_in(page, "modtagelse", PASSWORD)
    expect(page).to_have_url(re.compile(r"/underretninger/modtagelse/$"))
    expect(page.get_by_test_id("current-user")).to_contain_text("Maja Modtagelse")
    axe("reception worklist")
    shot("02-reception-worklist-empty")

    page.get_by_role("link", name="Registrér ny underretning").click()
    expect(page).to_have_url(re.compile(r"/underretninger/ny/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrér en underretning")
    axe("new-notification form")
    shot("03-new-notification-form")

    received = received_text()
    fill_professional(page, cpr="150418-4235", received=received, text=CONCERN)
    page.get_by_label("Omsorgssvigt").check()
    shot("04-new-notification-filled")
    page.get_by_role("button", name="Registrér underretningen").click()

    expect(page).to_have_url(re.compile(r"/underretninger/\d+/$"))
    notification = Notification.objects.get()
    assert page.url.endswith(f"/underretninger/{notification.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Underretningen er modtaget og registreret.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lukas Jensen")
    expect(page.locator(".font-lead")).to_contain_text(f"modtaget {received}")
    expect(page.get_by_test_id("concern")).to_have_text(CONCERN)
    acute = obligation(page, "acute_assessment")
    expect(acute).to_contain_text("Akut vurdering inden 24 timer")
    expect(acute.locator(".badge")).to_have_text("Åben")
    expect(obligation(page, "receipt").locator(".badge")).to_have_text("Åben")
    axe("notification detail page")
    shot("05-detail-registered")

    # The new notification waits on the reception worklist until the acute assessment is made.
    page.get_by_role("link", name="Til arbejdslisten").click()
    expect(page.get_by_test_id("acute")).to_contain_text("Lukas Jensen")
    expect(page.get_by_test_id("receipts")).to_contain_text("Lukas Jensen")
    shot("05b-reception-worklist-waiting")
    page.get_by_test_id("acute").get_by_role("link", name="Lukas Jensen").click()
    expect(page).to_have_url(re.compile(rf"/underretninger/{notification.pk}/$"))

    section = page.locator("#acute")
    section.get_by_label("Nej, ikke akut").check()
    section.get_by_label("Begrundelse").fill("Ingen tegn på akut fare; barnet er i børnehave og set i dag.")
    shot("06-acute-filled")
    section.get_by_role("button", name="Gem den akutte vurdering").click()

    expect(page.get_by_role("status")).to_contain_text("Den akutte vurdering er registreret.")
    expect(obligation(page, "acute_assessment").locator(".badge")).to_have_text("Opfyldt")
    expect(page.locator("#acute")).to_have_count(0)
    expect(page.get_by_text("Ikke akut", exact=True)).to_be_visible()
    shot("07-acute-assessed")

    receipt = page.locator("#receipt")
    expect(receipt.get_by_label("Modtager")).to_have_value("karin.soerensen@solsikken.invalid")
    body = receipt.get_by_label("Tekst").input_value()
    assert "§ 138" in body, body
    assert "Kære Karin Sørensen" in body, body
    receipt.get_by_role("button", name="Send kvittering").click()

    expect(page.get_by_role("status")).to_contain_text("Kvitteringen er registreret som sendt.")
    row = obligation(page, "receipt")
    expect(row).to_contain_text("Kvittering til underretter")
    expect(row.locator(".badge")).to_have_text("Opfyldt")
    expect(page.locator("#receipt")).to_have_count(0)
    axe("notification detail page after the receipt")
    shot("08-receipt-sent")

    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Modtagelse").first.click()
    expect(page).to_have_url(re.compile(r"/underretninger/modtagelse/$"))
    expect(page.get_by_text("Alle underretninger er vurderet.")).to_be_visible()
    expect(page.get_by_test_id("acute")).to_have_count(0)
    expect(page.get_by_text("Alle kvitteringer er sendt.")).to_be_visible()
    shot("09-reception-worklist-after")

    notification.refresh_from_db()
    assert notification.acute_assessed_at and notification.acute_danger is False
    assert notification.receipt_sent_at is not None
    assert [m.to for m in mailoutbox] == [["karin.soerensen@solsikken.invalid"]]
    assert "§ 138" in mailoutbox[0].body
    assert not js_errors, js_errors


def test_an_invalid_cpr_is_explained_in_danish_and_the_concern_text_is_kept(
    page: Page, live_server, modtagelse, child, shot, axe
):
    log_in(page, "modtagelse", PASSWORD)
    page.goto("/underretninger/ny/")
    fill_professional(page, cpr="321399-1234", received=received_text(), text=CONCERN)
    page.get_by_role("button", name="Registrér underretningen").click()

    message = "De første 6 cifre i CPR-nummeret skal være en gyldig fødselsdato"
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Der er fejl i formularen")
    expect(summary).to_contain_text(message)
    expect(page.locator("#id_child_cpr-error")).to_contain_text(message)
    expect(page.get_by_label("Barnets CPR-nummer")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Barnets CPR-nummer")).to_have_value("321399-1234")
    expect(page.get_by_role("textbox", name="Bekymringen")).to_have_value(CONCERN)
    expect(page.locator("#id_notifier_name")).to_have_value("Karin Sørensen")
    axe("new-notification form with errors")
    shot("01-invalid-cpr")

    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Barnets CPR-nummer")).to_be_focused()
    assert Notification.objects.count() == 0
