"""Issue 13 § 3 in a real browser: a caseworker starts a 12-week § 30 course from the child's page with the
preventive social worker as family worker, plans the start meeting as a network meeting, sees the weeks, and
ends the course with a result and its reason. Screenshots at 1366 px and 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.course.models import Course
from tidlig.interventions import catalogue

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _both_widths(page: Page, shot, name: str) -> None:
    page.set_viewport_size(PHONE)
    shot(f"{name}-390")
    page.set_viewport_size(DESKTOP)
    shot(f"{name}-1366")


def test_a_caseworker_starts_runs_and_ends_a_course(page: Page, shot, axe, alice, sara, child):
    catalogue.install()  # the shipped catalogue comes from a data migration; an earlier live-server test flushes it
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    page.set_viewport_size(DESKTOP)
    log_in(page, alice.username, PASSWORD)
    page.goto(f"/boern/{child.pk}/")
    page.get_by_test_id("course-link").click()
    form = page.get_by_test_id("start-form")
    start = timezone.localdate() - dt.timedelta(weeks=3)
    form.get_by_label("Forløbet starter").fill(start.strftime("%d.%m.%Y"))
    form.get_by_label("Konsulent eller familiebehandler").select_option(label="Sara Socialrådgiver")
    form.get_by_label("Mål aftalt med familien").fill("Lukas kommer glad i børnehave fire dage om ugen.")
    axe("start")
    _both_widths(page, shot, "01-start")
    form.get_by_role("button", name="Start forløbet").click()
    expect(page.get_by_test_id("worker")).to_contain_text("Sara Socialrådgiver")
    expect(page.get_by_test_id("weeks")).to_contain_text("Uge 12")
    meeting = page.get_by_test_id("meeting-start")
    day = timezone.localdate() + dt.timedelta(days=1)
    meeting.get_by_label("Dato").fill(day.strftime("%d.%m.%Y"))
    meeting.get_by_label("Fra kl.").fill("09:00")
    meeting.get_by_label("Til kl.").fill("10:00")
    meeting.get_by_label("Sted").fill("Familiens hjem")
    meeting.get_by_role("button", name="Planlæg startmødet").click()
    expect(page.get_by_test_id("weeks")).to_contain_text("Startmøde")
    axe("course")
    _both_widths(page, shot, "02-course")
    end = page.get_by_test_id("end-form")
    end.get_by_label("Målet er nået").check()
    end.get_by_label("Begrundelse").fill("Lukas trives, og familien har gode rutiner.")
    end.get_by_role("button", name="Afslut forløbet").click()
    expect(page.get_by_test_id("result")).to_contain_text("Målet er nået")
    _both_widths(page, shot, "03-ended")
    assert Course.objects.get(child=child).result == "goal_reached"
