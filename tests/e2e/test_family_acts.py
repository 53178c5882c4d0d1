"""The family's own actions in the browser (issue 14 §§ 2–3): Mette, signed in, withdraws the consent behind a
booked network meeting and the caseworker sees it withdrawn; she writes to the caseworker, who sees it on the
child's timeline; on her phone (390 px) she answers FIT and the professional's page shows it. axe on every
family page, at 1366 px and 390 px."""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.family import citizen as citizens
from tidlig.fit import services as fit
from tidlig.fit.models import Respondent
from tidlig.network import booking

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MOTHER_CPR = "0303851234"  # conftest's mother, Mette Jensen


def sign_in_as_citizen(page: Page, live_server, cpr: str, name: str) -> None:
    """A citizen session as the sign-in leaves it (the sign-in itself is tested by the family app's tests)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = int(time.time())
    store[citizens.SESSION_KEY] = {"cpr": cpr, "name": name, "via": "demo", "at": now, "seen": now}
    store.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )


@pytest.fixture
def owned(child, alice):
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    return child


@pytest.fixture
def booked(owned, alice, lea):
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=7), dt.time(9)))
    slot = booking.slot_publish(
        actor=alice, starts_at=start, ends_at=start + dt.timedelta(hours=1), place="Rådhuset"
    )
    booking.slot_book(
        actor=lea, slot=slot, child=owned, consent_by="Mette Jensen", consent_on=timezone.localdate()
    )
    slot.refresh_from_db()
    return slot


@pytest.mark.parametrize("width", [1366, 390])
def test_a_parent_withdraws_a_consent_and_writes_to_the_caseworker(
    page: Page, live_server, owned, booked, width, shot, axe, js_errors
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as_citizen(page, live_server, MOTHER_CPR, "Mette Jensen")
    page.goto(f"/borger/boern/{owned.pk}/")
    page.get_by_test_id("family-to-consents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeres samtykker")
    axe(f"consents-{width}")
    shot(f"01-consents-{width}")
    page.get_by_test_id("consent-withdraw-link").click()
    expect(page.get_by_test_id("consent-effect")).to_contain_text("bliver aflyst")
    axe(f"confirm-{width}")
    shot(f"02-confirm-{width}")
    page.get_by_test_id("consent-withdraw-confirm").click()
    expect(page.get_by_test_id("family-message-flash")).to_contain_text("Samtykket er trukket tilbage.")
    expect(page.get_by_text("I trak samtykket tilbage den 18.11.2026.")).to_be_visible()
    shot(f"03-withdrawn-{width}")

    page.goto(f"/borger/boern/{owned.pk}/")
    page.get_by_test_id("family-to-message").click()
    page.get_by_test_id("family-message-send").click()  # empty: told what to do, nothing sent
    expect(page.get_by_role("alert")).to_contain_text("Skriv jeres besked til rådgiveren.")
    page.get_by_label("Jeres besked").fill("Vi kan ikke komme på torsdag. Kan vi finde en anden dag?")
    axe(f"message-{width}")
    page.get_by_test_id("family-message-send").click()
    expect(page.get_by_test_id("family-receipt")).to_have_text("Beskeden er sendt")
    expect(page.get_by_test_id("family-receipt-text")).to_contain_text("Kan vi finde en anden dag?")
    axe(f"receipt-{width}")
    shot(f"04-receipt-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    log_in(page, "alice", PASSWORD)  # the caseworker, in the same browser (the citizen session ends)
    page.goto(f"/netvaerk/moede/{booked.meeting_id}/")
    expect(page.get_by_test_id("status")).to_contain_text("Aflyst")
    expect(page.get_by_test_id("consent-withdrawn")).to_contain_text("af forælderen via Tidlig")
    page.goto(f"/boern/{owned.pk}/")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Besked fra familien (Mette Jensen): Vi kan ikke komme på torsdag.")
    expect(timeline).to_contain_text("Forældrene trak samtykket til netværksmødet tilbage via Tidlig")
    expect(page.get_by_test_id("note-from-family")).to_contain_text("Mette Jensen via Tidlig")
    shot(f"05-caseworker-{width}")
    assert not js_errors


def test_fit_from_home_on_a_phone(page: Page, live_server, browser, owned, alice, shot, axe, js_errors):
    mum = fit.respondent_add(child=owned, actor=alice, role=Respondent.Role.MOTHER, first_name="Mette")
    session = fit.session_open(
        child=owned, actor=alice, held_on=timezone.localdate(), respondent_ids=[mum.pk]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_as_citizen(page, live_server, MOTHER_CPR, "Mette Jensen")
    page.goto(f"/borger/boern/{owned.pk}/")
    page.get_by_test_id("family-to-fit").click()
    expect(page.get_by_test_id("fit-open")).to_have_count(2)
    axe("fit-list-390")
    page.get_by_test_id("fit-answer-link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvordan går det?")
    page.get_by_label("Punkt 1").fill("6")
    page.get_by_label("Punkt 2").fill("7")
    page.get_by_label("Punkt 3").fill("8")
    page.get_by_label("Punkt 4").fill("9")
    expect(page.get_by_test_id("value-item4")).to_have_text("9,0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe("fit-sliders-390")
    shot("01-sliders-390")
    page.get_by_test_id("fit-send").click()
    expect(page.get_by_test_id("family-message-flash")).to_contain_text("Tak. Jeres svar er sendt")
    expect(page.get_by_test_id("fit-open")).to_have_count(1)
    shot("02-after-390")

    log_in(page, "alice", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/fit/session/{session.pk}/")
    expect(page.get_by_test_id(f"outcome-{session.ratings.get().pk}")).to_contain_text("30")
    shot("03-professional-1366")
    assert not js_errors
