"""Reception learns everything wrong with a notification in one submit, registers an unknown child on the
spot and is reminded of the beredskab against abuse (issue 10), in a real browser at 1366 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_staff
from tidlig.intake.models import Notification
from tidlig.organisation.models import Role

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def modtagelse(municipality, org):
    municipality.abuse_readiness_contact = "Overgrebsteamet, tlf. 00 00 00 01"
    municipality.childrens_house = "Børnehus Testrup"
    municipality.save()
    return make_staff(
        "modtagelse", Role.RECEPTION, municipality, team=org["reception"], name="Maja Modtagelse"
    )


def error_at(page: Page, field_id: str):
    return page.locator(f"#{field_id}-error")


def test_one_submit_names_every_problem_and_an_unknown_child_is_registered_inline(
    page: Page, live_server, modtagelse, child, shot, axe, js_errors
):
    log_in(page, "modtagelse", PASSWORD)
    page.goto("/underretninger/ny/")
    page.get_by_label("Barnets CPR-nummer").fill("010203-1234")
    page.get_by_label("Modtaget (dato og klokkeslæt)").fill("01.01.2099 09:00")
    page.get_by_label("Fagperson (§ 133)").check()
    page.get_by_label("Arbejdssted / kommune").fill("Testrup Skole")
    page.get_by_label("E-mail").fill("ikke-en-mail")
    page.get_by_role("textbox", name="Bekymringen").fill("Sofie fortæller, at far slår hende.")
    page.get_by_label("Vold eller overgreb").check()
    page.get_by_role("button", name="Registrér underretningen").click()

    expect(error_at(page, "id_child_cpr")).to_contain_text("født i 1903")
    expect(error_at(page, "id_received_at")).to_contain_text("ligger i fremtiden")
    expect(error_at(page, "id_notifier_name")).to_contain_text("§ 133")
    expect(error_at(page, "id_notifier_email")).to_contain_text("gyldig e-mailadresse")
    summary = page.locator("[data-module=error-summary]")
    expect(summary).not_to_contain_text("?:")
    expect(page.get_by_role("textbox", name="Bekymringen")).to_have_value(
        "Sofie fortæller, at far slår hende."
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    shot("1366-errors")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("390-errors")
    axe("notification form with errors")
    page.set_viewport_size({"width": 1366, "height": 900})

    # an unknown but plausible child's CPR: the name fields appear, nothing typed is lost
    page.get_by_label("Barnets CPR-nummer").fill("010120-4231")
    page.get_by_label("Modtaget (dato og klokkeslæt)").fill("18.11.2026 09:00")
    page.locator("#id_notifier_name").fill("Lærke Lærer")
    page.get_by_label("E-mail").fill("laerke@skole.invalid")
    page.get_by_role("button", name="Registrér underretningen").click()
    expect(error_at(page, "id_child_cpr")).to_contain_text("Skriv barnets fornavn og efternavn")
    shot("1366-new-child")
    page.get_by_label("Barnets fornavn").fill("Sofie")
    page.get_by_label("Barnets efternavn").fill("Holm")
    page.get_by_role("button", name="Registrér underretningen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Sofie Holm")
    reminder = page.get_by_test_id("abuse-reminder")
    expect(reminder).to_contain_text("§ 15, stk. 2")
    expect(reminder).to_contain_text("Børnehus Testrup")
    shot("1366-abuse-reminder")
    assert Notification.objects.get().child.last_name == "Holm"

    # the worklist shows who notified and why; the search finds the child in one step
    page.get_by_role("link", name="Modtagelse", exact=True).first.click()
    acute = page.get_by_test_id("acute")
    expect(acute).to_contain_text("Lærke Lærer, Testrup Skole")
    expect(acute).to_contain_text("Vold eller overgreb")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("390-worklist")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot("1366-worklist")
    page.get_by_label("Find barn").fill("holm sofie")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_test_id("search-results")).to_contain_text("Sofie Holm")
    shot("1366-search")
    axe("search results")
    page.get_by_role("link", name="Sofie Holm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sofie Holm")
    assert js_errors == []
