"""BL § 51: the caseworker records the indstilling to børne- og ungeudvalget on a § 47 draft, ticking what it
held; the page says what § 51 still requires (audit of issue 12). Phone width and desktop width."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.interventions import catalogue
from tidlig.interventions.tests.test_services import draft, investigated
from tidlig.plans.services import plan_record

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

D = dt.date


@pytest.fixture
def committee_draft(child, alice):
    catalogue.install()  # the live server's database is emptied between tests
    child.caseworker = alice
    child.save()
    investigated(alice, child, aware_on=D(2026, 8, 3), concluded_on=D(2026, 11, 2))
    plan_record(
        child=child,
        actor=alice,
        kind="child",
        summary="Plan før § 47.",
        recorded_on=D(2026, 11, 10),
        goals=[("Tryghed", "Plejefamilien")],
    )
    return draft(alice, child, "anb_almen", without_consent=True, planned_on=D(2026, 11, 25))


@pytest.mark.parametrize("width", [1366, 390])
def test_the_indstilling_is_recorded_and_what_it_lacks_is_shown(
    page: Page, live_server, committee_draft, shot, axe, js_errors, width
):
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
    log_in(page, "alice", PASSWORD)
    page.goto(f"/indsatser/afgoerelse/{committee_draft.pk}/")
    panel = page.get_by_test_id("committee")
    expect(panel).to_contain_text("Indstillingen er ikke registreret.")
    form = page.get_by_test_id("committee-form")
    # Nothing chosen: every problem in one round, in Danish, the typed date kept.
    form.get_by_label("Indstillingen sendt til udvalget").fill("16.11.2026")
    form.get_by_role("button", name="Gem indstillingen").click()
    panel = page.get_by_test_id("committee")
    expect(panel).to_contain_text("Vælg hvad der er vedlagt om planen for forældrene.")
    expect(panel).to_contain_text("Vælg hvad indstillingen siger om søskende under 15 år.")
    form = page.get_by_test_id("committee-form")
    expect(form.get_by_label("Indstillingen sendt til udvalget")).to_have_value("16.11.2026")
    form.get_by_label("Udvalgets møde").fill("25.11.2026")
    form.get_by_label("nr. 1: undersøgelsen, betingelserne i § 47 og ressourcerne").check()
    form.get_by_label("nr. 2: vurdering af forældremyndighedsindehaverens kompetencer").check()
    form.get_by_label("nr. 3: barnets plan eller ungeplanen og den påtænkte støtte").check()
    form.get_by_label("Forældrehandleplanen (§ 77, stk. 1) er vedlagt").check()
    form.get_by_label("Søskende under 15 år indstilles ikke anbragt, og begrundelsen mangler").check()
    shot(f"{width}-01-form")
    form.get_by_role("button", name="Gem indstillingen").click()

    expect(page.get_by_text("Indstillingen til børne- og ungeudvalget er registreret.")).to_be_visible()
    recorded = page.get_by_test_id("committee-submission")
    expect(recorded).to_contain_text("Sendt til udvalget 16.11.2026; udvalgets møde 25.11.2026.")
    expect(recorded).to_contain_text("Indstillingen mangler noget, § 51 kræver")
    expect(recorded.locator("li")).to_have_text(
        ["Nr. 4: barnets eller den unges holdning", "Søskende under 15 år (stk. 3)"]
    )
    axe("committee submission")
    shot(f"{width}-02-recorded")
    assert js_errors == []
