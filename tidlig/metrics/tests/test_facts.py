"""Kept facts against hand-counted fixtures: twenty children, nine notifications, seven measures with known
dates. Every expected number below is counted by hand in the comments, not by the code's aggregation."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tidlig.intake import services as intake
from tidlig.intake.models import Channel, Notification
from tidlig.interventions.models import Measure, MeasureType
from tidlig.metrics import facts
from tidlig.metrics.keyfigures import keyfigures, quantile
from tidlig.metrics.models import DirtyMonth, Fact, Grain
from tidlig.people.models import Child

NOW = dt.datetime(2025, 6, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
MARCH, Q1 = dt.date(2025, 3, 1), dt.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at(y, m, d):
    return timezone.make_aware(dt.datetime(y, m, d, 10))


@pytest.fixture
def town(municipality, org, kim):
    """Nord: n0–n9 (born 2015); Syd: s0–s9 (born 2012) and an adult a0 (born 2000, outside 0–17)."""
    staff, kids = kim, {}
    for prefix, district, born in (
        ("n", org["nord"], dt.date(2015, 6, 1)),
        ("s", org["syd"], dt.date(2012, 1, 1)),
    ):
        for i in range(10):
            kids[f"{prefix}{i}"] = Child.objects.create(
                municipality=municipality, first_name=f"{prefix}{i}", birth_date=born, district=district
            )
    kids["a0"] = Child.objects.create(
        municipality=municipality, first_name="a0", birth_date=dt.date(2000, 1, 1), district=org["syd"]
    )

    def notify(name, when, kind="professional", **extra):
        return Notification.objects.create(
            municipality=municipality,
            child=kids[name],
            received_at=when,
            channel=Channel.RECEPTION,
            notifier_kind=kind,
            text="Bekymring.",
            **extra,
        )

    notify("n1", at(2024, 2, 1))  # more than 12 months before n1's March notification
    notify("n0", at(2025, 1, 10))
    notify("n0", at(2025, 3, 3), reasons=["neglect"], dialog_based=True, screening_decision="afdaekning")
    notify("n1", at(2025, 3, 4), reasons=["neglect", "violence"], screening_decision="none")
    notify("n2", at(2025, 3, 5), reasons=["neglect"], dialog_based=True)
    notify("n3", at(2025, 3, 6))
    notify("n4", at(2025, 3, 7), kind="citizen")
    notify("n4", at(2025, 3, 20), kind="citizen")  # n4 again: a repeat
    notify("s0", at(2025, 3, 21), kind="anonymous")

    from tidlig.concerns.models import Concern

    # A concern about n2 raised at school a month before the notification: n2's first sign.
    Concern.objects.create(
        municipality=municipality, child=kids["n2"], raised_by=staff, observed_on=dt.date(2025, 2, 13),
        observation="Trist.",
    )  # fmt: skip
    kind = MeasureType.objects.create(
        code="t", title="Familiebehandling", paragraph="§ 32", kind="supportive", level=3
    )
    for name, day in (
        ("n0", dt.date(2025, 3, 13)),  # 62 days after 10.01
        ("n0", dt.date(2025, 4, 20)),  # n0's second measure: not a first
        ("n1", dt.date(2025, 3, 14)),  # 407 days after 01.02.2024
        ("n2", dt.date(2025, 3, 15)),  # 10 days
        ("n3", dt.date(2025, 3, 25)),  # 19 days
        ("n4", dt.date(2025, 3, 27)),  # 20 days
        ("s0", dt.date(2025, 3, 31)),  # 10 days
        ("s1", dt.date(2025, 3, 2)),  # never notified: not counted
    ):
        Measure.objects.create(municipality=municipality, child=kids[name], type=kind, decided_on=day)
    return kids


def refresh(municipality):
    return facts.facts_refresh(municipality=municipality, months=facts.history_months(municipality))


def value(municipality, grain, start, measure, key="", district=None, whole=True):
    qs = Fact.objects.filter(municipality=municipality, grain=grain, start=start, measure=measure, key=key)
    if not whole:
        qs = qs.filter(district=district)
    return sum(qs.values_list("value", flat=True))


def test_march_is_counted_as_by_hand(municipality, org, town):
    refresh(municipality)

    # Notifications received in March: n0, n1, n2, n3, n4, n4, s0.
    assert value(municipality, "M", MARCH, "notifications") == 7
    assert value(municipality, "M", MARCH, "notifications.children") == 6
    # Repeats: n0 (notified 10.01, within 12 months) and n4's second; n1's earlier one is 13 months old.
    assert value(municipality, "M", MARCH, "notifications.repeat") == 2
    assert value(municipality, "M", MARCH, "notifications.dialog") == 2
    assert value(municipality, "M", MARCH, "notifications.reason", "neglect") == 3
    assert value(municipality, "M", MARCH, "notifications.kind", "citizen") == 2
    assert value(municipality, "M", MARCH, "notifications.outcome", "pending") == 5
    # Every March notification was followed by a measure decided on or after its day.
    assert value(municipality, "M", MARCH, "notifications.measure") == 7
    # Nord alone: n0–n4, six notifications about five children.
    assert value(municipality, "M", MARCH, "notifications", district=org["nord"], whole=False) == 6
    assert value(municipality, "M", MARCH, "notifications.children", district=org["nord"], whole=False) == 5
    # Population 0–17 at 31.03.2025: ten in Nord, ten in Syd (a0 is 25).
    assert value(municipality, "M", MARCH, "population") == 20
    # A quarter counts a child once: n0 in January and March is one child; eight notifications.
    assert value(municipality, "Q", Q1, "notifications") == 8
    assert value(municipality, "Q", Q1, "notifications.children") == 6


def test_per_thousand_and_days_to_first_measure(municipality, org, ann, town):
    refresh(municipality)

    data = keyfigures(ann, grain=Grain.MONTH, first=MARCH, last=MARCH)
    series = {s.slug: s for s in data["series"]}
    march = series["underretninger"].rows[0]
    # 6 children notified of 20 children 0–17: 300.0 per 1,000.
    assert march["values"] == {
        "total": 7,
        "children": 6,
        "repeat": None,
        "per_1000": 300.0,
        "dialog_share": None,
    }
    assert march["hidden"] == {"repeat": "small"}
    # First measures decided in March: 10, 10, 19, 20, 62, 407 days → median (3rd of 6) 19, 80 % (5th) 62.
    assert series["tid-til-indsats"].rows[0]["values"] == {"children": 6, "median": 19, "p80": 62}
    # From the first sign: n2's concern of 13.02 makes 30 days of its 10: 10, 19, 20, 30, 62, 407 → 20 and 62.
    assert series["tid-fra-foerste-tegn"].rows[0]["values"] == {"children": 6, "median": 20, "p80": 62}

    nord = keyfigures(ann, grain=Grain.MONTH, first=MARCH, last=MARCH, district_id=org["nord"].pk)
    n_series = {s.slug: s for s in nord["series"]}
    # Nord: 5 children of 10 → 500.0 per 1,000; days 10, 19, 20, 62, 407 → median 20, 80 % (4th) 62.
    assert n_series["underretninger"].rows[0]["values"]["per_1000"] == 500.0
    assert n_series["tid-til-indsats"].rows[0]["values"] == {"children": 5, "median": 20, "p80": 62}

    syd = keyfigures(ann, grain=Grain.MONTH, first=MARCH, last=MARCH, district_id=org["syd"].pk)
    s_series = {s.slug: s for s in syd["series"]}
    # Syd: one child (s0): hidden, and so are the rate and the days that would give it away.
    assert s_series["underretninger"].rows[0]["values"]["children"] is None
    assert s_series["underretninger"].rows[0]["hidden"]["per_1000"] == "small"
    assert s_series["tid-til-indsats"].rows[0]["values"] == {"children": None, "median": None, "p80": None}


def test_quantiles_are_nearest_rank():
    assert quantile({1: 1, 2: 1, 3: 1, 10: 1}, 0.5) == 2
    assert quantile({10: 2, 19: 1, 20: 1, 62: 1, 407: 1}, 0.8) == 62
    assert quantile({}, 0.5) is None


def test_the_refresh_is_idempotent(municipality, town):
    def rows():
        return sorted(
            Fact.objects.filter(municipality=municipality).values_list(
                "district_id", "team_id", "grain", "start", "measure", "key", "value"
            ),
            key=repr,  # a municipality-wide row has no district (None)
        )

    refresh(municipality)
    first = rows()
    refresh(municipality)

    assert rows() == first
    assert len(first) > 20


# Transactional: the task worker closes its database connection when its batch is done (as a worker process
# should), which on PostgreSQL would end the test's own transaction with it.
@pytest.mark.django_db(transaction=True)
def test_an_event_marks_its_month_and_the_worker_updates_the_facts(
    municipality, rita, child, town, django_capture_on_commit_callbacks
):
    refresh(municipality)
    assert value(municipality, "M", dt.date(2025, 6, 1), "notifications") == 0

    with django_capture_on_commit_callbacks(execute=True):
        intake.notification_register(
            actor=rita,
            data=intake.NotificationData(
                child=child,
                received_at=at(2025, 6, 2),
                notifier=intake.NotifierData(
                    kind="professional", name="Lærke Lærer", workplace="Skolen", email="l@skole.invalid"
                ),
                text="Bekymring.",
            ),
            channel=Channel.RECEPTION,
        )
    assert DirtyMonth.objects.filter(municipality=municipality, month=dt.date(2025, 6, 1)).exists()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert value(municipality, "M", dt.date(2025, 6, 1), "notifications") == 1
    assert value(municipality, "Y", dt.date(2025, 1, 1), "notifications") == 9
    assert not DirtyMonth.objects.filter(municipality=municipality).exists()


def test_the_api_gives_the_same_series_with_hidden_reasons(municipality, ann, town, token_for):
    refresh(municipality)

    response = token_for(ann).get("/api/v1/metrics/keyfigures?grain=M&first=2025-03&last=2025-03")

    assert response.status_code == 200
    series = {s["slug"]: s for s in response.json()["series"]}
    march = series["underretninger"]["rows"][0]
    assert march["period"] == "03.2025"
    assert march["values"]["per_1000"] == 300.0
    assert march["values"]["repeat"] is None and march["hidden"] == {"repeat": "small"}
    assert series["tid-til-indsats"]["rows"][0]["values"] == {"children": 6, "median": 19, "p80": 62}
    assert "n0" not in response.content.decode()


@pytest.mark.parametrize(
    "query", ["grain=W", "first=2025-13", "first=0001-01", "first=0000-01", "last=٢٠٢٥-٠١", "district=abc"]
)
def test_the_api_refuses_a_bad_period_in_danish_without_a_500(municipality, ann, token_for, query):
    response = token_for(ann).get(f"/api/v1/metrics/keyfigures?{query}")

    assert response.status_code == 422


def test_access_per_role(municipality, org, town, ann, mads, tom, rita, token_for, client_for):
    refresh(municipality)
    nord, syd = org["nord"].pk, org["syd"].pk

    # Managers and analysts: the municipality and each district.
    for user in (ann, mads):
        assert token_for(user).get("/api/v1/metrics/keyfigures").json()["district_id"] is None
        assert token_for(user).get(f"/api/v1/metrics/keyfigures?district={syd}").status_code == 200
    # A team leader: the district of the team (Team Nord), by default and only that.
    assert token_for(tom).get("/api/v1/metrics/keyfigures").json()["district_id"] == nord
    assert token_for(tom).get(f"/api/v1/metrics/keyfigures?district={syd}").status_code == 403
    assert client_for(tom).get(f"/noegletal/?district={syd}").status_code == 403
    page = client_for(tom).get("/noegletal/?grain=Q&first=2025-01&last=2025-03").content.decode()
    assert "Nøgletal: Nord" in page and "1. kvt. 2025" in page
    # Reception staff see no key figures.
    assert token_for(rita).get("/api/v1/metrics/keyfigures").status_code == 403
    assert client_for(rita).get("/noegletal/").status_code == 403


def test_the_page_has_a_period_picker_and_downloads_each_table(municipality, ann, town, client_for):
    refresh(municipality)
    client = client_for(ann)

    page = client.get("/noegletal/?grain=M&first=2025-03&last=2025-03").content.decode()
    assert 'data-testid="figure-underretninger"' in page and "300,0" in page
    bad = client.get("/noegletal/?first=2025-99")
    assert bad.status_code == 200 and "Skriv måneden som åååå-mm" in bad.content.decode()

    csv = client.get("/noegletal/hent/tid-til-indsats.csv?grain=M&first=2025-03&last=2025-03")
    assert csv.status_code == 200
    assert "03.2025;6;19;62" in csv.content.decode("utf-8-sig")
    xlsx = client.get("/noegletal/hent/alle.xlsx?grain=Q&first=2025-01&last=2025-03")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/noegletal/hent/ukendt.csv").status_code == 404


def test_the_nightly_refresh_takes_the_last_months(municipality, town):
    call_command("facts_refresh", "--months", "4", stdout=open(os.devnull, "w"))

    # March is within the last four months of 15.06.2025 (June, May, April, March); January is not.
    assert value(municipality, "M", MARCH, "notifications") == 7
    assert value(municipality, "M", dt.date(2025, 1, 1), "notifications") == 0
    # The quarter containing March is computed whole, January included.
    assert value(municipality, "Q", Q1, "notifications") == 8


@pytest.fixture
def ratings(municipality, org, eva):
    """Fifteen children at Solsikken (Nord). First half of 2025: 5 green, 5 yellow, 5 red (01.03); the red
    five are notified about ten days later. Second half: the 5 green stay green, the yellow and red ten
    become 5 green and 5 yellow (01.09)."""
    from tidlig.wellbeing.models import Rating

    kids = [
        Child.objects.create(
            municipality=municipality,
            first_name=f"r{i}",
            birth_date=dt.date(2021, 1, 1),
            district=org["nord"],
        )
        for i in range(15)
    ]

    def rate(child, colour, when):
        Rating.objects.create(
            municipality=municipality,
            institution=org["solsikken"],
            district=org["nord"],
            child=child,
            kind=Rating.Kind.JOINT,
            rater=eva,
            colour=colour,
            rated_at=when,
        )

    for i, child in enumerate(kids):
        rate(child, ("green", "yellow", "red")[i // 5], at(2025, 3, 1))
        rate(child, "green" if i < 10 else "yellow", at(2025, 9, 1))
        if i >= 10:
            Notification.objects.create(
                municipality=municipality,
                child=child,
                received_at=at(2025, 3, 11),
                channel=Channel.RECEPTION,
                notifier_kind="professional",
                text="Bekymring.",
            )
    return kids


def test_early_detection_per_half_year_counted_by_hand(municipality, ann, ratings):
    with time_machine.travel(dt.datetime(2025, 12, 15, 12, tzinfo=dt.UTC), tick=False):
        refresh(municipality)
        data = keyfigures(ann, grain=Grain.YEAR, first=dt.date(2025, 1, 1), last=dt.date(2025, 1, 1))

    early = {s.slug: s for s in data["series"]}["tidlig-opsporing"]
    first, second = (r["values"] for r in early.rows)
    assert [r["label"] for r in early.rows] == ["1. halvår 2025", "2. halvår 2025"]
    # First half: 5/5/5 of 15 (a third each); nobody was rated before; the red five: 10 days to notification.
    assert first == {
        "green": 5, "yellow": 5, "red": 5, "total": 15, "yellow_share": 33, "red_share": 33,
        "concern_before": 0, "to_green": 0, "red_action_median": 10,
    }  # fmt: skip
    # Second half: 10 green (5 stayed, 5 moved), 5 yellow, none red; 10 were yellow or red, 5 of them now green.
    assert second == {
        "green": 10, "yellow": 5, "red": 0, "total": 15, "yellow_share": 33, "red_share": 0,
        "concern_before": 10, "to_green": 5, "red_action_median": None,
    }  # fmt: skip


def test_caseload_is_a_snapshot_of_the_running_period(municipality, org, town, alice, tom):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    bo = make_staff("bo", Role.CASEWORKER, municipality, team=org["team_nord"], name="Bo Rådgiver")
    for name in ("n0", "n1", "n2", "n3", "n4", "n5"):
        town[name].caseworker = alice
        town[name].save(update_fields=["caseworker"])
    for name in ("n6", "n7"):
        town[name].caseworker = bo
        town[name].save(update_fields=["caseworker"])

    refresh(municipality)

    june = dt.date(2025, 6, 1)
    # 8 children with a caseworker, 2 caseworkers (4.0 each); Tom leads Team Nord: Alice and Bo.
    assert value(municipality, "M", june, "caseload.children") == 8
    assert value(municipality, "M", june, "caseload.caseworkers") == 2
    assert value(municipality, "M", june, "span.leaders") == 1
    assert value(municipality, "M", june, "span.staff") == 2
    # Not written for closed periods (the register does not know who had the child then).
    assert value(municipality, "M", MARCH, "caseload.children") == 0
