"""An analyst of a national installation sees every municipality ranked on Tidlig's own figure, her own marked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.intake.models import Channel, Notification
from tidlig.metrics import facts
from tidlig.organisation.models import Municipality
from tidlig.people.models import Child

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _town(m: Municipality, children: int, notified: int) -> None:
    kids = [Child.objects.create(municipality=m, birth_date=dt.date(2014, 2, 1)) for _ in range(children)]
    for kid in kids[:notified]:
        Notification.objects.create(
            municipality=m,
            child=kid,
            received_at=timezone.make_aware(dt.datetime(2025, 4, 7, 10)),
            channel=Channel.RECEPTION,
            notifier_kind="professional",
            text="Bekymring.",
        )
    facts.facts_refresh(municipality=m, months=[dt.date(2025, 4, 1)])


@pytest.fixture
def installation(municipality, other_municipality):
    _town(municipality, 40, 6)  # 150,0
    _town(other_municipality, 20, 8)  # 400,0
    for i, (n, k) in enumerate([(30, 9), (25, 5), (50, 7), (12, 2)]):  # 300,0; 200,0; 140,0; hidden
        _town(Municipality.objects.create(code=f"098{i}", name=f"Kommune {i + 1}"), n, k)


def test_an_analyst_sees_the_installation_ranked(page: Page, live_server, ann, installation, shot, axe):
    log_in(page, "ann", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/noegletal/sammenligning/")
    page.get_by_role("link", name="Kommunerne i Tidlig side om side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommunerne i Tidlig")
    expect(page.get_by_test_id("own-rank")).to_have_text("Testrup er nr. 4 af 5 kommuner med et tal.")
    table = page.get_by_test_id("figure-kommunerne").locator("table")
    expect(table.locator("tbody tr").first).to_contain_text("Andetrup")
    expect(table.locator("tbody tr").nth(3)).to_contain_text("Testrup ◀")
    expect(table.locator("tbody tr").last).to_contain_text("< 5")
    expect(page.get_by_test_id("figure-kommunerne").locator("svg")).to_be_visible()
    axe("installation")
    shot("01-ranked")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_test_id("own-rank")).to_be_visible()
    shot("02-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent tabellen som CSV").click()
    assert download.value.suggested_filename == "kommunerne-2025.csv"
