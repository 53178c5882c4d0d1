"""FIT on a phone (issue 13 § 4): the caseworker opens a session and makes a one-time link; the mother
scores the four sliders on her own phone (390 px, touch); the caseworker's session page shows the result."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD

from .conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_fit_session_scored_on_a_phone_through_the_one_time_link(
    page: Page, browser, live_server, child, alice, shot, axe, js_errors
):
    from django.core.cache import cache

    cache.clear()
    child.caseworker = alice
    child.save()
    log_in(page, "alice", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/boern/{child.pk}/")
    page.get_by_test_id("fit-link").click()
    page.get_by_role("link", name="Tilføj respondent").click()
    page.get_by_label("Mor").check()
    page.get_by_label("Fornavn").fill("Mette")
    page.get_by_role("button", name="Gem").click()
    page.get_by_test_id("fit-session-new").click()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("FIT-session 18.11.2026")
    page.get_by_role("button", name="Engangslink til telefonen").first.click()
    url = page.get_by_test_id("fit-link-url").input_value()
    shot("01-link-1366")
    path = re.sub(r"^https?://[^/]+", "", url)

    phone_ctx = browser.new_context(
        base_url=live_server.url,
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    phone = phone_ctx.new_page()
    phone.on("pageerror", lambda exc: js_errors.append(str(exc)))
    try:
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Hvordan går det?")
        expect(phone.get_by_text("Hej Mette")).to_be_visible()
        expect(phone.get_by_text("Lukas")).to_have_count(0)
        first = phone.get_by_label("Punkt 1")
        box = first.bounding_box()
        phone.touchscreen.tap(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
        value = float(phone.get_by_test_id("value-item1").inner_text().replace(",", "."))
        assert 6.5 <= value <= 9.5, value  # the thumb went where the finger was, and the number shows it
        phone.get_by_label("Punkt 2").fill("6.2")
        expect(phone.get_by_test_id("value-item2")).to_have_text("6,2")
        phone.get_by_label("Punkt 3").focus()
        for _ in range(5):
            phone.keyboard.press("ArrowRight")  # 5.0 + 5 × 0.1
        expect(phone.get_by_test_id("value-item3")).to_have_text("5,5")
        phone.get_by_label("Punkt 4").fill("9")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        phone.add_script_tag(url="/static/vendor/axe-core/axe.min.js")  # axe in the phone's page
        violations = phone.evaluate("async () => (await axe.run(document)).violations")
        assert not [v["id"] for v in violations if v["impact"] in ("critical", "serious")]
        phone.screenshot(path=str(SCREENSHOTS / "test_fit_phone-03-sliders-390.png"), full_page=True)
        phone.get_by_test_id("fit-send").tap()
        expect(phone.get_by_test_id("fit-thanks")).to_have_text("Tak, Mette")
        phone.screenshot(path=str(SCREENSHOTS / "test_fit_phone-04-thanks-390.png"), full_page=True)
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Linket virker ikke")
    finally:
        phone_ctx.close()

    page.get_by_role("link", name="Tilbage til sessionen").first.click()
    total = round(value + 6.2 + 5.5 + 9.0, 1)
    expect(page.get_by_test_id("fit-ratings")).to_contain_text(f"ORS {total:.1f}".replace(".", ","))
    expect(page.get_by_test_id("fit-ratings")).to_contain_text("Engangslink")
    shot("05-session-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("06-session-390")
    assert js_errors == []


def test_the_caseworker_reads_the_trajectories_and_the_alerts(
    page: Page, live_server, child, alice, shot, axe
):
    import datetime as dt
    import random

    from tidlig.demo import fit

    child.caseworker = alice
    child.save()
    fit.family(child, alice, random.Random(3), today=dt.date(2026, 11, 18), pattern="stalls")
    log_in(page, "alice", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/boern/{child.pk}/fit/")

    expect(page.get_by_test_id("fit-figure")).to_have_count(2)
    expect(page.get_by_test_id("fit-figure").first.locator("svg[role=img]")).to_be_visible()
    expect(page.get_by_test_id("fit-alerts")).to_contain_text("Ingen pålidelig ændring")
    axe("fit-child")
    shot("01-trajectories-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("02-trajectories-390")
    page.goto("/fit/varsler/")
    expect(page.get_by_test_id("fit-my-alerts")).to_contain_text("Svag alliance")
    page.goto("/fit/statistik/")
    expect(page.get_by_test_id("fit-outcome-table")).to_contain_text("66–68 %")
    axe("fit-statistics")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot("03-statistics-1366")
