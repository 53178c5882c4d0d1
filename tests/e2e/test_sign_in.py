"""Signing in with two factors in a real browser: enrol an authenticator app, then sign in with a code."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tidlig.audit.models import AuditEntry

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def app_code(secret: str, after_t: int = -1) -> str:
    """What an authenticator app shows for the key (the next step's code if this one was used)."""
    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    if totp.t() <= after_t:
        totp.time = totp.time + (after_t + 1 - totp.t()) * 30
    return f"{totp.token():06d}"


def test_a_caseworker_enrols_an_authenticator_app_and_signs_in_with_a_code(
    page: Page, live_server, alice, shot, axe, js_errors
):
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill("alice")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    expect(page).to_have_url(re.compile(r"/konto/to-faktor/opret/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sæt to-faktor-login op")
    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    axe("TOTP enrolment")
    shot("01-enrol")
    secret = page.get_by_test_id("totp-secret").inner_text()

    page.get_by_label("Kode fra godkendelses-appen").fill(
        "000000" if app_code(secret) != "000000" else "111111"
    )
    page.get_by_role("button", name="Bekræft").click()
    expect(page.locator(".form-error-message")).to_contain_text("Koden passer ikke")
    shot("02-wrong-code")
    page.wait_for_timeout(1100)  # django-otp makes the next try wait a second after a wrong code
    page.get_by_label("Kode fra godkendelses-appen").fill(app_code(secret))
    page.get_by_role("button", name="Bekræft").click()
    expect(page).to_have_url(re.compile(r"/frister/$"))
    expect(page.get_by_role("status").first).to_contain_text("Din godkendelses-app er sat op")
    shot("03-signed-in")

    page.get_by_role("button", name="Log af").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_label("Brugernavn").fill("alice")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/konto/to-faktor/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft at det er dig")
    axe("TOTP verification")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    used = TOTPDevice.objects.get(user=alice).last_t
    page.get_by_label("Kode fra godkendelses-appen").fill(app_code(secret, after_t=used))
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_test_id("current-user")).to_contain_text("Alice Rådgiver")
    assert "/konto/" not in page.url
    shot("04-signed-in-again")
    assert js_errors == []
    actions = set(AuditEntry.objects.filter(actor=alice).values_list("action", flat=True))
    assert {
        "auth.login",
        "auth.mfa.enrolled",
        "auth.mfa.failed",
        "auth.logout",
        "auth.mfa.verified",
    } <= actions


def test_the_idle_warning_appears_before_the_limit_and_continue_keeps_the_session(
    page: Page, live_server, alice, settings, js_errors
):
    from .conftest import log_in

    settings.SESSION_IDLE_SECONDS = 124
    settings.SESSION_IDLE_WARNING_SECONDS = 120
    log_in(page, "alice", PASSWORD)
    warning = page.get_by_test_id("session-warning")
    expect(warning).to_be_visible(timeout=15_000)
    expect(warning).to_contain_text("Du bliver logget af om 2 minutter – fortsæt?")
    with page.expect_response(re.compile(r"/konto/hold-i-live/$")) as ping:
        warning.get_by_role("button", name="Fortsæt").click()
    assert ping.value.status == 204
    expect(warning).to_be_hidden()
    assert js_errors == []
