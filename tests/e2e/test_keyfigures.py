"""An analyst reads the key figures over time, picks a period and a district, and downloads a table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.intake.models import Channel, Notification
from tidlig.metrics.facts import facts_refresh, history_months
from tidlig.people.models import Child

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _notifications(municipality, org):
    """Seven children in Nord notified about in October 2026, one of them twice."""
    for i in range(7):
        child = Child.objects.create(
            municipality=municipality,
            first_name=f"Zofia{i}",
            birth_date=dt.date(2016, 1, 1),
            district=org["nord"],
        )
        for day in (5, 20) if i == 0 else (5 + i,):
            Notification.objects.create(
                municipality=municipality, child=child, received_at=timezone.make_aware(dt.datetime(2026, 10, day, 10)),
                channel=Channel.RECEPTION, notifier_kind="professional", text="Bekymring.",
            )  # fmt: skip
    facts_refresh(municipality=municipality, months=history_months(municipality))


def test_an_analyst_reads_the_key_figures_by_quarter_and_district(
    page: Page, live_server, municipality, org, ann, shot, axe
):
    _notifications(municipality, org)
    log_in(page, "ann", PASSWORD)
    page.goto("/noegletal/?grain=Q")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nøgletal")
    figure = page.get_by_test_id("figure-underretninger")
    expect(figure.get_by_role("img")).to_be_visible()
    # 4th quarter 2026: 8 notifications about 7 children; the repeat (1) is hidden.
    expect(figure.get_by_role("row", name="4. kvt. 2026").get_by_role("cell")).to_contain_text(
        ["8", "7", "< 5"]
    )
    axe("key figures")
    shot("01-quarters")

    page.get_by_label("Distrikt").select_option(label="Nord")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nøgletal: Nord")
    with page.expect_download() as download:
        figure.get_by_role("link", name="Hent tabellen som CSV").click()
    assert download.value.suggested_filename.startswith("noegletal-underretninger-Q-")
    assert "Zofia" not in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    expect(figure.get_by_role("img")).to_be_visible()
    shot("02-district-phone")
