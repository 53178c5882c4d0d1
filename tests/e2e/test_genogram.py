"""A caseworker opens a child's network: the genogram and the network map with their text lists, on a desk
and on a phone, and adds a person with a mistake corrected in one round."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.demo import genograms
from tidlig.genogram.models import NetworkPerson
from tidlig.people.models import Guardianship, Person

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_caseworker_reads_the_genogram_and_adds_a_person(
    page: Page, live_server, municipality, child, alice, shot, axe, js_errors
):
    child.caseworker = alice
    child.save()
    father = Person.objects.create(
        municipality=municipality, cpr="0101831235", first_name="Jens", last_name="Jensen"
    )
    Guardianship.objects.create(child=child, person=father, relation="father", has_custody=True)
    genograms.family(child, alice, random.Random(2), this_year=2026, separated=True)

    log_in(page, "alice", PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/boern/{child.pk}/")
    page.get_by_test_id("network-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lukas Jensens netværk")
    genogram = page.get_by_test_id("genogram")
    expect(genogram.locator("svg[role=img]")).to_be_visible()
    expect(genogram.locator("g.separation")).to_have_count(1)
    expect(page.get_by_test_id("genogram-list")).to_contain_text("Lukas Jensen (barnet)")
    expect(page.get_by_test_id("network-list")).to_contain_text(
        "mulig netværksplejefamilie (§ 58) eller venskabsfamilie (§ 54)"
    )
    axe("network")
    shot("01-network-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("02-network-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.emulate_media(media="print")
    expect(page.get_by_test_id("network-actions")).to_be_hidden()
    expect(genogram.locator("svg[role=img]")).to_be_visible()
    shot("02b-network-print")
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name="Tilføj person").click()
    page.get_by_label("Hvem er personen for barnet?").fill("moster")
    page.get_by_label("CPR-nummer").fill("12345")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Skriv personens fornavn").first).to_be_visible()
    expect(page.get_by_text("Et CPR-nummer har 10 cifre").first).to_be_visible()
    expect(page.get_by_label("Hvem er personen for barnet?")).to_have_value("moster")
    shot("03-person-errors-1366")
    page.get_by_label("Fornavn").fill("Susanne")
    page.get_by_label("CPR-nummer").fill("")
    page.get_by_label("Kvinde/pige").check()
    page.get_by_label("Kan være støtteperson (BL § 53)").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_test_id("network-list")).to_contain_text("Susanne (moster)")
    assert NetworkPerson.objects.get(child=child, first_name="Susanne").support_person
    assert js_errors == []
