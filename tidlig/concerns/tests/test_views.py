"""Concern pages: the start page, raising, the concern with its guide, entries, closing, the dialog form."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.concerns.models import Concern
from tidlig.intake.models import Notification


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def dk(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def test_the_start_page_lists_open_concerns_due_follow_ups_first(
    client_for, concern, eva, sibling, municipality
):
    today = timezone.localdate()
    due = Concern.objects.create(
        municipality=municipality,
        child=sibling,
        institution=concern.institution,
        raised_by=eva,
        observed_on=today - dt.timedelta(days=20),
        observation="Ida bider de andre børn.",
        follow_up_on=today - dt.timedelta(days=1),
    )
    response = client_for(eva).get("/bekymringer/")
    assert response.status_code == 200
    page = text(response)
    assert page.index("Ida Jensen") < page.index("Lukas Jensen")
    assert "Opfølgning nu" in page
    assert dk(due.follow_up_on) in page
    assert AuditEntry.objects.filter(action="people.child.viewed", child_id=concern.child_id).exists()


@pytest.mark.parametrize("persona", ["alice", "mads", "ann"])
def test_the_start_page_is_refused_to_who_does_not_raise_concerns(request, client_for, persona, eva):
    response = client_for(request.getfixturevalue(persona)).get("/bekymringer/")
    assert response.status_code == 403
    assert client_for(eva).get("/bekymringer/").status_code == 200


def test_kim_sees_no_concern_of_solsikken_on_his_start_page(client_for, concern, kim):
    response = client_for(kim).get("/bekymringer/")
    assert response.status_code == 200
    assert "Lukas" not in text(response)


def test_an_educator_raises_a_concern_and_lands_on_it(client_for, eva, child, group):
    today = timezone.localdate()
    response = client_for(eva).post(
        "/bekymringer/ny/",
        {
            "child": child.pk,
            "observed_on": dk(today),
            "observation": "Lukas sad alene hele formiddagen.",
            "follow_up_on": dk(today + dt.timedelta(days=7)),
        },
    )
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response.url == f"/bekymringer/{concern.pk}/"


def test_a_mistake_in_the_form_is_named_in_danish_and_what_was_typed_is_kept(client_for, eva, child, group):
    response = client_for(eva).post(
        "/bekymringer/ny/",
        {"child": child.pk, "observed_on": "32.13.2025", "observation": "Lukas sad alene hele formiddagen."},
    )
    assert response.status_code == 422
    page = text(response)
    assert "Skriv datoen som dd.mm.åååå" in page
    assert "Lukas sad alene hele formiddagen." in page
    assert not Concern.objects.exists()


def test_kim_cannot_pick_a_child_from_solsikken(client_for, kim, child, group):
    response = client_for(kim).post(
        "/bekymringer/ny/",
        {"child": child.pk, "observed_on": dk(timezone.localdate()), "observation": "x"},
    )
    assert response.status_code == 422
    assert not Concern.objects.exists()


def test_the_concern_page_shows_the_guide_beside_it_with_the_steps_done(client_for, concern, lea, guide):
    step = next(s for s in guide if s.kind == "parents")
    client_for(lea).post(
        f"/bekymringer/{concern.pk}/notat/",
        {
            "entry-step": step.pk,
            "entry-text": "Samtale med mor.",
            "entry-happened_on": dk(timezone.localdate()),
        },
    )
    response = client_for(lea).get(f"/bekymringer/{concern.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-kind="parents" data-done="true"' in body
    assert 'data-kind="team" data-done="false"' in body
    page = text(response)
    assert "Samtale med mor." in page
    assert "Akut fare? Ring nu" in page
    assert "70 11 22 33" in page
    assert "Skriv dialogbaseret underretning" in page


@pytest.mark.parametrize("persona", ["kim", "alice", "olga", "sara"])
def test_the_concern_page_is_hidden_from_who_may_not_see_the_child(
    request, client_for, concern, persona, eva
):
    response = client_for(request.getfixturevalue(persona)).get(f"/bekymringer/{concern.pk}/")
    assert response.status_code in (403, 404)
    assert "Lukas" not in text(response)
    assert client_for(eva).get(f"/bekymringer/{concern.pk}/").status_code == 200


def test_kim_cannot_add_an_entry_to_solsikkens_concern(client_for, concern, kim, eva):
    entry = {"entry-text": "x", "entry-happened_on": dk(timezone.localdate())}
    response = client_for(kim).post(f"/bekymringer/{concern.pk}/notat/", entry)
    assert response.status_code == 404
    assert not concern.entries.exists()
    assert client_for(eva).post(f"/bekymringer/{concern.pk}/notat/", entry).status_code == 302
    assert concern.entries.count() == 1


def test_an_empty_entry_is_refused_in_danish(client_for, concern, eva):
    response = client_for(eva).post(f"/bekymringer/{concern.pk}/notat/", {"entry-happened_on": "i går"})
    assert response.status_code == 422
    page = text(response)
    assert "Skriv hvad der skete." in page
    assert 'value="i går"' in html.unescape(response.content.decode())


def test_closing_a_concern_shows_its_outcome(client_for, concern, eva):
    response = client_for(eva).post(
        f"/bekymringer/{concern.pk}/afslut/",
        {"close-outcome": "resolved", "close-note": "Lukas trives igen."},
    )
    assert response.status_code == 302
    page = text(client_for(eva).get(f"/bekymringer/{concern.pk}/"))
    assert "Bekymringen er væk" in page
    assert "Afslut bekymringen" not in page


def test_the_guide_reads_on_its_own_with_the_acute_box_first(client_for, guide, alice):
    response = client_for(alice).get("/bekymringer/handleguide/")
    assert response.status_code == 200
    page = text(response)
    assert page.index("Akut fare? Ring nu") < page.index("Iagttag og beskriv") < page.index("§ 133")
    assert "112" in page


def test_the_guide_of_another_municipality_is_its_own(client_for, guide, olga):
    page = text(client_for(olga).get("/bekymringer/handleguide/"))
    assert "70 11 22 33" not in page
    assert "Iagttag og beskriv" in page  # the default until Andetrup writes its own


def test_the_team_step_links_to_the_teams_proposal_page(client_for, concern, eva):
    body = client_for(eva).get(f"/bekymringer/{concern.pk}/").content.decode()
    assert f"/tvaerfagligt-team/punkt/nyt/?concern={concern.pk}" in body


def test_the_start_page_costs_the_same_with_more_concerns(client_for, concern, eva, sibling):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(eva)
    c.get("/bekymringer/")  # warm the session

    def add(start: int, stop: int) -> None:
        for i in range(start, stop):
            Concern.objects.create(
                municipality=concern.municipality,
                child=sibling,
                institution=concern.institution,
                raised_by=eva,
                observed_on=timezone.localdate(),
                observation=f"Iagttagelse {i}",
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert c.get("/bekymringer/").status_code == 200
        return len(queries)

    add(0, 1)
    small = count()
    add(1, 10)
    large = count()
    assert large == small
    assert Concern.objects.count() == 11


# The dialog-based notification


def dialog_form(**overrides):
    data = {
        "idempotency_key": "form-key-1",
        "dialog_participants": "Mette Jensen (mor), Eva Pædagog",
        "dialog_parents_view": "Mor siger, at Lukas sover dårligt, fordi far er flyttet.",
        "text": "Lukas er stille og trækker sig; han spiser næsten intet.",
        "reasons": ["child_wellbeing"],
    }
    data.update(overrides)
    return data


def test_the_dialog_form_starts_from_the_observation(client_for, concern, eva):
    response = client_for(eva).get(f"/bekymringer/{concern.pk}/underretning/")
    assert response.status_code == 200
    assert concern.observation in text(response)


def test_a_dialog_based_notification_is_sent_once_even_if_submitted_twice(client_for, concern, eva):
    c = client_for(eva)
    first = c.post(f"/bekymringer/{concern.pk}/underretning/", dialog_form())
    second = c.post(f"/bekymringer/{concern.pk}/underretning/", dialog_form())
    assert first.status_code == second.status_code == 302
    n = Notification.objects.get()
    assert n.dialog_based and n.channel == "educator"
    page = text(c.get(f"/bekymringer/{concern.pk}/"))
    assert "Underretning sendt" in page


def test_the_dialog_form_names_what_is_missing_and_keeps_the_text(client_for, concern, eva):
    response = client_for(eva).post(
        f"/bekymringer/{concern.pk}/underretning/",
        dialog_form(dialog_participants="", dialog_parents_view=""),
    )
    assert response.status_code == 422
    page = text(response)
    assert "Skriv hvem der deltog i dialogen" in page
    assert "Skriv hvad forældrene sagde" in page
    assert "han spiser næsten intet" in page
    assert not Notification.objects.exists()


def test_kim_cannot_open_the_dialog_form(client_for, concern, kim, eva):
    assert client_for(kim).get(f"/bekymringer/{concern.pk}/underretning/").status_code == 404
    assert client_for(eva).get(f"/bekymringer/{concern.pk}/underretning/").status_code == 200


def test_reception_sees_the_parents_view_on_the_notification(client_for, concern, eva, rita):
    client_for(eva).post(f"/bekymringer/{concern.pk}/underretning/", dialog_form())
    n = Notification.objects.get()
    page = text(client_for(rita).get(f"/underretninger/{n.pk}/"))
    assert "Dialogbaseret underretning" in page
    assert "Mor siger, at Lukas sover dårligt" in page
    assert "Mette Jensen (mor), Eva Pædagog" in page
