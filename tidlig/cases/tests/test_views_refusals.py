"""Refusals: every casework page and action is refused (403/404) to everyone who is not the case owner."""

from __future__ import annotations

import pytest

from tidlig.cases import casework
from tidlig.cases.models import Assessment, Case, ChildConversation, Investigation, JournalNote
from tidlig.cases.tests.views_helpers import (
    TODAY,
    base,
    d,
    investigation,
    register,
)
from tidlig.intake.models import Notification

GETS = [
    "afdaekning/ny/",
    "undersoegelse/ny/",
    "boernesamtale/ny/",
    "notat/ny/",
    "luk/",
    "genaabn/",
    "adgang/",
]
POSTS = {
    "afdaekning/ny/": {"matters": "Fravær."},
    "undersoegelse/ny/": {"aware_on": "01.01.2025"},
    "boernesamtale/ny/": {"held_on": "01.01.2025", "child_view": "Godt."},
    "notat/ny/": {"kind": "phone", "happened_on": "01.01.2025", "text": "Notat."},
    "luk/": {"reason": "Slut."},
    "genaabn/": {"reason": "Ny bekymring."},
}


STRANGERS = ["bob", "eva", "ann", "olga", "rita"]


@pytest.mark.parametrize("path", GETS)
def test_the_forms_are_refused_to_all_but_the_case_owner(client_for, request, alice, owned, path):
    for persona in STRANGERS:
        response = client_for(request.getfixturevalue(persona)).get(base(owned) + path)
        assert response.status_code in (403, 404), persona
    # The case owner opens the same URL, so each refusal above is a refusal and not a wrong address.
    assert client_for(alice).get(base(owned) + path).status_code == 200


@pytest.mark.parametrize("path", list(POSTS))
def test_the_actions_are_refused_to_all_but_the_case_owner(client_for, request, alice, owned, path):
    for persona in STRANGERS:
        response = client_for(request.getfixturevalue(persona)).post(base(owned) + path, POSTS[path])
        assert response.status_code in (403, 404), persona

    assert not Assessment.objects.exists() and not Investigation.objects.exists()
    assert not JournalNote.objects.exists() and not ChildConversation.objects.exists()
    assert not Case.objects.exists()
    # The owner's POST reaches the form: done (302), or the form again saying what to fix (200/422).
    assert client_for(alice).post(base(owned) + path, POSTS[path]).status_code in (200, 302, 422)


@pytest.mark.parametrize("persona", STRANGERS)
def test_the_investigation_is_refused_to_strangers(client_for, request, alice, owned, persona):
    inv = investigation(owned, alice)
    a = casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    client = client_for(request.getfixturevalue(persona))
    inv_url, a_url = f"{base(owned)}undersoegelse/{inv.pk}/", f"{base(owned)}afdaekning/{a.pk}/"

    assert client.get(inv_url).status_code in (403, 404)
    assert client.get(a_url).status_code in (403, 404)
    assert client.post(inv_url + "omraader/", {"family_challenges": "X"}).status_code in (403, 404)
    assert client.post(inv_url + "foreloebig/", {"text": "X"}).status_code in (403, 404)
    conclusion = {"conclusion": "X", "concluded_on": d(TODAY())}
    assert client.post(inv_url + "afslut/", conclusion).status_code in (403, 404)
    assert client.post(a_url + "afslut/", conclusion).status_code in (403, 404)
    inv.refresh_from_db()
    a.refresh_from_db()
    assert inv.areas["family"]["challenges"] == "" and not inv.preliminary_on and not inv.concluded_on
    assert not a.concluded_on
    owner = client_for(alice)
    assert owner.get(inv_url).status_code == 200
    assert owner.get(a_url).status_code == 200
    assert owner.post(inv_url + "omraader/", {"family_challenges": "X"}).status_code in (200, 302, 422)
    assert owner.post(inv_url + "foreloebig/", {"text": "X"}).status_code in (200, 302, 422)
    assert owner.post(a_url + "afslut/", conclusion).status_code in (200, 302, 422)


def test_a_caseworker_with_only_a_notification_cannot_work_on_the_case(
    client_for, rita, tom, alice, bob, owned
):
    n = register(rita, owned)
    Notification.objects.filter(pk=n.pk).update(assignee=bob)  # bob sees the child, not the case

    client = client_for(bob)

    assert client.get(base(owned)).status_code == 200
    assert client.get(base(owned) + "notat/ny/").status_code == 403
    assert client.post(base(owned) + "notat/ny/", POSTS["notat/ny/"]).status_code == 403
    assert not JournalNote.objects.exists()
