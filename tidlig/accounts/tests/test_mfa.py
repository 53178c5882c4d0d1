"""Two factors for every role: enrolment on the first sign-in, a code on every sign-in after it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, login, login_without_mfa
from tidlig.audit.models import AuditEntry
from tidlig.demo.mfa import current_code

from .conftest import code_for

TOKENS_PAGE = "/konto/api-noegler/"
ENROL = "/konto/to-faktor/opret/"
VERIFY = "/konto/to-faktor/"


def test_a_person_past_the_password_only_is_sent_to_enrol_and_the_verified_one_sees_the_page(alice, clock):
    assert reverse("accounts:api_tokens") == TOKENS_PAGE
    half = login_without_mfa(alice)
    r = half.get(TOKENS_PAGE)
    assert r.status_code == 302 and r["Location"].startswith(ENROL)
    assert login(alice).get(TOKENS_PAGE).status_code == 200


def test_the_code_page_offers_no_menus_until_the_second_factor_is_given(alice, clock):
    """Before the code, the menus would only lead back to the code page: it shows just the code and "Log af"."""
    before = login_without_mfa(alice).get(ENROL).content.decode()
    assert 'class="nav-link"' not in before and TOKENS_PAGE not in before and "Log af" in before
    after = login(alice).get(TOKENS_PAGE).content.decode()
    assert 'class="nav-link"' in after and TOKENS_PAGE in after


@pytest.mark.parametrize("persona", ["rita", "alice", "eva", "ann", "mads", "lea", "sara"])
def test_every_role_needs_the_second_factor(persona, request, clock):
    user = request.getfixturevalue(persona)
    assert login_without_mfa(user).get(TOKENS_PAGE).status_code == 302
    assert login(user).get(TOKENS_PAGE).status_code == 200


def test_the_api_by_session_answers_401_json_before_the_second_factor(alice, clock):
    r = login_without_mfa(alice).get("/api/v1/tokens")
    assert r.status_code == 401
    assert "godkendelses-app" in r.json()["detail"]
    assert login(alice).get("/api/v1/tokens").status_code == 200


def test_a_bearer_token_is_not_asked_for_a_session_second_factor(alice, token_for, clock):
    assert token_for(alice).get("/api/v1/tokens").status_code == 200


def test_a_session_where_the_identity_provider_asserted_two_factors_is_accepted(alice, clock):
    client = login_without_mfa(alice)
    session = client.session
    session["mfa_via_idp"] = True
    session.save()
    assert client.get(TOKENS_PAGE).status_code == 200
    session["mfa_via_idp"] = "yes"  # only True counts
    session.save()
    assert client.get(TOKENS_PAGE).status_code == 302


def test_enrolment_shows_a_qr_code_and_the_key_and_needs_a_right_code(alice, clock):
    client = login_without_mfa(alice)
    page = client.get(f"{ENROL}?next={TOKENS_PAGE}")
    html = page.content.decode()
    assert (
        page.status_code == 200
        and "<svg" in html
        and "<script" not in html.split("<main")[1].split("</main>")[0]
    )
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    import base64

    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key

    wrong = client.post(
        ENROL, {"code": "000000" if current_code(device) != "000000" else "111111", "next": TOKENS_PAGE}
    )
    assert wrong.status_code == 200
    assert "Koden passer ikke" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()

    clock.shift(31)
    right = client.post(ENROL, {"code": current_code(device), "next": TOKENS_PAGE})
    assert right.status_code == 302 and right["Location"] == TOKENS_PAGE
    assert client.get(TOKENS_PAGE).status_code == 200
    assert AuditEntry.objects.filter(actor=alice, action="auth.mfa.enrolled").exists()
    assert AuditEntry.objects.filter(actor=alice, action="auth.mfa.failed", data__step="enrol").exists()


def test_signing_in_asks_for_the_code_after_the_password(alice, device, client, clock):
    r = client.post("/login/", {"username": "alice", "password": PASSWORD, "next": TOKENS_PAGE})
    assert r.status_code == 302
    r = client.get(TOKENS_PAGE)
    assert r.status_code == 302 and r["Location"].startswith(VERIFY)
    r = client.post(VERIFY, {"code": code_for(alice), "next": TOKENS_PAGE})
    assert r.status_code == 302 and r["Location"] == TOKENS_PAGE
    assert client.get(TOKENS_PAGE).status_code == 200
    assert AuditEntry.objects.filter(actor=alice, action="auth.mfa.verified").exists()


def test_a_wrong_code_is_refused_in_danish_and_logged_and_wrong_codes_slow_down(alice, device, clock):
    client = login_without_mfa(alice)
    right = code_for(alice)
    wrong = "123456" if right != "123456" else "654321"
    r = client.post(VERIFY, {"code": wrong, "next": TOKENS_PAGE})
    assert r.status_code == 200 and "Koden passer ikke" in r.content.decode()
    assert AuditEntry.objects.filter(actor=alice, action="auth.mfa.failed").count() == 1
    # Right after a wrong code even the right one waits (django-otp's exponential throttle).
    r = client.post(VERIFY, {"code": right, "next": TOKENS_PAGE})
    assert r.status_code == 200 and "For mange forkerte koder" in r.content.decode()
    clock.shift(2)
    r = client.post(VERIFY, {"code": code_for(alice), "next": TOKENS_PAGE})
    assert r.status_code == 302


def test_a_code_is_accepted_only_once(alice, device, clock):
    code = code_for(alice)
    assert login_without_mfa(alice).post(VERIFY, {"code": code}).status_code == 302
    again = login_without_mfa(alice).post(VERIFY, {"code": code})
    assert again.status_code == 200 and "Koden passer ikke" in again.content.decode()


def test_the_verify_page_does_not_redirect_to_another_site(alice, device, clock):
    r = login_without_mfa(alice).post(VERIFY, {"code": code_for(alice), "next": "https://evil.invalid/"})
    assert r.status_code == 302 and r["Location"] == "/"
