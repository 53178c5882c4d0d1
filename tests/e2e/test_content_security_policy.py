"""The strict Content Security Policy holds in a real browser: no page of any role breaks it (ASVS 14.4.3).

Chromium enforces the policy Tidlig sends and reports every refused script, style or handler both on the
console and as a `securitypolicyviolation` event; the test collects both on the main pages of several roles,
the printable letters (their <style> carries the nonce), the API docs (vendored swagger-ui) and the admin,
and checks that the JavaScript that replaced inline scripts still does its work.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.intake.services.registration import NotificationData, NotifierData, notification_register
from tidlig.organisation.models import Role, Staff

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Every CSP violation on the pages the test visits: console reports and DOM events."""
    found: list[str] = []
    page.add_init_script(COLLECT)
    page.on(
        "console",
        lambda msg: (
            found.append(f"console: {msg.text}")
            if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text
            else None
        ),
    )
    return found


def visit(page: Page, path: str, violations: list[str]) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    violations.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations || []"))


def log_out(page: Page) -> None:
    page.context.clear_cookies()


@pytest.fixture
def notification(rita, child):
    n, _created = notification_register(
        actor=rita,
        data=NotificationData(
            child=child,
            received_at=timezone.now() - dt.timedelta(hours=1),
            notifier=NotifierData(
                kind="professional", name="Lærke Lærer", workplace="Skolen", email="laerke@skole.invalid"
            ),
            text="Lukas kommer ofte sultent i skole.",
        ),
        channel="web",
    )
    return n


def test_no_page_of_any_role_breaks_the_content_security_policy(
    page: Page, live_server, violations, js_errors, rita, alice, eva, lea, group, period, child, notification
):
    child.caseworker = alice
    child.save()
    Staff.objects.create_superuser(
        username="root", password=PASSWORD, role=Role.ADMINISTRATOR, municipality=rita.municipality
    )

    log_in(page, "rita", PASSWORD)
    for path in [
        "/",
        "/underretninger/modtagelse/",
        "/underretninger/ny/",
        f"/underretninger/{notification.pk}/",
    ]:
        visit(page, path, violations)
    log_out(page)

    log_in(page, "alice", PASSWORD)
    for path in ["/frister/", f"/boern/{child.pk}/", f"/indsatser/barn/{child.pk}/ny-afgoerelse/"]:
        visit(page, path, violations)
    # tidlig/decision_new.js (once an inline script) hides the placement questions until a placement is chosen
    expect(page.locator("#placement")).to_be_hidden()
    visit(page, "/api/v1/docs", violations)
    # swagger-ui (vendored, started by a static script) rendered the API description
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Tidlig API")
    log_out(page)

    log_in(page, "eva", PASSWORD)
    for path in ["/trivsel/", f"/trivsel/gruppe/{group.pk}/"]:
        visit(page, path, violations)
    log_out(page)

    log_in(page, "lea", PASSWORD)
    for path in ["/trivsel/oversigt/", f"/trivsel/barn/{child.pk}/foraeldre/"]:
        visit(page, path, violations)
    # The letter's own <style> applied (it carries the answer's nonce): the toolbar is a flex row.
    assert page.locator("nav.toolbar").evaluate("e => getComputedStyle(e).display") == "flex"
    log_out(page)

    log_in(page, "root", PASSWORD)
    visit(page, "/admin/", violations)

    assert violations == []
    assert js_errors == []


def test_the_scripts_that_replaced_inline_ones_still_work(
    page: Page, live_server, violations, js_errors, lea, group, child
):
    log_in(page, "lea", PASSWORD)
    visit(page, f"/trivsel/barn/{child.pk}/foraeldre/", violations)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")

    page.locator("nav.toolbar [data-print]").click()

    assert page.evaluate("window.__printed") == 1
    # DKFDS started from tidlig/init.js: its mobile menu opens on a narrow screen.
    page.set_viewport_size({"width": 400, "height": 800})
    visit(page, "/trivsel/oversigt/", violations)
    page.locator(".js-menu-open").click()
    expect(page.locator(".mobile-drawer")).to_be_visible()
    assert violations == []
    assert js_errors == []
