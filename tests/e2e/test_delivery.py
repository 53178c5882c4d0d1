"""An analyst opens the yearly data delivery from the key figures, sees what to fix child by child and
downloads the file; a manager sees the same counts without names (1366 px and 390 px)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.delivery.tests.conftest import types, year_2025  # noqa: F401 (fixtures)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_analyst_finds_what_to_fix_and_downloads(page: Page, ann, year_2025, shot, axe):  # noqa: F811
    log_in(page, "ann", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/noegletal/")
    page.get_by_role("link", name="Dataindberetning til Danmarks Statistik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dataindberetning 2025")
    expect(page.get_by_test_id("children-with-errors")).to_have_text("3")
    expect(page.get_by_test_id("problem-children")).to_contain_text("Emil Test")
    axe("delivery")
    shot("01-analyst-1366")
    with page.expect_download() as dl:
        page.get_by_test_id("download-csv").click()
    assert dl.value.suggested_filename == "dataindberetning-999-2025.csv"
    page.set_viewport_size({"width": 390, "height": 844})
    shot("02-analyst-390")
    page.get_by_label("År").select_option("2024")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dataindberetning 2024")


def test_a_manager_sees_counts_without_names(page: Page, mads, year_2025, shot):  # noqa: F811
    log_in(page, "mads", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/noegletal/indberetning/")
    expect(page.get_by_test_id("no-names")).to_be_visible()
    expect(page.get_by_text("Emil Test")).to_have_count(0)
    shot("01-manager-1366")
