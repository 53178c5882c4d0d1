"""A manager reads the staircase in motion and the spending pages in a browser, on a desk and a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_staff
from tidlig.metrics.tests.stairs import build, refresh
from tidlig.organisation.models import Role

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_manager_reads_the_staircase_and_the_spending(
    page: Page, live_server, municipality, org, alice, bob, shot, axe, js_errors
):
    build(municipality, org, alice, bob)
    refresh(municipality)
    make_staff("chef", Role.MANAGER, municipality, name="Charlotte Chef")
    log_in(page, "chef", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/noegletal/trappen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trappen i bevægelse")
    flows = page.get_by_test_id("figure-bevaegelser")
    expect(flows.get_by_role("row", name="3. kvt. 2026").get_by_role("cell")).to_have_text(
        ["< 5", "< 5", "5", "6"]
    )
    expect(flows.locator("svg[role=img]")).to_be_visible()
    axe("staircase")
    shot("01-staircase-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("02-staircase-390")
    page.get_by_role("link", name="Økonomi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Økonomi: udgifter på indsatstrappen")
    committed = page.get_by_test_id("figure-bundet")
    expect(committed.get_by_role("row", name="I alt").get_by_role("cell")).to_have_text(["13", "502.600 kr."])
    shot("03-spending-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    axe("spending")
    shot("04-spending-1366")
    assert "Trappesen" not in page.content()
    assert js_errors == []
