"""API tokens: named, with an expiry and a scope; listed and revoked by their owner and by an
administrator; a bad token answers 401 (ASVS 3.5, 13.1)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from conftest import login, make_staff
from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import ApiToken, Role
from tidlig.organisation.services import api_token_create

PAGE = "/konto/api-noegler/"


def bearer(raw: str, **extra) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"}, **extra)


@pytest.fixture
def admin_user(municipality):
    return make_staff("adam", Role.ADMINISTRATOR, municipality, is_staff=True)


def test_the_page_makes_a_named_token_and_shows_its_secret_once(alice, clock):
    client = login(alice)
    r = client.post(PAGE, {"label": "Mit script", "scope": "read", "expires_on": "15.02.2027"})
    page = r.content.decode()
    assert r.status_code == 200 and "vises ikke igen" in page
    raw = re.search(r'data-testid="new-token">([^<]+)<', page).group(1)
    token = ApiToken.objects.get(staff=alice)
    assert token.label == "Mit script" and token.scope == "read"
    assert timezone.localtime(token.expires_at).date() == dt.date(2027, 2, 16)  # the end of 15.02.2027
    assert raw not in client.get(PAGE).content.decode()  # never shown again
    listing = client.get(PAGE).content.decode()
    assert "Mit script" in listing and "15.02.2027" in listing and "Kun læse" in listing
    assert bearer(raw).get("/api/v1/tokens").status_code == 200
    assert AuditEntry.objects.filter(actor=alice, action="auth.token.created", object_id=token.pk).exists()


def test_the_page_refuses_a_missing_name_and_an_expiry_past_a_year_in_one_round_and_keeps_the_input(
    alice, clock
):
    r = login(alice).post(PAGE, {"label": "", "scope": "write", "expires_on": "01.01.2030"})
    page = r.content.decode()
    assert r.status_code == 200 and "Der er fejl i formularen" in page
    assert "Giv nøglen et navn" in page
    assert not ApiToken.objects.exists()
    r = login(alice).post(PAGE, {"label": "Integration", "scope": "write", "expires_on": "01.01.2030"})
    page = r.content.decode()
    assert "højst gælde i 365 dage" in page and 'value="Integration"' in page
    r = login(alice).post(PAGE, {"label": "Integration", "scope": "write", "expires_on": "2027-13-45"})
    assert "Skriv udløbsdatoen som dd.mm.åååå" in r.content.decode()
    assert not ApiToken.objects.exists()


def test_a_person_revokes_her_token_and_it_answers_401_at_once(alice, bob, clock):
    raw = api_token_create(staff=alice, label="script")
    token = ApiToken.objects.get(staff=alice)
    url = f"/konto/api-noegler/{token.pk}/tilbagekald/"
    assert login(bob).post(url).status_code == 404  # not his
    assert bearer(raw).get("/api/v1/tokens").status_code == 200
    r = login(alice).post(url)
    assert r.status_code == 302
    r = bearer(raw).get("/api/v1/tokens")
    assert r.status_code == 401 and "API-nøgle" in r.json()["detail"]
    assert AuditEntry.objects.filter(actor=alice, action="auth.token.revoked", object_id=token.pk).exists()
    assert "Tilbagekaldt" in login(alice).get(PAGE).content.decode()


def test_an_invalid_token_on_a_post_answers_401_json_not_a_csrf_error(alice, clock):
    r = bearer("tidlig_not-a-real-token").post("/api/v1/tokens", {}, content_type="application/json")
    assert r.status_code == 401
    assert r.json()["detail"].startswith("Log ind, eller send en gyldig API-nøgle")


def test_an_expired_token_answers_401(alice, clock):
    raw = api_token_create(staff=alice, label="kort", expires_at=timezone.now() + dt.timedelta(days=1))
    assert bearer(raw).get("/api/v1/tokens").status_code == 200
    clock.shift(dt.timedelta(days=1, seconds=1))
    assert bearer(raw).get("/api/v1/tokens").status_code == 401


def test_a_read_token_reads_and_is_refused_every_write(alice, clock):
    raw = api_token_create(staff=alice, label="læser", scope="read")
    client = bearer(raw)
    assert client.get("/api/v1/tokens").status_code == 200
    token = ApiToken.objects.get(staff=alice)
    r = client.post(f"/api/v1/tokens/{token.pk}/revoke")
    assert r.status_code == 403 and "kun læse" in r.json()["detail"]
    writer = bearer(api_token_create(staff=alice, label="skriver", scope="write"))
    assert writer.post(f"/api/v1/tokens/{token.pk}/revoke").status_code == 200


def test_the_api_twins_list_create_and_revoke(alice, bob, clock):
    client = login(alice)
    expires = (timezone.now() + dt.timedelta(days=30)).isoformat()
    r = client.post(
        "/api/v1/tokens",
        {"label": "Fagsystem", "scope": "write", "expires_at": expires},
        content_type="application/json",
    )
    assert r.status_code == 201
    created = r.json()
    assert created["token"].startswith("tidlig_") and created["scope"] == "write"
    listed = client.get("/api/v1/tokens").json()
    assert [t["label"] for t in listed] == ["Fagsystem"] and "token" not in listed[0]
    assert login(bob).get("/api/v1/tokens").json() == []
    assert login(bob).post(f"/api/v1/tokens/{created['id']}/revoke").status_code == 404
    r = client.post(f"/api/v1/tokens/{created['id']}/revoke")
    assert r.status_code == 200 and r.json()["revoked_at"]
    assert bearer(created["token"]).get("/api/v1/tokens").status_code == 401


def test_the_api_refuses_a_token_past_a_year_and_a_token_made_by_a_token(alice, clock):
    client = login(alice)
    too_late = (timezone.now() + dt.timedelta(days=400)).isoformat()
    r = client.post("/api/v1/tokens", {"label": "x", "expires_at": too_late}, content_type="application/json")
    assert r.status_code == 422 and "expires_at" in r.json()["errors"]
    ok = (timezone.now() + dt.timedelta(days=10)).isoformat()
    r = bearer(api_token_create(staff=alice, label="t")).post(
        "/api/v1/tokens", {"label": "x", "expires_at": ok}, content_type="application/json"
    )
    assert r.status_code == 403
    r = client.post("/api/v1/tokens", {"label": "x", "expires_at": ok}, content_type="application/json")
    assert r.status_code == 201


def test_an_administrator_lists_and_revokes_anyones_token_in_her_municipality(admin_user, alice, olga, clock):
    api_token_create(staff=alice, label="alices")
    api_token_create(staff=olga, label="olgas")
    admin = login(admin_user)
    assert [t["label"] for t in admin.get("/api/v1/tokens").json()] == ["alices"]
    alices = ApiToken.objects.get(label="alices")
    assert admin.post(f"/api/v1/tokens/{alices.pk}/revoke").status_code == 200
    olgas = ApiToken.objects.get(label="olgas")
    assert admin.post(f"/api/v1/tokens/{olgas.pk}/revoke").status_code == 404
    assert login(olga).post(f"/api/v1/tokens/{olgas.pk}/revoke").status_code == 200
    row = AuditEntry.objects.get(action="auth.token.revoked", object_id=alices.pk)
    assert row.actor == admin_user and row.data["owner"] == alice.pk


def test_the_django_admin_lists_tokens_and_revokes_them(alice, municipality, clock):
    superuser = make_staff("root", Role.ADMINISTRATOR, municipality, is_staff=True, is_superuser=True)
    api_token_create(staff=alice, label="alices")
    token = ApiToken.objects.get()
    admin = login(superuser)
    assert "alices" in admin.get("/admin/organisation/apitoken/").content.decode()
    r = admin.post("/admin/organisation/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == superuser
    assert login(alice).get("/admin/organisation/apitoken/").status_code == 302  # not staff: to admin login


def test_many_bad_tokens_from_one_address_get_429_and_a_good_token_still_works(alice, clock, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    raw = api_token_create(staff=alice, label="ok")
    attacker = lambda t: bearer(t, REMOTE_ADDR="10.6.6.6")  # noqa: E731
    for i in range(3):
        assert attacker(f"tidlig_guess{i}").get("/api/v1/tokens").status_code == 401
    r = attacker("tidlig_guess4").get("/api/v1/tokens")
    assert r.status_code == 429 and "For mange ugyldige API-nøgler" in r.json()["detail"]
    # The rightful token works, from anywhere (an integration behind the guesser's NAT is not locked out).
    assert attacker(raw).get("/api/v1/tokens").status_code == 200
    assert bearer(raw, REMOTE_ADDR="10.1.1.1").get("/api/v1/tokens").status_code == 200
    assert bearer("tidlig_guess5", REMOTE_ADDR="10.1.1.1").get("/api/v1/tokens").status_code == 401
    clock.shift(16 * 60)
    assert attacker("tidlig_guess6").get("/api/v1/tokens").status_code == 401
    assert AuditEntry.objects.filter(action="auth.token.refused", data__ip="10.6.6.6").count() == 4


def test_an_administrator_resets_a_lost_authenticator_app_in_the_admin(alice, municipality, clock):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    superuser = make_staff("root", Role.ADMINISTRATOR, municipality, is_staff=True, is_superuser=True)
    assert login(alice).get(PAGE).status_code == 200  # she has an app
    r = login(superuser).post(
        "/admin/organisation/staff/", {"action": "reset_mfa", "_selected_action": [alice.pk]}
    )
    assert r.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert AuditEntry.objects.filter(actor=superuser, action="auth.mfa.reset", object_id=alice.pk).exists()
