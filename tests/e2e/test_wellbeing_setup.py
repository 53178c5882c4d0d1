"""The daycare leader sets up a rating period and a group, and the educator finds the group to rate."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.wellbeing.models import Group, RatingPeriod

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_leader_sets_up_a_period_and_a_group(page: Page, live_server, lea, eva, child, shot, axe, js_errors):
    today = timezone.localdate()
    log_in(page, "lea", PASSWORD)
    expect(page).to_have_url(re.compile(r"/trivsel/$"))
    page.get_by_role("link", name="Opsætning: perioder og grupper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opsætning for Solsikken")
    axe("setup overview")

    page.get_by_role("link", name="Ny periode").click()
    page.get_by_label("Navn").fill("Efterår")
    page.get_by_label("Åbner").fill((today - dt.timedelta(days=3)).strftime("%d.%m.%Y"))
    page.get_by_label("Lukker").fill((today - dt.timedelta(days=5)).strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Gem periode").click()
    expect(page.get_by_text("Perioden skal lukke samme dag, som den åbner").first).to_be_visible()
    expect(page.get_by_label("Navn")).to_have_value("Efterår")  # what was typed is kept
    axe("period form with an error")
    page.get_by_label("Lukker").fill((today + dt.timedelta(days=30)).strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Gem periode").click()
    expect(page.get_by_role("status").first).to_contain_text("Perioden er oprettet.")
    expect(page.get_by_test_id("periods")).to_contain_text("Åben nu")

    page.get_by_role("link", name="Ny gruppe").click()
    page.get_by_label("Navn på gruppen").fill("Sommerfuglene")
    page.get_by_role("button", name="Opret gruppe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sommerfuglene")
    page.get_by_label("Eva Pædagog").check()
    page.get_by_role("button", name="Gem navn og pædagoger").click()
    page.get_by_label("Lukas Jensen").check()
    page.get_by_role("button", name="Gem børn i gruppen").click()
    expect(page.get_by_role("status").first).to_contain_text("Børnene i gruppen er opdateret.")
    axe("group setup")
    shot("01-group")

    group = Group.objects.get(name="Sommerfuglene")
    assert list(group.educators.all()) == [eva]
    assert [m.child for m in group.members.filter(left_on=None)] == [child]
    assert RatingPeriod.objects.get(title="Efterår").is_open(today)

    page.get_by_role("button", name="Log af").click()
    log_in(page, "eva", PASSWORD)
    page.get_by_role("link", name="Sommerfuglene").click()
    expect(page.get_by_test_id("row")).to_have_count(1)
    assert js_errors == []
