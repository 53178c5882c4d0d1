"""Issue 9: the team leader's caseload table out of the heavy part of the worklist call, one query per page.

The counts are those of issue 10 (test_caseload.py); here: what counts once, what does not count, that
`GET /api/v1/team/caseload` and the worklist's `caseload` section say the same, and that the team leader's
worklist costs the same number of queries for a small and a larger team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_staff
from tidlig.cases import caseload as caseloads
from tidlig.cases.models import Assessment
from tidlig.cases.tests.views_helpers import TODAY, investigation, measure, register
from tidlig.intake.models import Notification
from tidlig.organisation.models import Role
from tidlig.people.models import Child


def kid(municipality, cpr: str, caseworker, institution=None) -> Child:
    return Child.objects.create(
        municipality=municipality,
        institution=institution,
        cpr=cpr,
        first_name="Barn",
        last_name="Testesen",
        birth_date=dt.date(2015, 1, 1),
        sex="F",
        caseworker=caseworker,
    )


def afdaekning(child, alice, concluded_on=None) -> Assessment:
    return Assessment.objects.create(
        child=child, started_on=TODAY(), started_by=alice, matters="Fravær.", concluded_on=concluded_on
    )


@pytest.fixture
def busy(municipality, alice, bob, owned, sibling):
    """Alice: Lukas (two supportive measures, a placement, a running investigation and a running and a
    concluded afdækning) and Ida (a measure that ended, one that starts next month, a concluded
    investigation). Bob, in the other team, has a child of his own."""
    sibling.caseworker = alice
    sibling.save(update_fields=["caseworker"])
    today = TODAY()
    measure(owned, alice, kind="supportive", level=3, started=today - dt.timedelta(days=30), code="a")
    measure(owned, alice, kind="supportive", level=3, started=today - dt.timedelta(days=10), code="b")
    measure(owned, alice, kind="placement", level=5, started=today - dt.timedelta(days=5))
    investigation(owned, alice)
    afdaekning(owned, alice)
    afdaekning(owned, alice, concluded_on=today)
    measure(sibling, alice, started=today - dt.timedelta(days=90), ended=today - dt.timedelta(days=1))
    measure(sibling, alice, kind="placement", level=5, started=today + dt.timedelta(days=30), code="c")
    done = investigation(sibling, alice)
    done.concluded_on = today
    done.save(update_fields=["concluded_on"])
    kid(municipality, "0101150001", bob)
    return alice


def test_a_kind_counts_a_child_once_and_only_while_it_runs(tom, busy):
    [load], total = caseloads.team_caseload(tom)

    assert total == 1  # Bob is in Team Syd
    assert load.caseworker == busy
    assert dict(load.counts) == {
        "child": 2,
        "placement": 1,  # Ida's placement starts next month
        "supportive": 1,  # Lukas's two supportive measures; Ida's ended yesterday
        "investigation": 1,  # Ida's was concluded
        "assessment": 1,
    }
    # 2 × 1.0 + 2.0 + 0.5 + 1.5 + 0.5
    assert load.weight == 6.5


def test_the_team_caseload_api_says_what_the_worklist_says(token_for, tom, busy):
    api = token_for(tom)

    response = api.get("/api/v1/team/caseload")

    assert response.status_code == 200
    assert response["X-Total-Count"] == "1"
    assert response.json() == api.get("/api/v1/worklist").json()["caseload"]
    [row] = response.json()
    assert (row["caseworker_id"], row["children"], row["placements"], row["weighted"]) == (busy.pk, 2, 1, 6.5)


@pytest.mark.parametrize("persona", ["alice", "rita", "bob"])
def test_only_team_leaders_read_the_team_caseload(token_for, request, persona):
    response = token_for(request.getfixturevalue(persona)).get("/api/v1/team/caseload")
    assert response.status_code == 403
    assert response.json()["detail"] == "Kun teamledere ser teamets sagsbelastning."


def test_the_team_caseload_is_paged_by_name(token_for, municipality, org, tom, alice):
    carl = make_staff("carl", Role.CASEWORKER, municipality, team=org["team_nord"], name="Carl Rådgiver")
    api = token_for(tom)

    first = api.get("/api/v1/team/caseload?limit=1")
    second = api.get("/api/v1/team/caseload?limit=1&offset=1")

    assert [r["caseworker_id"] for r in first.json()] == [alice.pk]
    assert first["X-Total-Count"] == "2" and 'rel="next"' in first["Link"]
    assert [r["caseworker_id"] for r in second.json()] == [carl.pk]
    assert api.get("/api/v1/team/caseload?limit=0").status_code == 422


def test_the_worklist_leaves_the_caseload_out_when_asked(token_for, tom, busy):
    api = token_for(tom)

    whole = api.get("/api/v1/worklist").json()
    lean = api.get("/api/v1/worklist?caseload=false").json()

    assert len(whole["caseload"]) == 1 and whole["totals"]["caseload"] == 1
    assert lean["caseload"] == [] and "caseload" not in lean["totals"]
    assert lean["groups"] == whole["groups"] and lean["unassigned"] == whole["unassigned"]


def worklist_queries(api) -> int:
    api.get("/api/v1/worklist")  # the token's last use is written once
    with CaptureQueriesContext(connection) as ctx:
        assert api.get("/api/v1/worklist").status_code == 200
    return len(ctx.captured_queries)


def test_the_team_leaders_worklist_costs_the_same_for_a_larger_team(
    token_for, municipality, org, rita, tom, alice, bob, owned, sibling
):
    api = token_for(tom)
    # Unassigned work: one child with a caseworker in another team, one without.
    sibling.caseworker = bob
    sibling.save(update_fields=["caseworker"])
    for child in (owned, sibling):
        register(rita, child, received_at=timezone.now() - dt.timedelta(days=2))
    Notification.objects.update(team=org["team_nord"], assignee=None)  # in Team Nord's pile
    small = worklist_queries(api)

    for i in range(6):
        worker = make_staff(f"cw{i}", Role.CASEWORKER, municipality, team=org["team_nord"], name=f"Cw{i} X")
        for j in range(3):
            child = kid(municipality, f"01011{i}{j}000", worker, org["solsikken"])  # Team Nord's district
            measure(child, worker, started=TODAY() - dt.timedelta(days=3), code=f"m{i}{j}")
            investigation(child, worker)
            register(rita, child, received_at=timezone.now() - dt.timedelta(days=1))
    Notification.objects.update(team=org["team_nord"], assignee=None)

    assert len(api.get("/api/v1/worklist").json()["unassigned"]) == 20
    assert worklist_queries(api) == small
