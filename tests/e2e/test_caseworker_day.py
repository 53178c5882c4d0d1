"""Issue 10 in a real browser: the caseworker reaches "Mine børn" in one click from the start page and each
open deadline's next step from there; the team leader sees the unassigned acute notification with its risk,
age and deadline, routes it to the child's own caseworker's team, and drills down into a caseworker's
children. Screenshots at 1366 px and 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.cases.tests.views_helpers import TODAY, investigation, measure, note, register
from tidlig.intake import services as intake
from tidlig.intake.models import Notification
from tidlig.timeline.models import Obligation

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def day(rita, alice, bob, tom, child, sibling, org):
    """Alice has Lukas (placed, an investigation, an overdue acute assessment) and his sibling; an acute
    notification about a child whose caseworker is Bob (Team Syd) sits unassigned in Tom's Team Nord."""
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    sibling.caseworker = bob
    sibling.save(update_fields=["caseworker"])
    measure(child, alice, kind="placement", level=5, started=TODAY() - dt.timedelta(days=40))
    investigation(child, alice)
    note(child, alice)
    late = register(rita, child, received_at=timezone.now() - dt.timedelta(days=3))
    Obligation.objects.filter(source="notification", source_id=late.pk).update(assignee=alice)
    acute = register(rita, sibling, received_at=timezone.now() - dt.timedelta(days=10))
    intake.notification_assess_acute(notification=acute, actor=rita, danger=True, note="Slag i hjemmet.")
    Notification.objects.filter(pk=acute.pk).update(team=org["team_nord"], assignee=None)
    return {"late": late, "acute": acute}


def _both_widths(page: Page, shot, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    shot(f"{name}-1366")
    page.set_viewport_size(PHONE)
    shot(f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_the_caseworker_reaches_mine_boern_and_the_next_step(page: Page, shot, axe, day, alice):
    log_in(page, alice.username, PASSWORD)
    page.get_by_test_id("to-caseload").click()  # one click from the start page ("Mine frister")
    expect(page.get_by_role("heading", name="Mine børn")).to_be_visible()
    table = page.get_by_test_id("caseload-children")
    expect(table).to_contain_text("Lukas")
    expect(table).to_contain_text("Anbringelse i plejefamilie")
    expect(table).to_contain_text("2 dage over")
    axe("mine børn")
    _both_widths(page, shot, "01-mine-boern")
    page.get_by_role("link", name="Lukas Jensen").click()
    step = page.get_by_test_id("obligations").get_by_test_id("next-step").first
    expect(step).to_have_text("Foretag den akutte vurdering")
    _both_widths(page, shot, "02-child-next-step")
    step.click()
    expect(page.locator("#acute")).to_be_visible()


def test_the_team_leader_routes_the_acute_notification_and_drills_down(
    page: Page, shot, axe, day, tom, alice, bob
):
    log_in(page, tom.username, PASSWORD)
    unassigned = page.get_by_test_id("unassigned")
    expect(unassigned.get_by_test_id("risk")).to_contain_text("Akut fare")
    expect(unassigned).to_contain_text("dage over")
    expect(unassigned).to_contain_text("Bob Rådgiver (Team Syd)")
    axe("team")
    _both_widths(page, shot, "01-team")
    page.get_by_role("link", name=str(alice)).click()
    expect(page.get_by_role("heading", name=f"Børn hos {alice}")).to_be_visible()
    expect(page.get_by_test_id("caseload-children")).to_contain_text("Lukas")
    _both_widths(page, shot, "02-drill-down")
    page.go_back()
    page.get_by_test_id("unassigned").get_by_role("link").first.click()
    expect(page.get_by_test_id("route-to-caseworker")).to_contain_text("Bob Rådgiver")
    _both_widths(page, shot, "03-notification-route")
    page.get_by_test_id("route-to-caseworker").get_by_role("button").click()
    expect(page.get_by_text("Alle underretninger er fordelt.")).to_be_visible()
    day["acute"].refresh_from_db()
    assert day["acute"].assignee == bob
