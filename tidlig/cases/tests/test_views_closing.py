"""Closing and reopening the case, and giving a colleague access to it."""

from __future__ import annotations

from tidlig.audit.models import AuditEntry
from tidlig.cases import casework
from tidlig.cases.models import Case, CaseAccess
from tidlig.cases.tests.views_helpers import (
    TODAY,
    base,
    measure,
    section,
    text,
)


def test_the_caseworker_closes_and_reopens_the_case(client_for, alice, owned):
    casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    client = client_for(alice)

    response = client.post(base(owned) + "luk/", {"reason": ""})
    assert response.status_code == 422 and "Skriv hvorfor sagen lukkes." in text(response)

    response = client.post(base(owned) + "luk/", {"reason": "Forholdene er bedret."})
    assert response.status_code == 302
    assert Case.objects.get().closed_at is not None
    page = client.get(base(owned))
    assert "Sagen er lukket." in text(page) and "Ingen åben sag" in section(page, "case-state")
    assert "Sag lukket: Forholdene er bedret." in section(page, "timeline")

    assert "Begrundelse for lukningen: Forholdene er bedret." in text(client.get(base(owned) + "genaabn/"))
    response = client.post(base(owned) + "genaabn/", {"reason": "Ny underretning."})
    assert response.status_code == 302
    assert Case.objects.filter(closed_at__isnull=True).count() == 1
    assert "Sag åben" in section(client.get(base(owned)), "case-state")


def test_a_case_with_an_ongoing_measure_cannot_be_closed(client_for, alice, owned):
    casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    measure(owned, alice, started=TODAY())

    response = client_for(alice).post(base(owned) + "luk/", {"reason": "Slut."})

    assert response.status_code == 422
    assert "Sagen har igangværende indsatser. Afslut dem, før sagen lukkes." in text(response)
    assert "Slut." in response.content.decode()
    assert Case.objects.get().closed_at is None


def test_an_open_case_is_not_reopened(client_for, alice, owned):
    casework.assessment_start(child=owned, actor=alice, matters="Fravær.")

    response = client_for(alice).post(base(owned) + "genaabn/", {"reason": "Igen."})

    assert response.status_code == 422
    assert "Sagen er allerede åben." in text(response)


def test_the_caseworker_gives_a_colleague_access(client_for, alice, bob, eva, owned):
    client = client_for(alice)
    form = client.get(base(owned) + "adgang/")
    assert "Bob Rådgiver – Myndighedsrådgiver, Team Syd" in text(form)
    assert "Eva Pædagog" not in text(form)  # only caseworkers and team leaders

    response = client.post(base(owned) + "adgang/", {"staff": eva.pk, "reason": "Hun spurgte."})
    assert response.status_code == 422
    assert "Vælg en rådgiver eller teamleder i kommunen." in text(response)

    response = client.post(base(owned) + "adgang/", {"staff": bob.pk, "reason": ""})
    assert response.status_code == 422
    assert "Skriv hvorfor medarbejderen skal have adgang." in text(response)

    response = client.post(base(owned) + "adgang/", {"staff": bob.pk, "reason": "Ferieafløser."})
    assert response.status_code == 302
    grant = CaseAccess.objects.get()
    assert (grant.staff, grant.granted_by, grant.reason) == (bob, alice, "Ferieafløser.")
    assert "Ferieafløser." in section(client.get(base(owned) + "adgang/"), "grants")
    assert client_for(bob).get(base(owned)).status_code == 200


def test_every_page_logs_the_read(client_for, alice, owned):
    client_for(alice).get(base(owned) + "notat/ny/")

    assert AuditEntry.objects.filter(actor=alice, child_id=owned.pk, data__view="note_new").exists()
