"""The concerns API: the same services and permissions as the pages, with refused personas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tidlig.concerns.models import Concern
from tidlig.intake.models import Notification

TODAY = timezone.localdate


def post(client, url, payload, **headers):
    return client.post(url, payload, content_type="application/json", headers=headers)


def test_an_educator_raises_a_concern_and_reads_it_with_its_guide(token_for, eva, child, group, guide):
    c = token_for(eva)
    response = post(
        c,
        "/api/v1/concerns",
        {
            "child_id": child.pk,
            "observation": "Lukas har blå mærker på skinnebenet igen.",
            "observed_on": TODAY().isoformat(),
            "follow_up_on": (TODAY() + dt.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["child"]["name"] == "Lukas Jensen"
    assert body["status"] == "open"
    assert [s["kind"] for s in body["guide"]] == ["acute", "observe", "parents", "team", "notify"]
    assert not any(s["done"] for s in body["guide"])
    listed = c.get("/api/v1/concerns").json()
    assert [r["id"] for r in listed] == [body["id"]]


@pytest.mark.parametrize("persona", ["kim", "alice"])
def test_who_does_not_see_the_child_cannot_raise_a_concern_for_it(request, token_for, persona, child, group):
    response = post(
        token_for(request.getfixturevalue(persona)),
        "/api/v1/concerns",
        {"child_id": child.pk, "observation": "x", "observed_on": TODAY().isoformat()},
    )
    assert response.status_code in (403, 422)
    assert not Concern.objects.exists()


def test_a_concern_with_a_future_date_is_refused_naming_the_field(token_for, eva, child, group):
    response = post(
        token_for(eva),
        "/api/v1/concerns",
        {
            "child_id": child.pk,
            "observation": "x",
            "observed_on": (TODAY() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "observed_on" in response.json()["errors"]


@pytest.mark.parametrize("persona", ["kim", "alice", "olga", "sara"])
def test_a_concern_is_not_found_for_who_may_not_see_it(request, token_for, persona, concern, eva):
    c = token_for(request.getfixturevalue(persona))
    assert c.get(f"/api/v1/concerns/{concern.pk}").status_code in (403, 404)
    assert post(c, f"/api/v1/concerns/{concern.pk}/close", {"outcome": "resolved"}).status_code in (403, 404)
    concern.refresh_from_db()
    assert concern.status == "open"
    # The educator of the child's group reads and closes it on the same URLs.
    assert token_for(eva).get(f"/api/v1/concerns/{concern.pk}").status_code == 200
    closed = post(token_for(eva), f"/api/v1/concerns/{concern.pk}/close", {"outcome": "resolved"})
    assert closed.status_code == 200, closed.content


def test_caseworker_alice_does_not_list_the_concerns(token_for, concern, alice, eva):
    response = token_for(alice).get("/api/v1/concerns")
    assert response.status_code == 403
    assert token_for(eva).get("/api/v1/concerns").status_code == 200


def test_an_entry_marks_its_guide_step_done(token_for, concern, emil, guide):
    step = next(s for s in guide if s.kind == "observe")
    c = token_for(emil)
    response = post(
        c,
        f"/api/v1/concerns/{concern.pk}/entries",
        {
            "text": "Skrevet iagttagelser ned i fem dage.",
            "happened_on": TODAY().isoformat(),
            "step_id": step.pk,
        },
    )
    assert response.status_code == 201, response.content
    guide_now = {s["kind"]: s["done"] for s in c.get(f"/api/v1/concerns/{concern.pk}").json()["guide"]}
    assert guide_now["observe"] is True and guide_now["team"] is False


def test_an_entry_with_another_municipalitys_step_is_refused(token_for, concern, eva, other_municipality):
    from tidlig.concerns.defaults import default_guide

    foreign = default_guide(other_municipality)[0]
    response = post(
        token_for(eva),
        f"/api/v1/concerns/{concern.pk}/entries",
        {"text": "x", "happened_on": TODAY().isoformat(), "step_id": foreign.pk},
    )
    assert response.status_code == 422
    assert "step_id" in response.json()["errors"]


def test_the_leader_closes_a_concern(token_for, concern, lea):
    response = post(token_for(lea), f"/api/v1/concerns/{concern.pk}/close", {"outcome": "institution"})
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert response.json()["outcome"] == "institution"


def test_the_guide_is_readable_with_the_acute_phone(token_for, guide, eva):
    body = token_for(eva).get("/api/v1/concerns/guide").json()
    assert body["acute_phone"] == "70 11 22 33"
    assert body["steps"][0]["kind"] == "acute"


DIALOG = {
    "text": "Lukas er stille og spiser næsten intet.",
    "dialog_participants": "Mette Jensen (mor), Eva Pædagog",
    "dialog_parents_view": "Mor fortæller, at der er meget uro derhjemme.",
    "reasons": ["child_wellbeing"],
}


def test_a_dialog_based_notification_through_the_api_is_created_once(token_for, concern, eva, rita):
    c = token_for(eva)
    first = post(
        c, f"/api/v1/concerns/{concern.pk}/dialog-notification", DIALOG, **{"Idempotency-Key": "k-1"}
    )
    again = post(
        c, f"/api/v1/concerns/{concern.pk}/dialog-notification", DIALOG, **{"Idempotency-Key": "k-1"}
    )
    assert first.status_code == again.status_code == 201, first.content
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert first.json()["notification_id"] == again.json()["notification_id"]
    assert first.json()["concern"]["outcome"] == "notification"
    assert Notification.objects.count() == 1
    # Reception reads the dialog through the intake API.
    n = token_for(rita).get(f"/api/v1/notifications/{first.json()['notification_id']}").json()
    assert n["dialog"] == {
        "participants": "Mette Jensen (mor), Eva Pædagog",
        "parents_view": "Mor fortæller, at der er meget uro derhjemme.",
    }
    assert n["notifier"]["kind"] == "professional"


def test_a_dialog_based_notification_without_the_parents_view_is_refused(token_for, concern, eva):
    response = post(
        token_for(eva),
        f"/api/v1/concerns/{concern.pk}/dialog-notification",
        {**DIALOG, "dialog_parents_view": " "},
    )
    assert response.status_code == 422
    assert "dialog_parents_view" in response.json()["errors"]
    assert not Notification.objects.exists()


def test_kim_cannot_send_a_dialog_notification_from_solsikkens_concern(token_for, concern, kim, eva):
    response = post(token_for(kim), f"/api/v1/concerns/{concern.pk}/dialog-notification", DIALOG)
    assert response.status_code == 404
    assert not Notification.objects.exists()
    rightful = post(token_for(eva), f"/api/v1/concerns/{concern.pk}/dialog-notification", DIALOG)
    assert rightful.status_code == 201, rightful.content
    assert Notification.objects.count() == 1


def test_the_intake_api_takes_a_dialog_based_notification_too(token_for, eva, child):
    response = post(
        token_for(eva),
        "/api/v1/notifications",
        {"child_id": child.pk, "text": "x", "dialog_based": True, "dialog_participants": "Mor"},
    )
    assert response.status_code == 422
    assert "dialog_parents_view" in response.json()["errors"]


def test_closed_concerns_leave_the_open_list_and_show_in_the_closed_one(token_for, concern, eva):
    c = token_for(eva)
    post(c, f"/api/v1/concerns/{concern.pk}/close", {"outcome": "resolved", "note": "Lukas trives igen."})
    assert c.get("/api/v1/concerns").json() == []
    closed = c.get("/api/v1/concerns?status=closed").json()
    assert [(r["id"], r["outcome"]) for r in closed] == [(concern.pk, "resolved")]
