"""Bad data through the HTML forms (issue 8, § 1): the same limits as the API, said in Danish beside the
field, with what was typed kept; the same form filled in rightly is saved.

Rita (reception) registers notifications, Alice is Lukas' caseworker, Eva his educator.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine

from tidlig.cases.models import JournalNote
from tidlig.concerns.models import Concern
from tidlig.intake.models import Notification

# Wednesday 12 November 2025, 10:00 in Copenhagen (CET).
NOW = dt.datetime(2025, 11, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def notification(**overrides) -> dict:
    data = {
        "idempotency_key": "edge-1",
        "child_cpr": "150418-4235",
        "received_at": "12.11.2025 09:30",
        "notifier_kind": "professional",
        "notifier_category": "2",
        "notifier_name": "Lærke Lærer",
        "notifier_role": "Lærer",
        "notifier_workplace": "Testrup Skole",
        "notifier_email": "laerke@skole.invalid",
        "notifier_phone": "12 34 56 78",
        "text": "Lukas har blå mærker på armene.",
        "reasons": ["violence"],
    }
    data.update(overrides)
    return data


def test_the_notification_form_filled_in_rightly_is_saved(client_for, rita, child):
    response = client_for(rita).post("/underretninger/ny/", notification())

    assert response.status_code == 302
    assert Notification.objects.get().notifier_phone == "12 34 56 78"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("notifier_name", "Lærke\x00", "Null-tegn er ikke tilladte."),
        ("notifier_name", "L" * 201, "Denne værdi må højst have 200 tegn (den har 201)."),
        ("notifier_email", "not-an-email", "Skriv en gyldig e-mailadresse"),
        ("notifier_email", "a" * 250 + "@x.dk", "højst have 254 tegn"),
        ("notifier_phone", "1" * 41, "højst have 40 tegn"),
        ("notifier_phone", "ring til skolen", "Skriv et telefonnummer med 8 til 15 cifre"),
        ("text", "x" * 20_001, "Denne værdi må højst have 20000 tegn (den har 20001)."),
        ("received_at", "01.01.0001 00:00", "Skriv et tidspunkt mellem 01.01.2000 og 31.12.2099."),
        ("received_at", "01.01.1900 00:00", "Skriv et tidspunkt mellem 01.01.2000 og 31.12.2099."),
    ],
)
def test_the_notification_form_refuses_bad_data_in_danish_and_keeps_what_was_typed(
    client_for, rita, child, field, value, message
):
    response = client_for(rita).post("/underretninger/ny/", notification(**{field: value}))

    assert response.status_code == 200
    assert message in text(response)
    kept = "Lærke Lærer" if field == "text" else "Lukas har blå mærker på armene."
    assert kept in text(response) or kept in response.content.decode()  # what was typed is kept
    assert not Notification.objects.exists()


def test_all_faults_of_the_notification_form_are_shown_at_once(client_for, rita, child):
    response = client_for(rita).post(
        "/underretninger/ny/",
        notification(notifier_name="L" * 201, notifier_email="not-an-email", received_at="01.01.0001 00:00"),
    )

    page = text(response)
    assert "højst have 200 tegn" in page
    assert "Skriv en gyldig e-mailadresse" in page
    assert "Skriv et tidspunkt mellem 01.01.2000" in page


@pytest.fixture
def owned(child, alice):
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    return child


@pytest.mark.parametrize(
    ("happened_on", "note", "message"),
    [
        ("01.01.0001", "Mor ringede.", "Skriv en dato mellem 01.01.2000 og 31.12.2099."),
        ("31.12.1999", "Mor ringede.", "Skriv en dato mellem 01.01.2000 og 31.12.2099."),
        ("10.11.2025", "Mor\x00 ringede.", "Null-tegn er ikke tilladte."),
    ],
)
def test_a_journal_note_with_a_bad_date_or_text_is_refused_in_danish(
    client_for, alice, owned, happened_on, note, message
):
    url = f"/boern/{owned.pk}/notat/ny/"
    client = client_for(alice)

    response = client.post(url, {"kind": "phone", "happened_on": happened_on, "text": note})

    assert response.status_code == 422 and message in text(response)
    assert happened_on in response.content.decode()
    assert not JournalNote.objects.exists()
    good = client.post(url, {"kind": "phone", "happened_on": "10.11.2025", "text": "Mor ringede."})
    assert good.status_code == 302 and JournalNote.objects.count() == 1


def test_a_concern_dated_in_year_one_is_refused_in_danish(client_for, eva, child, group):
    client = client_for(eva)
    data = {"child": child.pk, "observed_on": "01.01.0001", "observation": "Lukas sad alene."}

    response = client.post("/bekymringer/ny/", data)

    assert response.status_code == 422
    assert "Skriv en dato mellem 01.01.2000 og 31.12.2099." in text(response)
    assert "Lukas sad alene." in text(response)
    assert not Concern.objects.exists()
    assert client.post("/bekymringer/ny/", {**data, "observed_on": "11.11.2025"}).status_code == 302


@pytest.mark.parametrize("raw", ["²", "١٢", "9" * 40, "1\x00"])
def test_an_id_in_a_query_string_that_is_not_plain_digits_is_ignored(
    client_for, eva, alice, owned, group, raw
):
    concern_page = client_for(eva).get("/bekymringer/ny/", {"barn": raw})
    assessment_page = client_for(alice).get(f"/boern/{owned.pk}/afdaekning/ny/", {"underretning": raw})

    assert concern_page.status_code == 200
    assert assessment_page.status_code == 200
