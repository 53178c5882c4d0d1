"""A leader reads her institution's anonymous overview; an educator prints what is recorded for the parents."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.people.models import Child
from tidlig.wellbeing.models import Rating

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _ratings(period, group, eva, colours):
    inst = period.institution
    for i, colour in enumerate(colours):
        child = Child.objects.create(
            municipality=inst.municipality, first_name=f"Anonym{i}", last_name="Barn", institution=inst
        )
        Rating.objects.create(
            municipality=inst.municipality, institution=inst, district=inst.district, period=period,
            group=group, child=child, kind="joint", rater=eva, colour=colour, rated_at=timezone.now(),
            age_months=50, sex="F",
        )  # fmt: skip


def test_a_leader_reads_the_overview_without_names(
    page: Page, live_server, lea, eva, period, group, shot, axe
):
    _ratings(period, group, eva, ["green"] * 14 + ["yellow"] * 6 + ["red"] * 2)
    log_in(page, "lea", PASSWORD)
    page.goto("/trivsel/oversigt/?level=group")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trivsel uden navne")
    row = page.get_by_test_id("by-unit").get_by_role("row", name="Mariehønen")
    expect(row).to_contain_text("14")
    # 2 red is small ("< 5"); 6 yellow is hidden only so that 22 − 14 cannot give the 2 away ("x").
    expect(row.get_by_role("cell")).to_have_text(["14", "x", "< 5", "22", "64 %", "–", "–"])
    expect(page.get_by_test_id("suppression-note").first).to_contain_text("«x»")
    assert "Anonym" not in page.content()
    axe("well-being overview")
    shot("01-overview")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_test_id("suppression-note").first).to_be_visible()
    shot("02-overview-phone")


def test_an_educator_opens_the_parents_page(page: Page, live_server, eva, child, group, period, shot, axe):
    Rating.objects.create(
        municipality=child.municipality, institution=period.institution, period=period, group=group,
        child=child, kind="joint", rater=eva, colour="yellow", rated_at=timezone.now(), note="Stille i samling",
    )  # fmt: skip
    log_in(page, "eva", PASSWORD)
    page.goto(f"/trivsel/barn/{child.pk}/foraeldre/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Det har vi registreret om Lukas Jensen")
    expect(page.get_by_test_id("legal-basis")).to_contain_text("retssikkerhedslovens § 11 e")
    expect(page.get_by_test_id("rating")).to_contain_text("Stille i samling")
    expect(page.get_by_role("link", name="Hent som PDF")).to_be_visible()
    axe("parents' page")
    shot("01-parents")
