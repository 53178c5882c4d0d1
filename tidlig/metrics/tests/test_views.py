"""Nøgletal: counts without personal data, small counts shown as "< 5", one municipality's own figures."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from tidlig.intake import services
from tidlig.intake.models import Channel
from tidlig.organisation.models import Role

NOW = dt.datetime(2025, 4, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def refresh(municipality):
    """The page reads kept facts; the worker keeps them (tests/test_facts.py): here refreshed by hand."""
    from tidlig.metrics.facts import facts_refresh, history_months

    facts_refresh(municipality=municipality, months=history_months(municipality))


def rows(response, testid: str) -> list[list[str]]:
    table = re.search(
        rf'data-testid="{testid}".*?<tbody>(.*?)</tbody>', response.content.decode(), flags=re.S
    )
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    ]


def register(actor, child, received_at, kind="professional"):
    data = services.NotificationData(
        child=child,
        received_at=received_at,
        notifier=services.NotifierData(
            kind=kind, name="Lærke Lærer", workplace="Testrup Skole", email="laerke@skole.invalid"
        ),
        text="Lukas kommer ofte sulten i skole.",
    )
    return services.notification_register(actor=actor, data=data, channel=Channel.RECEPTION)[0]


@pytest.fixture
def figures(rita, child, sibling):
    for day in range(3, 9):  # six notifications in March about two children
        register(rita, child if day % 2 else sibling, timezone.make_aware(dt.datetime(2025, 3, day, 10)))
    for day in (14, 15, 16):  # three in April
        register(rita, child, timezone.make_aware(dt.datetime(2025, 4, day, 10)))
    refresh(child.municipality)


def test_the_analyst_sees_counts_without_names(client_for, ann, figures):
    response = client_for(ann).get("/noegletal/")

    assert response.status_code == 200
    months = {r[0]: r[1:] for r in rows(response, "months")}
    # total, children, professionals, citizens, anonymous, other municipalities
    assert months["03.2025"] == ["6", "< 5", "6", "0", "0", "0"]
    assert months["04.2025"] == ["< 5", "< 5", "< 5", "0", "0", "0"]
    page = response.content.decode()
    for personal in ("Lukas", "Ida", "Jensen", "1504184235", "150418-4235", "Lærke", "sulten"):
        assert personal not in page


def test_timeliness_is_shown_as_a_share_only_from_five(client_for, ann, figures):
    response = client_for(ann).get("/noegletal/")

    timeliness = {r[0]: r[1:] for r in rows(response, "timeliness")}
    # Nine acute assessments were due and none was made in time.
    assert timeliness["Akut vurdering inden 24 timer"] == ["9", "0", "0 %"]


def test_a_share_does_not_give_away_a_suppressed_count(client_for, rita, ann, figures):
    """3 of 9 on time is shown as "< 5" of 9; printing "33 %" next to it would tell the reader it was 3."""
    from tidlig.intake.models import Notification

    for n in Notification.objects.filter(received_at__month=3)[:3]:
        services.notification_assess_acute(
            notification=n,
            actor=rita,
            danger=False,
            note="Ikke akut.",
            now=n.received_at + dt.timedelta(hours=1),
        )
    refresh(rita.municipality)

    response = client_for(ann).get("/noegletal/")

    due, on_time, share = {r[0]: r[1:] for r in rows(response, "timeliness")}["Akut vurdering inden 24 timer"]
    assert (due, on_time) == ("9", "< 5")
    assert share not in ("33 %", "33,3 %"), "the share reveals the suppressed count (3 of 9)"


def test_the_team_leader_may_see_the_key_figures(client_for, tom, figures):
    assert client_for(tom).get("/noegletal/").status_code == 200


@pytest.mark.parametrize("persona", ["rita", "alice", "eva", "olga"])
def test_the_key_figures_are_for_leaders_and_analysts(client_for, request, ann, persona):
    assert client_for(request.getfixturevalue(persona)).get("/noegletal/").status_code == 403
    assert client_for(ann).get("/noegletal/").status_code == 200


def test_an_analyst_in_another_municipality_sees_nothing_of_testrup(client_for, other_municipality, figures):
    andy = make_staff("andy", Role.ANALYST, other_municipality, name="Andy Andenkommune")

    response = client_for(andy).get("/noegletal/")

    assert response.status_code == 200
    assert rows(response, "months") == [["Ingen data."]]
    assert rows(response, "timeliness") == []


def test_key_figures_require_login(db, client):
    response = client.get("/noegletal/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_small_count_cannot_be_worked_out_from_the_months_total(client_for, rita, ann, child, sibling):
    """Issue 10: "Anonyme < 5" next to the total and the other kinds gave it away (144 − 99 − 23 − 18 = 4).
    Now a second count of the row is hidden too, marked "x" (hidden to protect, not small)."""
    kinds = ["professional"] * 7 + ["citizen"] * 5 + ["municipality"] * 6 + ["anonymous"] * 2
    for i, kind in enumerate(kinds):
        register(
            rita, child if i % 2 else sibling, timezone.make_aware(dt.datetime(2025, 3, 3 + i, 10)), kind
        )
    refresh(rita.municipality)

    response = client_for(ann).get("/noegletal/")

    # total, children, professionals, citizens, anonymous, other municipalities
    assert {r[0]: r[1:] for r in rows(response, "months")}["03.2025"] == ["20", "< 5", "7", "x", "< 5", "6"]
    page = html.unescape(response.content.decode())
    assert "«x»: skjult, så et tal under 5 ikke kan regnes ud" in page
