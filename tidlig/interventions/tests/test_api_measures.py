"""Measures through /api/v1: a § 32 measure from draft → made → started → followed up → ended, as the UI
allows it. Alice is Lukas' caseworker."""

from __future__ import annotations

import datetime as dt

import pytest

from tidlig.interventions.models import FollowUp, Measure, SupervisionVisit
from tidlig.interventions.tests.api_helpers import (
    TODAY,
    by_code,
    conversation,
    draft,
    make,
    ok,
    send,
)

pytestmark = pytest.mark.usefixtures("frozen")


def test_the_whole_path_of_a_section_32_measure(api, frozen, case, alice):
    decision = draft(api, case)
    assert decision["decided_on"] is None and decision["measure_id"] is None
    assert decision["type"]["code"] == "bl32_2"
    assert by_code(decision["obligations"])["child_conversation"]["due"] == "2025-11-20"

    conv = conversation(api, case)
    measure = make(api, decision, conversation_id=conv["id"])

    assert measure["status"] == "decided"
    assert measure["decided_on"] == TODAY
    assert measure["decision_id"] == decision["id"]
    made = ok(api.get(f"/api/v1/decisions/{decision['id']}"))
    assert made["measure_id"] == measure["id"]
    assert made["conversation_id"] == conv["id"]
    assert by_code(made["obligations"])["child_conversation"]["status"] == "met"

    started = ok(send(api, "post", f"/api/v1/measures/{measure['id']}/start", {"started_on": TODAY}))

    assert started["status"] == "started"
    assert by_code(started["obligations"])["first_followup"]["due"] == "2026-02-12"  # 3 months (§ 95, stk. 2)
    worklist = ok(api.get("/api/v1/worklist"))
    items = [i for group in worklist["groups"].values() for i in group]
    first = [i for i in items if i["code"] == "first_followup"]
    assert [(i["source"], i["source_id"], i["due"]) for i in first] == [
        ("measure", measure["id"], "2026-02-12")
    ]
    assert first[0] in worklist["groups"]["later"]
    obligations = by_code(ok(api.get(f"/api/v1/children/{case.pk}/obligations")))
    assert obligations["first_followup"]["due"] == "2026-02-12"
    assert obligations["first_followup"]["status"] == "open"
    overview = ok(api.get(f"/api/v1/children/{case.pk}/case"))
    assert overview["level"] == 3
    assert overview["history"] == [{"date": TODAY, "level": 3}]
    assert [m["id"] for m in overview["active_measures"]] == [measure["id"]]

    frozen.move_to(dt.datetime(2026, 2, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    followup = ok(
        send(
            api,
            "post",
            f"/api/v1/measures/{measure['id']}/followups",
            {
                "held_on": "2026-02-02",
                "assessment": "Morgenerne går bedre; Lukas kommer til tiden.",
                "schedule_reason": "Opfølgning hver tredje måned, fordi forløbet er stabilt.",
                "next_on": "2026-05-04",
            },
        ),
        201,
    )

    assert followup["next_on"] == "2026-05-04"
    assert followup["held_by"] == {"id": alice.pk, "name": "Alice Rådgiver"}
    assert [(o["code"], o["due"], o["status"]) for o in followup["obligations"]] == [
        ("followup", "2026-05-04", "open")
    ]
    obligations = by_code(ok(api.get(f"/api/v1/children/{case.pk}/obligations")))
    assert obligations["first_followup"]["status"] == "met"
    assert obligations["followup"]["due"] == "2026-05-04"
    assert obligations["followup"]["status"] == "open"
    detail = ok(api.get(f"/api/v1/measures/{measure['id']}"))
    assert [f["id"] for f in detail["followups"]] == [followup["id"]]
    assert {"first_followup", "followup"} <= set(by_code(detail["obligations"]))

    ended = ok(
        send(
            api,
            "post",
            f"/api/v1/measures/{measure['id']}/end",
            {"ended_on": "2026-02-02", "reason": "Målene er nået."},
        )
    )

    assert ended["status"] == "ended" and ended["end_reason"] == "Målene er nået."
    again = send(
        api,
        "post",
        f"/api/v1/measures/{measure['id']}/followups",
        {"held_on": "2026-02-02", "assessment": "Igen."},
    )
    assert again.status_code == 422
    assert "afsluttet" in again.json()["detail"]
    assert "followup" not in by_code(ok(api.get(f"/api/v1/children/{case.pk}/obligations")))


def test_a_measure_cannot_start_before_its_decision(api, case):
    measure = make(api, draft(api, case), conversation_id=conversation(api, case)["id"])

    response = send(api, "post", f"/api/v1/measures/{measure['id']}/start", {"started_on": "2025-11-01"})

    assert response.status_code == 422
    assert "started_on" in response.json()["errors"]
    assert Measure.objects.get(pk=measure["id"]).started_on is None


def test_supervision_visits_belong_to_placements_and_followups_to_started_measures(api, case):
    measure = make(api, draft(api, case), conversation_id=conversation(api, case)["id"])

    early = send(
        api,
        "post",
        f"/api/v1/measures/{measure['id']}/followups",
        {"held_on": TODAY, "assessment": "x", "schedule_reason": "y"},
    )
    ok(send(api, "post", f"/api/v1/measures/{measure['id']}/start", {"started_on": TODAY}))
    visit = send(
        api,
        "post",
        f"/api/v1/measures/{measure['id']}/supervision-visits",
        {"visited_on": TODAY, "note": "x"},
    )
    first_without_reason = send(
        api, "post", f"/api/v1/measures/{measure['id']}/followups", {"held_on": TODAY, "assessment": "x"}
    )

    assert early.status_code == 422
    assert visit.status_code == 422 and "anbringelse" in visit.json()["detail"]
    assert first_without_reason.status_code == 422
    assert "schedule_reason" in first_without_reason.json()["errors"]
    assert not FollowUp.objects.exists() and not SupervisionVisit.objects.exists()
