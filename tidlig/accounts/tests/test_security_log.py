"""The security log (ASVS V7): sign-ins and sign-outs in the append-only audit log, with where from."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from conftest import PASSWORD
from tidlig.audit.models import AppendOnlyError, AuditEntry


def test_signing_in_and_out_is_logged_with_address_and_browser(alice, device, clock):
    client = Client(REMOTE_ADDR="10.2.3.4", HTTP_USER_AGENT="Edge/140")
    assert client.post("/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    row = AuditEntry.objects.get(action="auth.login", actor=alice)
    assert row.data["ip"] == "10.2.3.4" and row.data["user_agent"] == "Edge/140"
    assert row.municipality_id == alice.municipality_id
    client.post("/logout/")
    out = AuditEntry.objects.get(action="auth.logout", actor=alice)
    assert out.data["reason"] == "user" and out.data["ip"] == "10.2.3.4"
    with pytest.raises(AppendOnlyError):
        row.delete()


def test_the_address_behind_a_trusted_proxy_is_the_one_the_proxy_saw(alice, settings, clock):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.7.7.7")
    client.post("/login/", {"username": "alice", "password": "forkert"})
    assert AuditEntry.objects.get(action="auth.login_failed").data["ip"] == "10.7.7.7"


def test_the_identity_providers_acr_and_amr_go_into_the_login_row(alice, clock):
    from django.contrib.auth import login as django_login
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = Client().session
    request.session["oidc_acr"] = "https://data.gov.dk/concept/core/nsis/loa/Substantial"
    request.session["oidc_amr"] = ["pwd", "otp"]
    request.user = alice
    django_login(request, alice, backend="django.contrib.auth.backends.ModelBackend")
    row = AuditEntry.objects.get(action="auth.login", actor=alice)
    assert row.data["oidc_acr"].endswith("Substantial") and row.data["oidc_amr"] == ["pwd", "otp"]


def test_the_deploy_check_refuses_sign_in_without_lockout_or_second_factor(settings):
    settings.AXES_ENABLED = False
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "MfaRequired" not in m]
    with pytest.raises(SystemCheckError) as e:
        call_command("check", "--deploy", "--fail-level", "ERROR", "--tag", "security")
    assert "tidlig.E101" in str(e.value) and "tidlig.E102" in str(e.value)


def test_the_deploy_check_has_no_sign_in_complaint_with_the_defaults(capsys):
    try:
        call_command("check", "--deploy", "--fail-level", "ERROR", "--tag", "security")
    except SystemCheckError as e:
        assert "tidlig.E1" not in str(e)
    assert "tidlig.E1" not in capsys.readouterr().out


def test_a_demo_login_signs_in_with_the_published_key(municipality, clock):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from conftest import make_staff
    from tidlig.demo.mfa import DEMO_TOTP_KEY_BASE32, current_code, give_demo_devices
    from tidlig.organisation.models import Role

    raadgiver = make_staff("raadgiver", Role.CASEWORKER, municipality)
    give_demo_devices([raadgiver])
    assert DEMO_TOTP_KEY_BASE32 == "KRUWI3DJM4WWIZLNN4WVIT2UKAWWWZLZ"  # as printed in the README
    client = Client()
    client.post("/login/", {"username": "raadgiver", "password": PASSWORD})
    code = current_code(TOTPDevice.objects.get(user=raadgiver))
    from io import StringIO

    out = StringIO()
    call_command("demo_totp", "raadgiver", stdout=out)
    assert out.getvalue().strip() == code
    assert client.post("/konto/to-faktor/", {"code": code}).status_code == 302
    assert client.get("/konto/api-noegler/").status_code == 200
