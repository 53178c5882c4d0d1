"""The idle timeout (default 30 minutes) and the absolute 8 hours, enforced by the server (ASVS 3.3.2)."""

from __future__ import annotations

from conftest import login
from tidlig.audit.models import AuditEntry

PAGE = "/konto/api-noegler/"


def test_a_session_idle_for_more_than_30_minutes_ends_and_the_login_page_says_why(alice, clock):
    client = login(alice)
    clock.shift(29 * 60)
    assert client.get(PAGE).status_code == 200
    clock.shift(31 * 60)
    r = client.get(PAGE)
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    page = client.get(r["Location"]).content.decode()
    assert "ikke har brugt Tidlig i 30 minutter" in page
    assert client.get(PAGE).status_code == 302  # signed out for good
    assert AuditEntry.objects.filter(actor=alice, action="auth.logout", data__reason="idle").exists()


def test_the_keep_alive_button_counts_as_activity(alice, clock):
    client = login(alice)
    clock.shift(28 * 60)
    assert client.post("/konto/hold-i-live/").status_code == 204
    clock.shift(28 * 60)
    assert client.get(PAGE).status_code == 200


def test_the_keep_alive_url_is_for_signed_in_people_only(alice, client, clock):
    r = client.post("/konto/hold-i-live/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert login(alice).post("/konto/hold-i-live/").status_code == 204


def test_an_active_session_still_ends_after_8_hours(alice, clock):
    client = login(alice)
    for _ in range(16):
        clock.shift(29 * 60)
        assert client.get(PAGE).status_code == 200
    clock.shift(29 * 60)  # 8 h 13 min after signing in
    r = client.get(PAGE)
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert AuditEntry.objects.filter(actor=alice, action="auth.logout", data__reason="absolute").exists()


def test_the_api_by_session_answers_401_after_the_idle_timeout(alice, clock):
    client = login(alice)
    assert client.get("/api/v1/tokens").status_code == 200
    clock.shift(31 * 60)
    r = client.get("/api/v1/tokens")
    assert r.status_code == 401 and "logget af" in r.json()["detail"]


def test_the_idle_limit_is_a_setting(alice, clock, settings):
    settings.SESSION_IDLE_SECONDS = 10 * 60
    client = login(alice)
    clock.shift(9 * 60)
    assert client.get(PAGE).status_code == 200
    clock.shift(11 * 60)
    assert client.get(PAGE).status_code == 302


def test_pages_carry_the_warning_script_as_a_file_with_its_settings_as_data(alice, clock):
    page = login(alice).get(PAGE).content.decode()
    assert 'src="/static/tidlig/session-timeout.js"' in page
    assert 'data-idle-seconds="1800"' in page and 'data-warning-seconds="120"' in page
    assert "Du bliver logget af om 2 minutter – fortsæt?" in page


def test_an_htmx_request_after_the_timeout_sends_the_whole_page_to_the_login(alice, clock):
    client = login(alice)
    clock.shift(31 * 60)
    r = client.get(PAGE, headers={"HX-Request": "true"})
    assert r.status_code == 200 and r["HX-Redirect"].startswith("/login/")
    assert r.content == b""
