"""Issue 13 § 1 in a real browser: a daycare leader books a caseworker's published slot for a network
meeting about a child of her own institution (with the parents' consent), and the caseworker holds the
meeting: the family's own words, an agreement with an owner and a date, the outcome "continue" with its
reason, and the next step to plan the follow-up. Screenshots at 1366 px and 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.network import booking
from tidlig.network.models import NetworkMeeting
from tidlig.timeline.models import Obligation

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _both_widths(page: Page, shot, name: str) -> None:
    page.set_viewport_size(PHONE)
    shot(f"{name}-390")
    page.set_viewport_size(DESKTOP)
    shot(f"{name}-1366")


@pytest.fixture
def slot(alice, child):
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    day = timezone.localdate() + dt.timedelta(days=6)
    return booking.slot_publish(
        actor=alice,
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(13))),
        ends_at=timezone.make_aware(dt.datetime.combine(day, dt.time(14))),
        place="Solsikken, personalestuen",
    )


def test_a_leader_books_a_slot_and_the_caseworker_holds_the_meeting(
    page: Page, shot, axe, slot, lea, alice, child
):
    page.set_viewport_size(DESKTOP)
    log_in(page, lea.username, PASSWORD)
    page.get_by_role("link", name="Book netværksmøde").first.click()
    expect(page.get_by_role("heading", name="Book netværksmøde")).to_be_visible()
    expect(page.get_by_test_id("free-busy")).to_contain_text("Alice Rådgiver")
    page.get_by_test_id(f"book-{slot.pk}").click()
    form = page.get_by_test_id("book-form")
    form.get_by_label("Barnet").select_option(label="Lukas Jensen")
    form.get_by_label("Samtykke givet af").fill("Mette Jensen (mor)")
    form.get_by_label("Samtykke givet den").fill(
        (timezone.localdate() - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    )
    form.get_by_label("Hvad skal mødet handle om?").fill("Lukas er ked af det ved afleveringen.")
    axe("book")
    _both_widths(page, shot, "01-book")
    form.get_by_role("button", name="Book tiden").click()
    expect(page.get_by_test_id("free-busy")).to_contain_text("Booket af jer: Lukas Jensen")
    _both_widths(page, shot, "02-booked")
    meeting = NetworkMeeting.objects.get(child=child)

    page.context.clear_cookies()
    log_in(page, alice.username, PASSWORD)
    page.get_by_role("link", name="Netværksmøder").first.click()
    page.get_by_test_id("my-meetings").get_by_role("link", name="Lukas Jensen").click()
    expect(page.get_by_test_id("facts")).to_contain_text("Samtykke fra Mette Jensen (mor)")
    minutes = page.get_by_test_id("minutes-form")
    minutes.get_by_label("Privat netværk").fill("Birthe Jensen, mormor")
    minutes.get_by_label("Familiens egne ord: det er svært").fill("Afleveringen om morgenen.")
    minutes.get_by_label("Familiens egne ord: det går godt").fill("Weekenderne hos mormor.")
    minutes.get_by_label("Fælles mål").fill("Lukas siger farvel uden at græde.")
    minutes.get_by_role("button", name="Gem referatet").click()
    agreement = page.get_by_test_id("agreement-form")
    agreement.get_by_label("Aftale").fill("Mormor afleverer om tirsdagen")
    agreement.get_by_label("Ansvarlig").fill("Mormor")
    agreement.get_by_label("Senest").fill((timezone.localdate() + dt.timedelta(days=14)).strftime("%d.%m.%Y"))
    agreement.get_by_role("button", name="Tilføj aftalen").click()
    expect(page.get_by_test_id("agreements")).to_contain_text("Mormor afleverer om tirsdagen")
    hold = page.get_by_test_id("hold-form")
    hold.get_by_label("Fortsæt – der holdes et nyt møde").check()
    hold.get_by_label("Begrundelse").fill("Vi er godt i gang; vi ser på det igen om 6-8 uger.")
    axe("meeting")
    _both_widths(page, shot, "03-meeting")
    hold.get_by_role("button", name="Registrér mødet som holdt").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("Fortsæt")
    expect(page.get_by_test_id("plan-next")).to_be_visible()
    _both_widths(page, shot, "04-held")
    assert Obligation.objects.get(source="network_meeting", source_id=meeting.pk).assignee == alice

    # The caseworker's own page: her meetings, and a fixed time published for schools and daycares to book.
    page.get_by_role("link", name="Netværksmøder").first.click()
    slot_form = page.get_by_test_id("slot-form")
    day = (timezone.localdate() + dt.timedelta(days=8)).strftime("%d.%m.%Y")
    slot_form.get_by_label("Dato").fill(day)
    slot_form.get_by_label("Fra kl.").fill("09:00")
    slot_form.get_by_label("Til kl.").fill("10:00")
    slot_form.get_by_label("Sted").fill("Rådhuset, lokale 2")
    slot_form.get_by_role("button", name="Læg tiden ud").click()
    expect(page.get_by_test_id("my-slots")).to_contain_text("Ledig")
    expect(page.get_by_test_id("my-slots")).to_contain_text("Lukas Jensen")
    axe("caseworker index")
    _both_widths(page, shot, "05-caseworker")
