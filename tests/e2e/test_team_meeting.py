"""The institution leader calls a meeting of the cross-disciplinary team and sets the agenda.

Issue 4, § 3: an anonymous item, a named item refused until the parents' consent is recorded
(RSL § 11 e), and a team member reading the agenda and writing the item's minutes.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.crossteam.models import MeetingItem

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_leader_sets_the_agenda_and_a_team_member_writes_minutes(
    page: Page, live_server, lea, sara, hanne, pia, child, mother, shot, axe, js_errors
):
    today = timezone.localdate()
    log_in(page, "lea", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Tværfagligt team"
    ).first.click()
    expect(page).to_have_url(re.compile(r"/tvaerfagligt-team/$"))
    axe("team start page")
    shot("01-start")

    page.get_by_role("link", name="Indkald til møde").click()
    page.get_by_label("Dato").fill((today + dt.timedelta(days=7)).strftime("%d.%m.%Y"))
    page.get_by_label("Klokkeslæt").fill("13:30")
    page.get_by_label("Sted").fill("Personalerummet")
    axe("new meeting form")
    page.get_by_role("button", name="Opret mødet").click()
    expect(page).to_have_url(re.compile(r"/moede/\d+/$"))

    page.get_by_role("link", name="Sæt et punkt på dagsordenen").click()
    page.get_by_label("Anonym drøftelse", exact=True).check()
    page.get_by_label("Beskrivelse uden navn").fill("pige, 4 år")
    page.get_by_label("Hvad ønsker I drøftet?").fill("Sproget udvikler sig langsomt.")
    page.get_by_role("button", name="Sæt på dagsordenen").click()
    expect(page.get_by_test_id("agenda")).to_contain_text("pige, 4 år")

    page.get_by_role("link", name="Sæt et punkt på dagsordenen").click()
    page.get_by_label("Drøftelse med navn (samtykke)").check()
    page.get_by_label(re.compile(r"^Barn")).select_option(label="Lukas Jensen (f. 15.04.2018)")
    page.get_by_label("Hvad ønsker I drøftet?").fill("Lukas trækker sig fra legen.")
    page.get_by_role("button", name="Sæt på dagsordenen").click()
    expect(page.get_by_role("alert")).to_contain_text("kræver forældrenes samtykke")
    expect(page.get_by_label("Hvad ønsker I drøftet?")).to_have_value("Lukas trækker sig fra legen.")
    axe("item form with an error")
    shot("02-item-refused")

    page.get_by_label("Samtykke fra").select_option(label="Mette Jensen")
    page.get_by_label("Samtykke givet").fill(today.strftime("%d.%m.%Y"))
    page.get_by_label("Hvordan samtykket er givet").fill("Skriftligt")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Sæt på dagsordenen").click()
    expect(page.get_by_test_id("agenda")).to_contain_text("Lukas Jensen")
    axe("meeting with agenda")
    shot("03-agenda")
    assert MeetingItem.objects.filter(kind="named", child=child).count() == 1

    page.context.clear_cookies()
    log_in(page, "pia", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Tværfagligt team"
    ).first.click()
    page.get_by_test_id("upcoming").get_by_role("link").first.click()
    page.get_by_test_id("agenda").get_by_role("link", name="Lukas Jensen").click()
    page.get_by_label("Teamets råd").fill("Små legegrupper med en voksen.")
    page.get_by_label("Opfølgning").fill((today + dt.timedelta(days=40)).strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Gem referatet").click()
    expect(page.get_by_test_id("item-minutes")).to_contain_text("Små legegrupper")
    axe("item with minutes")
    shot("04-item-minutes")
    assert not js_errors
