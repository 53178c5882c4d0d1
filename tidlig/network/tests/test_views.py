"""The pages: a caseworker plans, writes the minutes, agrees, holds; a leader books; strangers are refused."""

import pytest
from django.core import mail

from tidlig.audit.models import AuditEntry
from tidlig.network import booking, services
from tidlig.network.models import NetworkMeeting, Slot
from tidlig.timeline.models import Obligation

from .conftest import at

pytestmark = pytest.mark.django_db


def test_a_caseworker_plans_writes_minutes_and_holds_a_meeting(client_for, alice, owned):
    c = client_for(alice)
    page = c.get(f"/netvaerk/barn/{owned.pk}/")
    assert page.status_code == 200 and "Planlæg et netværksmøde" in page.content.decode()
    day = at(-1).strftime("%d.%m.%Y")
    r = c.post(
        f"/netvaerk/barn/{owned.pk}/nyt/",
        {"context": "investigation", "day": day, "start": "09:00", "end": "10:30", "place": "Hjemme"},
    )
    m = NetworkMeeting.objects.get(child=owned)
    assert r.status_code == 302 and r["Location"] == f"/netvaerk/moede/{m.pk}/"
    r = c.post(
        f"/netvaerk/moede/{m.pk}/",
        {
            "context": "investigation",
            "purpose": "Ro om morgenen",
            "child_takes_part": "1",
            "parents_take_part": "1",
            "private_network": "Birthe Jensen, mormor\nKaj, nabo",
            "hard": "Morgenerne er svære",
            "works": "Fodbold om onsdagen",
            "goals": "Lukas kommer glad i børnehave",
            "network_will": "Mormor kører om tirsdagen",
        },
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.hard == "Morgenerne er svære" and m.child_takes_part
    assert [p.relation for p in m.private_network.all()] == ["mormor", "nabo"]
    r = c.post(f"/netvaerk/moede/{m.pk}/aftaler/", {"text": "Mormor kører", "owner": "Mormor", "due_on": day})
    assert r.status_code == 302 and m.agreements.count() == 1
    r = c.post(f"/netvaerk/moede/{m.pk}/holdt/", {"outcome": "continue", "outcome_reason": "Godt i gang"})
    assert r.status_code == 302
    assert Obligation.objects.get(source="network_meeting", source_id=m.pk).code == "network_followup"
    page = c.get(f"/netvaerk/moede/{m.pk}/").content.decode()
    assert "Planlæg næste netværksmøde" in page and "Morgenerne er svære" in page
    assert AuditEntry.objects.filter(action="people.child.viewed", child_id=owned.pk, actor=alice).exists()


def test_errors_come_in_one_round_in_danish_and_keep_what_was_typed(client_for, alice, planned):
    c = client_for(alice)
    r = c.post(f"/netvaerk/moede/{planned.pk}/holdt/", {"outcome": "", "outcome_reason": ""})
    body = r.content.decode()
    assert r.status_code == 422
    assert "Skriv begrundelsen for udfaldet." in body and "Dette felt er påkrævet" in body
    r = c.post(
        f"/netvaerk/moede/{planned.pk}/", {"context": "advice", "private_network": "Birthe uden komma"}
    )
    assert r.status_code == 422 and "Birthe uden komma" in r.content.decode()


def test_strangers_are_refused(client_for, bob, eva, lea, planned):
    for who in (bob, eva, lea):
        c = client_for(who)
        assert c.get(f"/netvaerk/moede/{planned.pk}/").status_code in (403, 404), who
        assert c.post(
            f"/netvaerk/moede/{planned.pk}/holdt/", {"outcome": "close", "outcome_reason": "x"}
        ).status_code in (403, 404)
    assert NetworkMeeting.objects.get(pk=planned.pk).status == "planned"
    assert client_for(eva).get("/netvaerk/").status_code == 403


def test_a_leader_books_on_the_page_and_sees_no_other_childs_name(
    client_for, alice, lea, child, django_capture_on_commit_callbacks
):
    slot = booking.slot_publish(actor=alice, starts_at=at(5, 9), ends_at=at(5, 10))
    c = client_for(lea)
    page = c.get(f"/netvaerk/tider/{slot.pk}/book/").content.decode()
    assert "Samtykke givet af" in page
    r = c.post(
        f"/netvaerk/tider/{slot.pk}/book/", {"child": str(child.pk), "consent_by": "", "consent_on": ""}
    )
    assert r.status_code == 422 and "Skriv hvem der har givet samtykke" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            f"/netvaerk/tider/{slot.pk}/book/",
            {"child": str(child.pk), "consent_by": "Mette Jensen", "consent_on": at(-2).strftime("%d.%m.%Y")},
        )
    assert r.status_code == 302
    assert Slot.objects.get(pk=slot.pk).meeting.child == child
    assert len(mail.outbox) == 1
    assert "Booket af jer: Lukas Jensen" in c.get("/netvaerk/").content.decode()


def test_the_feed_url_works_without_sign_in_until_revoked(client_for, alice, planned):
    c = client_for(alice)
    page = c.post("/netvaerk/kalender/")
    url = page.context["feed_url"]
    path = url[url.index("/netvaerk/") :]
    from django.test import Client

    feed = Client().get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "Netværksmøde" in feed.content.decode() and "Lukas" not in feed.content.decode()
    c.post("/netvaerk/kalender/slet/")
    assert Client().get(path).status_code == 404
    assert Client().get("/netvaerk/kalender/guess.ics").status_code == 404


def test_the_followup_is_on_my_deadlines_with_its_next_step(client_for, alice, planned):
    services.meeting_hold(actor=alice, meeting=planned, outcome="continue", reason="Fortsæt.")
    page = client_for(alice).get("/frister/").content.decode()
    assert "Opfølgende netværksmøde" in page
    assert f'href="/netvaerk/moede/{planned.pk}/naeste/"' in page
    nxt = client_for(alice).get(f"/netvaerk/moede/{planned.pk}/naeste/")
    assert nxt.status_code == 200 and "Kommunens praksis" in nxt.content.decode()


def test_the_next_meeting_page_opens_with_last_meetings_agreements_and_sets_their_status(
    client_for, alice, planned
):
    a = services.agreement_add(
        actor=alice, meeting=planned, text="Fast sengetid", owner="Far", due_on=at(7).date()
    )
    services.meeting_hold(actor=alice, meeting=planned, outcome="continue", reason="Fortsæt.")
    c = client_for(alice)
    r = c.post(
        f"/netvaerk/moede/{planned.pk}/naeste/",
        {
            "day": at(45).strftime("%d.%m.%Y"),
            "start": "13:00",
            "end": "14:00",
            "place": "",
            "online_link": "",
        },
    )
    nxt = NetworkMeeting.objects.get(previous=planned)
    assert r.status_code == 302 and r["Location"] == f"/netvaerk/moede/{nxt.pk}/"
    page = c.get(r["Location"]).content.decode()
    assert "Aftaler fra sidste møde" in page and "Fast sengetid" in page
    r = c.post(
        f"/netvaerk/aftale/{a.pk}/", {f"a{a.pk}-status": "not_done", f"a{a.pk}-note": "Glemt", "back": nxt.pk}
    )
    assert r.status_code == 302 and r["Location"] == f"/netvaerk/moede/{nxt.pk}/#carried"
    a.refresh_from_db()
    assert (a.status, a.status_note) == ("not_done", "Glemt")
