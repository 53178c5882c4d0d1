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
