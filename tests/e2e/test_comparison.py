"""A manager compares the municipality with all 98 (Danmarks Statistik's snapshot) and chooses peers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.comparison import services
from tidlig.intake import services as intake
from tidlig.intake.models import Channel
from tidlig.metrics.tasks import refresh_dirty_months
from tidlig.people.models import Child

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def register(municipality, rita):
    kids = [
        Child.objects.create(
            municipality=municipality, first_name=f"Barn{i}", birth_date=dt.date(2008 + i % 17, 5, 1)
        )
        for i in range(300)
    ]
    for i, kid in enumerate(kids[:21]):
        data = intake.NotificationData(
            child=kid,
            received_at=timezone.make_aware(dt.datetime(2025, 1 + i % 12, 10, 10)),
            notifier=intake.NotifierData(
                kind="professional", name="Lærer", workplace="Skolen", email="l@s.invalid"
            ),
            text="Bekymring.",
        )
        intake.notification_register(actor=rita, data=data, channel=Channel.RECEPTION)
    refresh_dirty_months.call(municipality.pk)  # the facts task: the own figure is read from the kept facts


def test_a_manager_compares_and_chooses_peers(page: Page, live_server, mads, register, shot, axe):
    services.snapshot_load()
    log_in(page, "mads", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/noegletal/")
    page.get_by_role("link", name="Sammenlign med andre kommuner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammenligning med andre kommuner")
    expect(page.get_by_test_id("no-dst-code")).to_contain_text("Danmarks Statistik kender ikke Testrup")
    # Testrup's own figure from Tidlig: 21 of 300 children → 70 per 1,000
    expect(page.get_by_test_id("own")).to_contain_text("70,0")
    axe("comparison")
    shot("01-notifications")
    page.screenshot(path=str(shot("01-notifications").with_name("comparison-top.png")))

    page.get_by_test_id("peers").locator("summary").click()
    page.get_by_role("checkbox", name="Herning").check()
    page.get_by_role("checkbox", name="Aabenraa").check()
    page.get_by_label("Sammenligningsgrundlag").select_option("657")
    page.get_by_role("button", name="Gem sammenligningen").click()
    expect(page.get_by_text("Sammenligningen er gemt.")).to_be_visible()
    expect(page.get_by_test_id("summary")).to_contain_text("Herning (sammenligningsgrundlag)")
    expect(page.get_by_test_id("summary")).to_contain_text("Aabenraa")

    page.get_by_role("link", name="Udgifter til plejefamilier pr. indbygger (5.28.22)").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("plejefamilier")
    shot("02-foster-care")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("03-phone")
    page.screenshot(path=str(shot("03-phone").with_name("comparison-phone-top.png")))
