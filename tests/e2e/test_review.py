"""Case review end to end in the browser (issue 12): the quality role draws a sample, confirms and overrides
Tidlig's pre-answers, answers what Tidlig cannot derive, and reads the results; at 1366 and 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_staff
from tidlig.organisation.models import Role
from tidlig.review.tests.conftest import cases as _cases_fixture  # noqa: F401 - the hand-made cases

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
cases = _cases_fixture


@pytest.mark.parametrize("width", [1366, 390])
def test_draw_answer_results(page: Page, live_server, municipality, org, cases, width, shot, axe, js_errors):
    make_staff("karen", Role.QUALITY, municipality, name="Karen Kvalitet")
    # Barn3 is bob's, team Syd: its findings go to Syd's team leader.
    make_staff("sofie", Role.TEAM_LEADER, municipality, team=org["team_syd"], name="Sofie Teamleder")
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
    log_in(page, "karen", PASSWORD)
    page.goto("/sagsgennemgang/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sagsgennemgang")
    draw = page.get_by_test_id("draw")
    draw.get_by_label("Titel").fill("Børnesager 1. halvår 2026")
    draw.get_by_label("Frister i perioden fra").fill("01.01.2026")
    draw.get_by_label("til", exact=True).fill("30.06.2026")
    draw.get_by_label("Frø (seed)").fill("2026")
    axe("review index")
    shot(f"{width}-01-draw")
    draw.get_by_role("button", name="Træk stikprøven").click()
    expect(page).to_have_url(re.compile(r"/sagsgennemgang/\d+/$"))
    expect(page.get_by_test_id("cases").locator("tbody tr")).to_have_count(4)
    shot(f"{width}-02-sample")

    page.get_by_role("link", name="Barn3 Prøvesen").click()
    followup = page.get_by_test_id("cp-followup")
    expect(followup).to_contain_text("Ikke overholdt")
    expect(followup).to_contain_text("frist 01.04.2026")
    axe("review case")
    # Override without a reason: refused, in Danish, in one round.
    followup.get_by_label("Overholdt", exact=True).check()
    followup.get_by_role("button").click()
    followup = page.get_by_test_id("cp-followup")
    expect(followup).to_contain_text("Skriv hvorfor du ændrer Tidligs svar.")
    followup.get_by_label("Begrundelse").fill("Opfølgningen er holdt, men journaliseret som notat.")
    followup.get_by_role("button").click()
    expect(page.get_by_test_id("cp-followup")).to_contain_text("Gennemgangens svar")
    purpose = page.get_by_test_id("cp-decision_purpose")
    expect(purpose).to_contain_text("Besvares af dig")
    purpose.get_by_label("Ikke overholdt").check()
    purpose.get_by_label("Begrundelse").fill("Afgørelsen nævner ingen forventet varighed.")
    purpose.get_by_role("button").click()
    page.get_by_test_id("findings").get_by_label("Fund til teamlederen").fill(
        "Opfølgning mangler i journalen."
    )
    page.get_by_test_id("findings").get_by_role("button").click()
    expect(page.get_by_text("Fundene er sendt til teamlederen.")).to_be_visible()
    shot(f"{width}-03-case")

    page.get_by_role("link", name="Børnesager 1. halvår 2026").click()
    page.get_by_test_id("results-link").click()
    results = page.get_by_test_id("results")
    followup_row = results.locator('tr[data-code="followup"]')
    expect(followup_row).to_contain_text("100 %")  # 1 of 1 after the override
    expect(followup_row).to_contain_text("21 % – 100 %")  # Wilson 1 of 1
    expect(followup_row).to_contain_text("44 % → 50 % → 75 %")
    axe("review results")
    shot(f"{width}-04-results")

    # The team leader of the case's team reads the findings (issue 12: findings per case to the team leader).
    page.context.clear_cookies()
    log_in(page, "sofie", PASSWORD)
    page.goto("/sagsgennemgang/fund/")
    finding = page.get_by_test_id("findings").locator("tbody tr")
    expect(finding).to_have_count(1)
    expect(finding).to_contain_text("Barn3 Prøvesen")
    expect(finding).to_contain_text("Opfølgning mangler i journalen.")
    # The checkpoint the reviewer found not kept; the follow-up, overridden to met, is not listed.
    expect(finding.get_by_test_id("not-kept")).to_have_text(
        "Afgørelsen angiver formål og forventet varighed (ikke overholdt)"
    )
    axe("review findings")
    shot(f"{width}-05-findings")
    assert js_errors == []
