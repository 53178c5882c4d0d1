"""A manager picks a quarter on /noegletal/, clicks "Hent rapport som PDF" and gets the committee report;
the same report in the browser is screenshot as the PDF's first page would look (print media)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from conftest import PASSWORD, make_staff
from tidlig.metrics.facts import facts_refresh, history_months
from tidlig.metrics.tests.stairs import build
from tidlig.organisation.models import Role

from .conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_manager_downloads_the_committee_report(
    page: Page, live_server, municipality, org, alice, bob, shot, axe, js_errors
):
    build(municipality, org, alice, bob)
    facts_refresh(municipality=municipality, months=history_months(municipality))
    make_staff("chef", Role.MANAGER, municipality, name="Charlotte Chef")
    log_in(page, "chef", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/noegletal/")
    picker = page.get_by_label("Rapportens periode")
    expect(picker).to_have_value("2026-Q3")  # the last whole quarter on 18.11.2026
    axe("key figures with the report button")
    shot("01-keyfigures-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("02-keyfigures-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    picker.select_option(label="2. kvartal 2026")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Hent rapport som PDF").click(no_wait_after=True)
    assert download.value.suggested_filename == "noegletal-udvalg-2026-Q2.pdf"
    SCREENSHOTS.mkdir(exist_ok=True)
    saved = SCREENSHOTS / "committee-report-2026-Q2.pdf"
    download.value.save_as(saved)
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    first = reader.pages[0].extract_text()
    assert "Nøgletal for Børne- og Ungeudvalget, 2. kvartal 2026" in first
    assert "Trine" not in " ".join(p.extract_text() for p in reader.pages)

    # The same document as a page: what the PDF's first page shows, in print media
    page.get_by_role("button", name="Se rapporten i browseren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nøgletal for Børne- og Ungeudvalget, 2. kvartal 2026"
    )
    expect(page.get_by_test_id("figure-trin").locator("svg[role=img]")).to_be_visible()
    axe("the report in the browser")
    shot("03-report-screen-1366")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(
        path=str(SCREENSHOTS / "test_a_manager_downloads_the_committee_report-04-report-first-page.png")
    )
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("05-report-390")
    assert not js_errors


def test_a_wrong_period_is_said_in_danish_and_the_picker_is_offered_again(
    page: Page, live_server, municipality, org, ann
):
    log_in(page, "ann", PASSWORD)
    page.goto("/noegletal/rapport.pdf?period=2026-Q4")
    expect(page.get_by_role("alert")).to_contain_text("Perioden er ikke slut endnu")
    expect(page.get_by_role("button", name="Hent rapport som PDF")).to_be_visible()
