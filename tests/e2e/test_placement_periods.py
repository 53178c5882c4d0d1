"""A caseworker records that the parents declined the offer to revise the forældrehandleplan (BL § 79) on a
placement's page, and the child's page shows each period of the recurring obligations as its own row
(§ 156, stk. 5 visits met late, § 79 offers) — issue 12. Phone width and desktop width."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.interventions import catalogue
from tidlig.interventions.services import supervision_visit_record
from tidlig.interventions.tests.test_services import investigated, placement

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

D = dt.date


@pytest.fixture
def placed(child, alice):
    catalogue.install()  # the live server's database is emptied between tests
    child.caseworker = alice
    child.save()
    investigated(alice, child, aware_on=D(2025, 9, 1), concluded_on=D(2025, 11, 20))
    m = placement(alice, child, decided_on=D(2025, 11, 25), started_on=D(2025, 12, 1))
    # the first visit was due 01.06.2026; it came two months late
    supervision_visit_record(
        measure=m,
        actor=alice,
        visited_on=D(2026, 8, 3),
        talked_with_child=True,
        note="Samtale alene med Lukas.",
    )
    return m


@pytest.mark.parametrize("width", [1366, 390])
def test_the_parents_decline_the_offer_and_each_period_keeps_its_row(page: Page, placed, child, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "alice", PASSWORD)
    page.goto(f"/indsatser/{placed.pk}/")
    shot(f"{width}-00-measure")
    form = page.locator("#parent-plan-offer")
    form.get_by_label("Dato").fill("20.02.2026")
    form.get_by_label("Revision tilbudt – forældrene afslog").check()
    form.get_by_label("Notat").fill("Mor ønsker ikke en revision nu; vi spørger igen om et år.")
    shot(f"{width}-01-offer-form")
    form.get_by_role("button", name="Registrér").click()

    offers = page.get_by_test_id("parent-plan-offer")
    expect(offers).to_have_count(1)
    expect(offers.first).to_contain_text("forældrene afslog")
    expect(offers.first).to_contain_text("20.02.2026")
    shot(f"{width}-02-offer-recorded")

    page.goto(f"/boern/{child.pk}/")
    page.locator("details summary", has_text="Opfyldte og afsluttede frister").click()
    visits = page.locator('[data-testid="obligations"] tr[data-code="supervision_visit"]')
    expect(visits).to_have_count(2)  # period 1 met late, period 2 open
    expect(visits.filter(has_text="periode 1")).to_contain_text("01.06.2026")
    expect(visits.filter(has_text="periode 2")).to_contain_text("03.02.2027")
    offers_rows = page.locator('[data-testid="obligations"] tr[data-code="parent_plan_offer"]')
    expect(offers_rows).to_have_count(2)
    shot(f"{width}-03-child-periods")
