"""The data-protection officer finds out who saw a child's data, and a caseworker sees her own reads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_staff
from tidlig.organisation.models import Role

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_quality_role_searches_a_child_by_cpr_and_exports_the_log(
    page: Page, live_server, municipality, alice, child, shot, axe, js_errors
):
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    make_staff("karen", Role.QUALITY, municipality, name="Karen Kvalitet")

    log_in(page, "alice", PASSWORD)
    page.goto(f"/boern/{child.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lukas")
    page.get_by_test_id("my-access-log").click()
    expect(page).to_have_url(re.compile(r"/adgangslog/mine/$"))
    expect(page.get_by_test_id("entries").locator("tbody tr").first).to_contain_text(
        f"GET /boern/{child.pk}/"
    )
    assert "Lukas" not in page.get_by_test_id("entries").inner_text()  # no names in my own log
    shot("01-my-log")
    page.context.clear_cookies()

    log_in(page, "karen", PASSWORD)
    expect(page).to_have_url(re.compile(r"/adgangslog/$"))  # the quality role starts at the log search
    axe("access-log search")
    search = page.get_by_test_id("child-search")
    search.get_by_label("Barnets CPR-nummer").fill("150418-4235")
    search.get_by_role("button", name="Søg på barnet").click()
    expect(page).to_have_url(re.compile(rf"/adgangslog/barn/{child.pk}/$"))  # no CPR in the address
    expect(page.get_by_role("heading", level=1)).to_have_text("Adgangslog for Lukas Jensen (150418-4235)")
    rows = page.get_by_test_id("entries").locator("tbody tr")
    expect(rows.filter(has_text="Alice Rådgiver")).to_contain_text("cases:child")
    expect(rows.filter(has_text="Karen Kvalitet")).to_contain_text("audit_log")  # the look itself is logged
    axe("access log of a child")
    shot("02-child-log")

    with page.expect_download() as download:
        page.get_by_test_id("csv").click()
    body = open(download.value.path(), encoding="utf-8-sig").read()
    assert body.startswith("Tidspunkt;Brugernavn;") and ";alice;" in body
    assert js_errors == []
