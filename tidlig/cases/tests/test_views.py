"""Worklist pages (Mine frister, Teamets arbejde), the child page, and what each costs in queries."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.intake import services
from tidlig.intake.models import Channel, Notification
from tidlig.people.models import Child

# Wednesday 23 April 2025, 10:00 in Copenhagen.
NOW = dt.datetime(2025, 4, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def section(response, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}".*?</(table|ol|ul)>', response.content.decode(), flags=re.S)
    assert match, f"no {testid} on the page"
    return html.unescape(match.group(0))


def register(actor, child, received_at=None) -> Notification:
    data = services.NotificationData(
        child=child,
        received_at=received_at or timezone.now() - dt.timedelta(hours=1),
        notifier=services.NotifierData(
            kind="professional", name="Lærke Lærer", workplace="Testrup Skole", email="laerke@skole.invalid"
        ),
        text="Bekymring.",
    )
    notification, _ = services.notification_register(actor=actor, data=data, channel=Channel.RECEPTION)
    return notification


def assign(n, tom, caseworker) -> Notification:
    return services.notification_assign(notification=n, actor=tom, caseworker=caseworker)


def on(day: int, month: int = 4) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, month, day, 9, 0))


# Mine frister


def test_the_caseworker_sees_her_deadlines_grouped(client_for, rita, tom, alice, child):
    with time_machine.travel(NOW, tick=False):
        for day in (1, 10, 14):
            assign(register(rita, child, on(day)), tom, alice)
        response = client_for(alice).get("/frister/")

    assert response.status_code == 200
    page = text(response)
    assert "1 frist er overskredet." in page
    assert "09.04.2025" in section(response, "overdue")  # screening of 1 April: 6 working days
    assert "23.04.2025" in section(response, "today")
    assert "25.04.2025" in section(response, "week")
    later = section(response, "later")
    assert ["01.07.2025", "10.07.2025", "14.07.2025"] == re.findall(r"\d\d\.07\.2025", later)
    assert "Tilbagemelding til fagperson" in later
    assert "Lukas Jensen" in section(response, "today")


def test_a_caseworker_without_deadlines_sees_empty_groups(client_for, bob):
    response = client_for(bob).get("/frister/")

    assert response.status_code == 200
    assert "Ingen frister i dag." in text(response)
    assert "overskredet." not in text(response)


@pytest.mark.parametrize("persona", ["rita", "eva", "ann"])
def test_mine_frister_is_for_caseworkers_and_team_leaders(client_for, request, alice, tom, persona):
    assert client_for(request.getfixturevalue(persona)).get("/frister/").status_code == 403
    assert client_for(alice).get("/frister/").status_code == 200
    assert client_for(tom).get("/frister/").status_code == 200


# Teamets arbejde


def test_the_team_leader_sees_unassigned_notifications_and_caseloads(
    client_for, rita, tom, alice, child, municipality, org
):
    assign(register(rita, child), tom, alice)
    emil = Child.objects.create(
        municipality=municipality,
        cpr="0203194231",
        first_name="Emil",
        last_name="Hansen",
        institution=org["solsikken"],
        district=org["nord"],
    )
    waiting = register(rita, emil)

    response = client_for(tom).get("/team/")

    assert response.status_code == 200
    assert "Team Nord" in text(response)
    unassigned = section(response, "unassigned")
    assert "Emil Hansen" in unassigned
    assert "Lukas Jensen" not in unassigned
    assert f'action="/underretninger/{waiting.pk}/fordel/"' in unassigned
    caseload = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section(response, "caseload")))
    # 1 child, no placement, investigation, afdækning or § 32 measure, weighted 1,0; 2 open deadlines, none overdue
    assert re.search(r"Alice Rådgiver 1 0 0 0 0 1,0 2 0", caseload), caseload
    assert "Bob" not in caseload  # team Syd


def test_the_team_leader_assigns_from_the_team_page(client_for, rita, tom, alice, sibling):
    waiting = register(rita, sibling)
    client = client_for(tom)

    response = client.post(
        f"/underretninger/{waiting.pk}/fordel/",
        {"caseworker": alice.pk, "next": "/team/"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/team/"
    waiting.refresh_from_db()
    assert waiting.assignee == alice
    page = client.get("/team/")
    assert "Alle underretninger er fordelt." in text(page)


def test_assigning_from_the_team_page_returns_to_the_team_page(client_for, rita, tom, alice, sibling):
    waiting = register(rita, sibling)

    response = client_for(tom).post(
        f"/underretninger/{waiting.pk}/fordel/", {"caseworker": alice.pk, "next": "/team/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/team/"
    waiting.refresh_from_db()
    assert waiting.assignee == alice


def test_assigning_never_redirects_to_another_site(client_for, rita, tom, alice, sibling):
    waiting = register(rita, sibling)

    response = client_for(tom).post(
        f"/underretninger/{waiting.pk}/fordel/", {"caseworker": alice.pk, "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/underretninger/{waiting.pk}/"


def test_a_siblings_notification_goes_straight_to_the_familys_caseworker(
    client_for, rita, tom, alice, bob, child, sibling
):
    assign(register(rita, child), tom, alice)

    n = register(rita, sibling)

    assert n.assignee == alice
    assert "Ida Jensen" in text(client_for(alice).get("/frister/"))
    assert "Ida Jensen" not in client_for(bob).get("/frister/").content.decode()
    assert "Alle underretninger er fordelt." in text(client_for(tom).get("/team/"))


@pytest.mark.parametrize("persona", ["alice", "rita", "eva", "ann"])
def test_the_team_page_is_for_team_leaders(client_for, request, tom, persona):
    assert client_for(request.getfixturevalue(persona)).get("/team/").status_code == 403
    assert client_for(tom).get("/team/").status_code == 200


def test_the_team_leader_of_another_team_cannot_assign(
    client_for, rita, tom, alice, bob, municipality, org, child
):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    sara = make_staff("sara", Role.TEAM_LEADER, municipality, team=org["team_syd"], name="Sara Syd")
    n = register(rita, child)

    response = client_for(sara).post(f"/underretninger/{n.pk}/fordel/", {"caseworker": bob.pk})

    assert response.status_code == 404
    assert "Ida" not in client_for(sara).get("/team/").content.decode()
    n.refresh_from_db()
    assert n.assignee is None
    # The team leader of the child's team assigns on the same URL.
    assert (
        client_for(tom).post(f"/underretninger/{n.pk}/fordel/", {"caseworker": alice.pk}).status_code == 302
    )
    n.refresh_from_db()
    assert n.assignee == alice


# The child page


def test_the_child_page_shows_the_timeline(client_for, rita, tom, alice, child):
    n = register(rita, child)
    services.notification_assess_acute(notification=n, actor=rita, danger=False, note="Ikke akut.")
    assign(n, tom, alice)

    response = client_for(alice).get(f"/boern/{child.pk}/")

    assert response.status_code == 200
    timeline = section(response, "timeline")
    assert "Underretning modtaget fra Fagperson (§ 133)" in timeline
    assert "Akut vurdering: ikke akut" in timeline
    assert "Fordelt til Alice Rådgiver" in timeline
    assert timeline.index("Fordelt til") < timeline.index("Underretning modtaget")  # newest first
    page = text(response)
    assert "150418-4235" in page
    assert "15.04.2018" in page
    assert "Forældremyndighed Mette Jensen (mor)" in page
    assert AuditEntry.objects.filter(
        actor=alice, action="people.child.viewed", child_id=child.pk, data__view="child_page"
    ).exists()


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga"])
def test_the_child_page_is_need_to_know(client_for, request, rita, child, persona):
    register(rita, child)
    user = request.getfixturevalue(persona)

    response = client_for(user).get(f"/boern/{child.pk}/")

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(actor=user, action="people.child.viewed").exists()
    assert client_for(rita).get(f"/boern/{child.pk}/").status_code == 200


# Query counts: a page costs the same with 3 notifications as with 30.


def children(municipality, org, count: int, start: int = 0) -> list[Child]:
    return [
        Child.objects.create(
            municipality=municipality,
            cpr=f"010115{4000 + i}",
            first_name=f"Barn{i}",
            last_name="Testesen",
            institution=org["solsikken"],
            district=org["nord"],
        )
        for i in range(start, start + count)
    ]


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_reception_page_costs_the_same_for_3_and_30(
    client_for, rita, municipality, org, django_assert_num_queries
):
    client = client_for(rita)
    for c in children(municipality, org, 3):
        register(rita, c)
    few = queries_for(client, "/underretninger/modtagelse/")
    for c in children(municipality, org, 27, start=3):
        register(rita, c)

    with django_assert_num_queries(few):
        response = client.get("/underretninger/modtagelse/")

    assert response.content.decode().count("Barn") >= 30


def test_the_caseworker_page_costs_the_same_for_3_and_30(
    client_for, rita, tom, alice, municipality, org, django_assert_num_queries
):
    client = client_for(alice)
    for c in children(municipality, org, 3):
        assign(register(rita, c), tom, alice)
    few = queries_for(client, "/frister/")
    for c in children(municipality, org, 27, start=3):
        assign(register(rita, c), tom, alice)

    with django_assert_num_queries(few):
        response = client.get("/frister/")

    assert response.content.decode().count("Barn") >= 30


def test_the_team_page_costs_the_same_for_3_and_30(
    client_for, rita, tom, alice, municipality, org, django_assert_num_queries
):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    make_staff("carl", Role.CASEWORKER, municipality, team=org["team_nord"], name="Carl Rådgiver")
    client = client_for(tom)
    for i, c in enumerate(children(municipality, org, 3)):
        n = register(rita, c)
        if i % 2:
            assign(n, tom, alice)
    few = queries_for(client, "/team/")
    for i, c in enumerate(children(municipality, org, 27, start=3)):
        n = register(rita, c)
        if i % 2:
            assign(n, tom, alice)

    with django_assert_num_queries(few):
        response = client.get("/team/")

    assert response.content.decode().count("Barn") >= 30


def test_a_long_timeline_shows_the_newest_50_and_the_rest_on_request(client_for, rita, alice, child):
    from django.utils import timezone

    from tidlig.timeline.services import event_record

    child.caseworker = alice
    child.save()
    for i in range(55):
        event_record(
            child=child,
            kind="cases.note.written",
            occurred_at=timezone.now(),
            actor=alice,
            summary=f"Notat {i}",
        )

    page = client_for(alice).get(f"/boern/{child.pk}/").content.decode()
    whole = client_for(alice).get(f"/boern/{child.pk}/?tidslinje=alle").content.decode()

    def timeline(html):
        return html.split('data-testid="timeline"')[1].split("</ol>")[0]

    assert timeline(page).count("<li>") == 50 and timeline(whole).count("<li>") == 55
    assert (
        "Notat 54 " in timeline(page) and "Notat 0 " not in timeline(page) and "Notat 0 " in timeline(whole)
    )
    assert "?tidslinje=alle" in page
