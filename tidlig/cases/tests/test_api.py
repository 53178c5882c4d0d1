"""GET /api/v1/worklist and /api/v1/children/{id}/obligations: each role's own deadlines, nobody else's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from tidlig.audit.models import AuditEntry

URL = "/api/v1/notifications"
# Wednesday 23 April 2025, 10:00 in Copenhagen: after Easter, so the weeks are easy to read.
NOW = dt.datetime(2025, 4, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def register(client, *, cpr="1504184235", received: dt.datetime) -> dict:
    response = post(
        client,
        URL,
        {
            "child_cpr": cpr,
            "received_at": received.isoformat(),
            "notifier": {
                "kind": "professional",
                "name": "Lærke Lærer",
                "workplace": "Testrup Skole",
                "email": "laerke@skole.invalid",
            },
            "text": "Bekymring.",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def at(day: int, hour: int = 9, month: int = 4) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, month, day, hour, 0))


def codes(items: list[dict]) -> list[str]:
    return [i["code"] for i in items]


def test_reception_sees_missing_acute_assessments_and_receipts(token_for, rita, child, sibling):
    client = token_for(rita)
    later = register(client, received=at(23, 8))
    sooner = register(client, cpr="0209204236", received=at(22, 12))

    response = client.get("/api/v1/worklist")

    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "reception"
    assert set(body["groups"]) == {"acute", "receipts"}
    acute = body["groups"]["acute"]
    assert [i["source_id"] for i in acute] == [sooner["id"], later["id"]]  # soonest deadline first
    assert acute[0]["child_name"] == "Ida Jensen"
    assert acute[0]["due"] == "2025-04-23T12:00:00+02:00"
    assert acute[0]["status"] == "open"
    assert {i["source_id"] for i in body["groups"]["receipts"]} == {sooner["id"], later["id"]}
    assert AuditEntry.objects.filter(
        actor=rita, action="people.child.viewed", child_id=child.pk, data__view="worklist.reception"
    ).exists()


def test_the_caseworker_sees_her_deadlines_by_when_they_fall(token_for, rita, tom, alice, child):
    reception = token_for(rita)
    ids = [
        register(reception, received=at(day, month=month))["id"] for day, month in ((1, 4), (10, 4), (14, 4))
    ]
    for pk in ids:
        assert post(token_for(tom), f"{URL}/{pk}/assign", {"caseworker_id": alice.pk}).status_code == 200

    response = token_for(alice).get("/api/v1/worklist")

    assert response.status_code == 200
    groups = response.json()["groups"]
    assert set(groups) == {"overdue", "today", "week", "later"}
    # Screening is 6 working days: 1 April → 9 April (overdue), 10 April → today, 14 April → Friday 25 April.
    assert [(i["source_id"], i["code"]) for i in groups["overdue"]] == [(ids[0], "screening")]
    assert [(i["source_id"], i["code"]) for i in groups["today"]] == [(ids[1], "screening")]
    assert [(i["source_id"], i["code"]) for i in groups["week"]] == [(ids[2], "screening")]
    assert groups["week"][0]["due"] == "2025-04-25"
    assert codes(groups["later"]) == ["notifier_feedback"] * 3
    assert all(i["assignee_id"] == alice.pk for g in groups.values() for i in g)


def test_a_caseworker_sees_nothing_of_another_teams_work(token_for, rita, tom, alice, bob, child):
    n = register(token_for(rita), received=at(14))
    post(token_for(tom), f"{URL}/{n['id']}/assign", {"caseworker_id": alice.pk})

    groups = token_for(bob).get("/api/v1/worklist").json()["groups"]

    assert all(items == [] for items in groups.values())


def test_the_team_leader_sees_unassigned_work_and_caseloads(token_for, rita, tom, alice, child, sibling):
    reception = token_for(rita)
    assigned = register(reception, received=at(1))
    waiting = register(reception, cpr="0209204236", received=at(22))
    post(token_for(tom), f"{URL}/{assigned['id']}/assign", {"caseworker_id": alice.pk})

    response = token_for(tom).get("/api/v1/worklist")

    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "team_leader"
    assert [u["notification_id"] for u in body["unassigned"]] == [waiting["id"]]
    assert body["unassigned"][0]["child_name"] == "Ida Jensen"
    assert body["caseload"] == [
        {
            "caseworker_id": alice.pk,
            "name": "Alice Rådgiver",
            "children": 1,
            "open_obligations": 2,
            "overdue": 1,
            # issue 10: what the cases are, and the weighted load (one child, nothing running: 1.0)
            "placements": 0,
            "investigations": 0,
            "assessments": 0,
            "supportive": 0,
            "weighted": 1.0,
        }
    ]
    assert {i["source_id"] for i in body["groups"]["team"]} == {assigned["id"], waiting["id"]}


@pytest.mark.parametrize("persona", ["ann", "eva"])
def test_roles_without_deadlines_have_no_worklist(token_for, persona, request, alice):
    response = token_for(request.getfixturevalue(persona)).get("/api/v1/worklist")

    assert response.status_code == 403
    assert response.json()["detail"] == "Din rolle har ingen arbejdsliste med frister."
    assert token_for(alice).get("/api/v1/worklist").status_code == 200


def test_another_municipalitys_reception_sees_nothing_of_testrup(token_for, rita, olga, child):
    register(token_for(rita), received=at(22))

    response = token_for(olga).get("/api/v1/worklist")

    assert response.status_code == 200
    assert response.json()["groups"] == {"acute": [], "receipts": []}
    assert "Lukas" not in response.content.decode()


def test_the_worklist_requires_authentication(db, client):
    assert client.get("/api/v1/worklist").status_code == 401


def test_the_childs_caseworker_sees_every_obligation_of_the_child(token_for, rita, tom, alice, bob, child):
    n = register(token_for(rita), received=at(14))
    child_url = f"/api/v1/children/{child.pk}/obligations"
    before = token_for(alice).get(child_url)
    post(token_for(tom), f"{URL}/{n['id']}/assign", {"caseworker_id": alice.pk})

    response = token_for(alice).get(child_url)

    assert before.status_code == 404
    assert response.status_code == 200
    rows = {o["code"]: o for o in response.json()}
    assert set(rows) == {"acute_assessment", "receipt", "screening", "notifier_feedback"}
    assert rows["receipt"]["due"] == "2025-04-25"
    assert rows["acute_assessment"]["status"] == "overdue"
    assert AuditEntry.objects.filter(
        actor=alice, action="people.child.viewed", child_id=child.pk, data__view="obligations"
    ).exists()
    refused = token_for(bob).get(child_url)
    assert refused.status_code == 404
    assert not AuditEntry.objects.filter(actor=bob, action="people.child.viewed").exists()


# --- pages (issue 9): every section at most `limit` rows, `totals`, `next` -------------------------------------


def test_reception_pages_through_each_section_by_following_next(token_for, rita, child, sibling):
    reception = token_for(rita)
    registered = [
        register(reception, cpr=cpr, received=at(23, hour))["id"]
        for cpr, hour in (("1504184235", 7), ("0209204236", 8), ("1504184235", 9))
    ]

    first = reception.get("/api/v1/worklist?limit=2")

    assert first.status_code == 200
    body = first.json()
    assert [i["source_id"] for i in body["groups"]["acute"]] == registered[:2]  # soonest deadline first
    assert len(body["groups"]["receipts"]) == 2
    assert body["totals"] == {"acute": 3, "receipts": 3}
    assert body["next"].endswith("/api/v1/worklist?limit=2&offset=2")
    assert f'<{body["next"]}>; rel="next"' in first.headers["Link"]

    last = reception.get(body["next"]).json()

    assert [i["source_id"] for i in last["groups"]["acute"]] == registered[2:]
    assert len(last["groups"]["receipts"]) == 1
    assert last["next"] is None


def test_without_limit_a_section_holds_at_most_50_rows(token_for, rita, child):
    reception = token_for(rita)
    for n in range(51):
        register(reception, received=at(23, 0) + dt.timedelta(minutes=n))

    body = reception.get("/api/v1/worklist").json()

    assert len(body["groups"]["acute"]) == 50
    assert body["totals"]["acute"] == 51
    assert body["next"] is not None


def test_the_caseworker_pages_each_group_separately(token_for, rita, tom, alice, child):
    reception = token_for(rita)
    ids = [register(reception, received=at(day))["id"] for day in (1, 2, 3)]  # all three overdue screenings
    for pk in ids:
        post(token_for(tom), f"{URL}/{pk}/assign", {"caseworker_id": alice.pk})
    client = token_for(alice)

    first = client.get("/api/v1/worklist?limit=2").json()
    second = client.get(first["next"]).json()

    assert first["totals"] == {"overdue": 3, "today": 0, "week": 0, "later": 3}
    assert [i["source_id"] for i in first["groups"]["overdue"] + second["groups"]["overdue"]] == ids
    assert len(first["groups"]["later"]) == 2 and len(second["groups"]["later"]) == 1
    assert second["next"] is None
    whole = client.get("/api/v1/worklist").json()["groups"]
    assert [i["source_id"] for i in whole["overdue"]] == ids


def test_the_team_leader_pages_unassigned_work(token_for, rita, tom, alice, child, sibling):
    reception = token_for(rita)
    waiting = [
        register(reception, cpr=cpr, received=at(22, h))["id"]
        for cpr, h in (("1504184235", 8), ("0209204236", 9))
    ]

    body = token_for(tom).get("/api/v1/worklist?limit=1").json()

    assert [u["notification_id"] for u in body["unassigned"]] == waiting[:1]
    assert body["totals"] == {"team": 4, "unassigned": 2, "caseload": 1}  # screening and feedback each
    assert len(body["caseload"]) == 1
    rest = token_for(tom).get(body["next"]).json()
    assert [u["notification_id"] for u in rest["unassigned"]] == waiting[1:]
    assert rest["caseload"] == [] and len(rest["groups"]["team"]) == 1
    assert rest["next"].endswith("offset=2")  # the team's deadlines go on


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("limit=201", {"limit": ["Skriv et tal på højst 200."]}),
        (
            "limit=0&offset=-5",
            {"limit": ["Skriv et tal på mindst 1."], "offset": ["Skriv et tal på mindst 0."]},
        ),
        ("offset=x", {"offset": ["Skriv et helt tal."]}),
    ],
)
def test_a_bad_worklist_page_answers_422_in_danish(token_for, rita, query, errors):
    response = token_for(rita).get(f"/api/v1/worklist?{query}")

    assert response.status_code == 422
    assert response.json()["errors"] == errors


def test_the_access_log_names_only_the_children_on_the_page(token_for, rita, child, sibling):
    reception = token_for(rita)
    register(reception, received=at(23, 7))  # child: the sooner deadlines, on page one
    register(reception, cpr="0209204236", received=at(23, 8))  # sibling: page two

    reception.get("/api/v1/worklist?limit=1")

    logged = set(
        AuditEntry.objects.filter(actor=rita, data__view="worklist.reception").values_list(
            "child_id", flat=True
        )
    )
    assert logged == {child.pk}
