"""Issue 10 for the educator, the leader and the health visitor, through the browser at 1366 and 390 px:
a red rating leads on in one step, and the leader's child picker finds one of two namesakes and offers
only that child's custody holders for the consent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.people.models import Child, Guardianship, Person
from tidlig.wellbeing.models import GroupMember

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", WIDTHS)
def test_a_red_rating_shows_the_next_steps_and_one_click_starts_the_concern(
    page: Page, live_server, eva, group, period, child, size, shot, axe, js_errors
):
    page.set_viewport_size(WIDTHS[size])
    log_in(page, "eva", PASSWORD)
    page.goto(f"/trivsel/gruppe/{group.pk}/")
    page.locator(f"label[for='c-{child.pk}-red']").click()  # by touch or mouse: the colour is saved at once
    expect(page.locator(f"#status-{child.pk}")).to_contain_text("Gemt 18.11.2026 kl.")
    panel = page.get_by_test_id("red-next")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Rød for Lukas Jensen")
    axe(f"red prompt {size}")
    shot("01-red-prompt")
    panel.get_by_role("button", name="Skjul").click()
    expect(panel).to_have_count(0)
    page.locator(f"label[for='c-{child.pk}-red']").click()  # already red: nothing is sent again
    page.locator(f"label[for='c-{child.pk}-green']").click()
    page.locator(f"label[for='c-{child.pk}-red']").click()
    expect(panel).to_be_visible()
    panel.get_by_role("link", name="Start en bekymring med handleguiden").click()
    expect(page).to_have_url(re.compile(rf"/bekymringer/ny/\?barn={child.pk}$"))
    expect(page.get_by_label("Barnet")).to_have_value(str(child.pk))
    shot("02-concern-form")
    assert js_errors == []


@pytest.fixture
def namesake(municipality, org, group):
    c = Child.objects.create(
        municipality=municipality,
        cpr="0101214231",
        first_name="Lukas",
        last_name="Jensen",
        birth_date=dt.date(2021, 1, 1),
        sex="M",
        institution=org["solsikken"],
        district=org["nord"],
    )
    GroupMember.objects.create(group=group, child=c, joined_on=dt.date(2024, 8, 1))
    father = Person.objects.create(
        municipality=municipality, cpr="0505801237", first_name="Karl", last_name="Bach"
    )
    Guardianship.objects.create(child=c, person=father, relation="father", has_custody=True)
    return c


@pytest.mark.parametrize("size", WIDTHS)
def test_the_leader_finds_one_of_two_namesakes_and_gets_only_his_custody_holders(
    page: Page, live_server, lea, sara, child, namesake, size, shot, axe, js_errors
):
    from tidlig.crossteam import services

    meeting = services.meeting_create(
        actor=lea,
        institution_id=child.institution_id,
        starts_at=timezone.now() + dt.timedelta(days=7),
        place="Salen",
    )
    page.set_viewport_size(WIDTHS[size])
    log_in(page, "lea", PASSWORD)
    page.goto(f"/tvaerfagligt-team/moede/{meeting.pk}/punkt/nyt/")
    page.get_by_label("Drøftelse med navn (samtykke)").check()
    expect(page.get_by_text("(ved drøftelse med navn)").first).to_be_visible()
    search = page.get_by_role("searchbox", name="Søg på navn eller fødselsdato")
    search.fill("zzz")
    expect(page.get_by_text("Intet barn passer til søgningen.")).to_be_visible()
    search.fill("lukas 2021")
    expect(page.get_by_text("Intet barn passer til søgningen.")).to_have_count(0)
    picker = page.get_by_role("combobox", name=re.compile(r"^Barn"))
    expect(picker).to_have_value(str(namesake.pk))
    consent = page.get_by_role("combobox", name=re.compile(r"^Samtykke fra"))
    options = consent.locator("option:not([hidden])")
    expect(options).to_have_text(["—", "Karl Bach"])
    axe(f"item form {size}")
    shot("01-item-form")
    picker.select_option(str(child.pk))
    expect(options).to_have_text(["—", "Mette Jensen"])
    assert js_errors == []
