"""Lockout after wrong passwords (django-axes) and the password rules (ASVS 2.1, 2.2.1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import PASSWORD, login, make_staff
from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import Role


def _login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_out_even_the_right_password_for_15_minutes(alice, clock):
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(4):
        r = _login(client, "alice", "forkert-kodeord")
        assert r.status_code == 200 and "Brugernavn eller adgangskode er forkert" in r.content.decode()
    r = _login(client, "alice", "forkert-kodeord")
    assert r.status_code == 429
    r = _login(client, "alice", PASSWORD)
    assert r.status_code == 429
    page = r.content.decode()
    assert "Login er midlertidigt spærret" in page and "heller ikke med den rigtige adgangskode" in page
    assert "15 minutter" in page
    assert AuditEntry.objects.filter(action="auth.lockout", data__username="alice").exists()
    clock.shift(16 * 60)
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_a_lockout_is_for_that_username_from_that_address_only(alice, bob, clock):
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(6):
        _login(attacker, "alice", "forkert-kodeord")
    assert _login(attacker, "alice", PASSWORD).status_code == 429
    # Alice at her own desk and Bob from the attacker's address still sign in.
    assert _login(Client(REMOTE_ADDR="10.1.1.1"), "alice", PASSWORD).status_code == 302
    assert _login(Client(REMOTE_ADDR="10.9.9.9"), "bob", PASSWORD).status_code == 302


def test_a_failed_sign_in_is_logged_with_the_username_and_never_the_password(alice, clock):
    _login(Client(REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox/140"), "alice", "hemmeligt-forkert")
    row = AuditEntry.objects.get(action="auth.login_failed")
    assert row.data["username"] == "alice" and row.data["ip"] == "10.1.2.3"
    assert row.data["user_agent"] == "Firefox/140"
    assert "hemmeligt-forkert" not in str(row.data)


@pytest.mark.parametrize("weak", ["password", "12345678", "raadgiver1", "kort-kode1", "123456789012"])
def test_weak_passwords_are_refused_by_the_password_rules(weak, municipality):
    raadgiver = make_staff("raadgiver", Role.CASEWORKER, municipality)
    with pytest.raises(ValidationError):
        validate_password(weak, user=raadgiver)
    validate_password("Blå hest går til fjords 7", user=raadgiver)


@pytest.mark.parametrize("weak", ["password", "12345678", "raadgiver1"])
def test_the_password_change_page_refuses_weak_passwords_in_danish_and_keeps_the_old_one(
    weak, municipality, clock
):
    raadgiver = make_staff("raadgiver", Role.CASEWORKER, municipality)
    client = login(raadgiver)
    r = client.post(
        "/konto/adgangskode/", {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Der er fejl i formularen" in page
    assert "for kort" in page or "for almindelig" in page or "kun af tal" in page
    raadgiver.refresh_from_db()
    assert raadgiver.check_password(PASSWORD)


def test_the_password_change_page_accepts_a_good_password(alice, clock):
    client = login(alice)
    good = "Blå hest går til fjords 7"
    r = client.post(
        "/konto/adgangskode/", {"old_password": PASSWORD, "new_password1": good, "new_password2": good}
    )
    assert r.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(good)
    assert client.get("/konto/api-noegler/").status_code == 200  # still signed in, with both factors
    assert AuditEntry.objects.filter(actor=alice, action="auth.password.changed").exists()
