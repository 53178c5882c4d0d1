"""Browser fixtures: the real server (pytest-django's live_server) driven by Debian's chromium.

The suite never downloads a browser: Playwright launches /usr/bin/chromium. Screenshots go to
screenshots/ (git-ignored), named by test and step, so a person can look at every page the test saw.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium keeps trying to reach Google and logs refusals.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "screenshots"
BLOCKING_IMPACTS = {"critical", "serious"}


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def insecure_cookies(settings):
    """The live server speaks plain HTTP; with DEBUG off the settings would ask for Secure cookies."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def js_errors() -> list[str]:
    """Uncaught JavaScript errors on the pages the test visited; a test may assert it stays empty."""
    return []


@pytest.fixture
def page(browser, live_server, insecure_cookies, js_errors) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: js_errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def shot(request, page):
    """shot("03-detail") saves a full-page screenshot as screenshots/<test>-03-detail.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    test = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)

    def take(step: str) -> Path:
        path = SCREENSHOTS / f"{test}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe(page):
    """Run axe-core on the current page; fail on serious or critical violations, print all of them."""

    def check(label: str) -> list[dict]:
        # From Tidlig's own static files: an inline copy (add_script_tag(path=…)) is refused by the CSP.
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        result = page.evaluate("async () => await axe.run(document)")
        violations = result["violations"]
        print(f"axe [{label}]: {len(violations)} violation(s), {len(result['passes'])} rule(s) passed")
        for v in violations:
            print(f"axe [{label}] {v['impact']} {v['id']}: {v['help']}")
            for node in v["nodes"]:
                print(f"    {json.dumps(node['target'])} {node['html'][:200]}")
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe on {label}: " + "; ".join(
            f"{v['id']} ({v['impact']}) on {[n['target'] for n in v['nodes']]}" for v in blocking
        )
        return violations

    return check


def log_in(page: Page, username: str, password: str) -> None:
    """Log in through the login form and the second factor, as a person would: the code is what the
    person's authenticator app shows (computed from the device's key; a device is made if none is)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tidlig.demo.mfa import current_code
    from tidlig.organisation.models import Staff

    user = Staff.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="e2e", confirmed=True
    )
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    if "/konto/to-faktor/" in page.url:
        device.refresh_from_db()
        page.get_by_label("Kode fra godkendelses-appen").fill(current_code(device))
        page.get_by_role("button", name="Bekræft").click()
        page.wait_for_load_state()
