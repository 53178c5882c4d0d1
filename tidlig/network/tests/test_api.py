"""The API twins: the same services and the same refusals as the pages."""

import pytest
from icalendar import Calendar

from tidlig.network.models import NetworkMeeting, Slot

from .conftest import at

pytestmark = pytest.mark.django_db


def test_plan_minutes_agree_hold_and_next_through_the_api(token_for, alice, owned):
    api = token_for(alice)
    r = api.post(
        f"/api/v1/network/children/{owned.pk}/meetings",
        {
            "context": "advice",
            "starts_at": at(-1).isoformat(),
            "ends_at": at(-1, 11).isoformat(),
            "online_link": "https://moede.example.invalid/abc",
            "private_network": [{"name": "Kaj", "relation": "nabo"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.json()
    mid = r.json()["id"]
    assert r.json()["private_network"] == [{"name": "Kaj", "relation": "nabo"}]
    r = api.put(
        f"/api/v1/network/meetings/{mid}/minutes",
        {"context": "advice", "hard": "Søvnen", "works": "Skolen", "chair": "Neutral Nina"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["chair"] == "Neutral Nina"
    r = api.post(
        f"/api/v1/network/meetings/{mid}/agreements",
        {"text": "Faste sengetider", "owner": "Far", "due_on": at(10).date().isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 201
    aid = r.json()["id"]
    r = api.post(
        f"/api/v1/network/meetings/{mid}/held",
        {"outcome": "continue", "reason": "Fortsæt"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "held"
    r = api.post(
        f"/api/v1/network/meetings/{mid}/next",
        {"starts_at": at(40).isoformat(), "ends_at": at(40, 11).isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 201
    nxt = r.json()
    assert nxt["previous_id"] == mid and [a["id"] for a in nxt["carried_over"]] == [aid]
    r = api.patch(f"/api/v1/network/agreements/{aid}", {"status": "done"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "done"
    obligations = api.get(f"/api/v1/children/{owned.pk}/obligations").json()
    [o] = [o for o in obligations if o["code"] == "network_followup"]
    assert o["action_url"] == f"/netvaerk/moede/{mid}/naeste/"


def test_api_errors_are_danish_and_named(token_for, alice, planned):
    r = token_for(alice).post(
        f"/api/v1/network/meetings/{planned.pk}/held",
        {"outcome": "maybe", "reason": " "},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert set(r.json()["errors"]) == {"outcome", "outcome_reason"}


def test_strangers_get_404_and_the_leader_gets_free_busy(token_for, bob, lea, alice, planned, child):
    assert token_for(bob).get(f"/api/v1/network/meetings/{planned.pk}").status_code == 404
    assert token_for(lea).get(f"/api/v1/network/meetings/{planned.pk}").status_code in (403, 404)
    r = token_for(alice).post(
        "/api/v1/network/slots",
        {"starts_at": at(3, 9).isoformat(), "ends_at": at(3, 10).isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 201
    sid = r.json()["id"]
    rows = token_for(lea).get("/api/v1/network/slots").json()
    assert [(x["id"], x["free"], x["child_id"]) for x in rows] == [(sid, True, None)]
    r = token_for(lea).post(
        f"/api/v1/network/slots/{sid}/booking",
        {"child_id": child.pk, "consent_by": "Mette Jensen"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "consent_on" in r.json()["errors"]
    r = token_for(lea).post(
        f"/api/v1/network/slots/{sid}/booking",
        {"child_id": child.pk, "consent_by": "Mette Jensen", "consent_on": at(-1).date().isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert Slot.objects.get(pk=sid).meeting.child_id == child.pk
    assert token_for(bob).get("/api/v1/network/slots").json() == []


def test_reschedule_and_cancel_through_the_api_and_the_ics_download(token_for, client_for, alice, planned):
    api = token_for(alice)
    r = api.post(
        f"/api/v1/network/meetings/{planned.pk}/reschedule",
        {"starts_at": at(2, 13).isoformat(), "ends_at": at(2, 14).isoformat(), "place": "Rådhuset"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["sequence"] == 1
    ics = client_for(alice).get(f"/netvaerk/moede/{planned.pk}/moede.ics")
    [ev] = Calendar.from_ical(ics.content).walk("VEVENT")
    assert int(ev["sequence"]) == 1 and str(ev["location"]) == "Rådhuset"
    r = api.post(
        f"/api/v1/network/meetings/{planned.pk}/cancel", {"reason": "Syg"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert NetworkMeeting.objects.get(pk=planned.pk).sequence == 2


def test_the_feed_api_gives_a_url_once(token_for, alice, lea):
    r = token_for(alice).post("/api/v1/network/calendar-feed")
    assert r.status_code == 201 and "/netvaerk/kalender/" in r.json()["url"]
    assert token_for(alice).post("/api/v1/network/calendar-feed/revoke").json() == {"revoked": 1}
    assert token_for(lea).post("/api/v1/network/calendar-feed").status_code == 403
