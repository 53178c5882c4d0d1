"""Børnesamtale and journal notes: the caseworker records them, invalid input comes back with Danish
errors (422) and the input kept."""

from __future__ import annotations

import datetime as dt
import re

from tidlig.cases.models import ChildConversation, JournalNote
from tidlig.cases.tests.views_helpers import (
    TODAY,
    base,
    d,
    section,
    text,
)


def test_the_conversation_form_tells_about_bisidder_and_exceptions(client_for, alice, owned):
    page = text(client_for(alice).get(base(owned) + "boernesamtale/ny/"))

    assert "Bisidder (§ 6):" in page and "fyldt 15 år" in page
    assert "(§ 5, stk. 4)" in page


def test_the_caseworker_records_a_conversation(client_for, alice, owned):
    client = client_for(alice)

    response = client.post(
        base(owned) + "boernesamtale/ny/",
        {"held_on": d(TODAY()), "child_view": "", "bisidder": "Anne Jensen, moster"},
    )
    assert response.status_code == 422
    assert "Skriv barnets synspunkter, som barnet selv udtrykte dem." in text(response)
    assert 'value="Anne Jensen, moster"' in response.content.decode()

    response = client.post(
        base(owned) + "boernesamtale/ny/",
        {"held_on": d(TODAY()), "child_view": "Jeg er glad.", "bisidder": "Anne Jensen, moster"},
    )

    assert response.status_code == 302 and response["Location"] == f"{base(owned)}#conversations"
    c = ChildConversation.objects.get()
    assert (c.child_view, c.bisidder, c.held_by) == ("Jeg er glad.", "Anne Jensen, moster", alice)


def test_the_caseworker_writes_a_journal_note(client_for, alice, owned):
    client = client_for(alice)

    response = client.post(
        base(owned) + "notat/ny/",
        {"kind": "home_visit", "happened_on": d(TODAY()), "text": "Besøg i hjemmet."},
    )

    assert response.status_code == 302
    n = JournalNote.objects.get()
    assert (n.kind, n.happened_on, n.text, n.author) == ("home_visit", TODAY(), "Besøg i hjemmet.", alice)
    page = client.get(base(owned))
    assert "Journalnotatet er gemt." in text(page) and "Hjemmebesøg" in section(page, "note")


def test_a_journal_note_in_the_future_is_refused_and_kept(client_for, alice, owned):
    future = d(TODAY() + dt.timedelta(days=2))

    response = client_for(alice).post(
        base(owned) + "notat/ny/", {"kind": "phone", "happened_on": future, "text": "Skrevet på forhånd."}
    )

    assert response.status_code == 422
    page = text(response)
    assert "Dato: Datoen ligger i fremtiden." in page
    body = response.content.decode()
    assert "Skrevet på forhånd." in body and f'value="{future}"' in body
    assert re.search(r'value="phone"[^>]*checked', body)
    assert not JournalNote.objects.exists()


def test_an_empty_journal_note_is_refused(client_for, alice, owned):
    response = client_for(alice).post(base(owned) + "notat/ny/", {"happened_on": d(TODAY())})

    assert response.status_code == 422
    page = text(response)
    assert "Vælg hvilken slags kontakt det var." in page and "Notatet er tomt." in page


def test_the_team_leader_may_write_notes_too(client_for, tom, owned):
    response = client_for(tom).post(
        base(owned) + "notat/ny/", {"kind": "meeting", "happened_on": d(TODAY()), "text": "Sparring."}
    )
    assert response.status_code == 302
    assert JournalNote.objects.get().author == tom
