"""Danish by default, whatever the browser says; English only when the user chooses it; Danish dates."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.test import Client
from django.utils import timezone

from tidlig.intake import services
from tidlig.intake.models import Channel


def test_pages_are_danish_even_for_an_english_browser(db):
    client = Client(headers={"Accept-Language": "en-GB,en;q=0.9"})

    response = client.get("/login/")

    page = response.content.decode()
    assert "Log ind i Tidlig" in page
    assert '<html lang="da">' in page
    assert response["Content-Language"] == "da"


def test_choosing_english_gives_an_english_ui(db):
    client = Client(headers={"Accept-Language": "da"})

    chosen = client.post("/sprog/", {"language": "en", "next": "/login/"})
    response = client.get("/login/")

    assert chosen.status_code == 302
    assert chosen["Location"] == "/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Log in to Tidlig" in page  # needs tidlig/locale/en
    assert "Log ind i Tidlig" not in page


def test_choosing_danish_again(db):
    client = Client()
    client.post("/sprog/", {"language": "en", "next": "/login/"})

    client.post("/sprog/", {"language": "da", "next": "/login/"})

    assert "Log ind i Tidlig" in client.get("/login/").content.decode()


def test_an_unknown_language_keeps_danish(db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    response = client.get("/login/")

    assert '<html lang="da">' in response.content.decode()


def test_the_api_answers_in_danish_for_an_english_browser(db, child, rita, token_for):
    client = token_for(rita)

    response = client.post(
        "/api/v1/notifications", data="{}", content_type="application/json", headers={"Accept-Language": "en"}
    )

    assert response.status_code == 422
    assert response.json()["errors"]["text"] == ["Beskriv bekymringen."]
    assert response.json()["errors"]["child_cpr"] == ["Angiv hvilket barn underretningen handler om."]


def _register(rita, child):
    data = services.NotificationData(
        child=child,
        received_at=timezone.make_aware(dt.datetime(2025, 4, 14, 9, 30)),
        notifier=services.NotifierData(kind="citizen", name="Nabo Nielsen"),
        text="Råb og skrig om natten.",
    )
    return services.notification_register(actor=rita, data=data, channel=Channel.RECEPTION)[0]


def test_dates_are_day_month_year(client_for, rita, child):
    n = _register(rita, child)

    page = client_for(rita).get(f"/underretninger/{n.pk}/").content.decode()

    assert "14.04.2025 09:30" in page  # received, in Copenhagen time
    assert "15.04.2025 09:30" in page  # acute deadline 24 hours later
    assert "25.04.2025" in page  # receipt deadline
    assert "2025-04-14" not in page.replace('datetime="2025-04-14', "")


def test_dates_stay_day_month_year_in_english(client_for, rita, child):
    n = _register(rita, child)
    client = client_for(rita)
    client.post("/sprog/", {"language": "en", "next": "/"})

    page = client.get(f"/underretninger/{n.pk}/").content.decode()

    assert "14.04.2025 09:30" in page
    assert "04/14/2025" not in page
    assert "April 14, 2025" not in page


def test_the_receipt_letter_is_drafted_in_danish_for_an_english_user(client_for, rita, child):
    n = _register(rita, child)
    client = client_for(rita)
    client.post("/sprog/", {"language": "en", "next": "/"})

    page = client.get(f"/underretninger/{n.pk}/").content.decode()

    assert "Kære Nabo Nielsen" in page
    assert "barnets lov § 138, stk. 1" in page


def test_every_danish_string_has_an_english_translation():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tidlig" / "locale" / "check_complete.py"
    spec = importlib.util.spec_from_file_location("check_complete", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    assert module.problems() == []
