"""The API twins: the same services and the same refusals as the pages."""

import pytest

from tidlig.course.models import Course

from .conftest import at, day

pytestmark = pytest.mark.django_db


def test_start_plan_update_and_end_through_the_api(token_for, alice, owned, sara):
    api = token_for(alice)
    r = api.post(
        f"/api/v1/courses/children/{owned.pk}",
        {"worker_id": sara.pk, "started_on": day(-7).isoformat(), "goals": "Mål"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["weeks"] == 12 and body["current_week"] == 2 and body["measure_id"]
    cid = body["id"]
    r = api.post(
        f"/api/v1/courses/{cid}/meetings/start",
        {"starts_at": at(1).isoformat(), "ends_at": at(1, 11).isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["start_meeting"]["status"] == "planned"
    r = api.put(
        f"/api/v1/courses/{cid}",
        {"goals": "Nye mål", "worker_id": sara.pk},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["goals"] == "Nye mål"
    r = api.get(f"/api/v1/courses/children/{owned.pk}")
    assert r.status_code == 200 and [c["id"] for c in r.json()] == [cid]
    r = api.post(
        f"/api/v1/courses/{cid}/end",
        {"result": "goal_reached", "reason": "Lukas trives."},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["result"] == "goal_reached"


def test_bad_input_is_answered_in_one_round_not_a_500(token_for, alice, owned):
    r = token_for(alice).post(
        f"/api/v1/courses/children/{owned.pk}",
        {"worker_id": 999999, "started_on": day(0).isoformat(), "weeks": 0, "origin": "nowhere"},
        content_type="application/json",
    )
    assert r.status_code in (400, 422)
    assert not Course.objects.exists()


def test_strangers_are_refused_through_the_api(token_for, bob, course):
    api = token_for(bob)
    assert api.get(f"/api/v1/courses/{course.pk}").status_code == 404
    r = api.post(
        f"/api/v1/courses/{course.pk}/end",
        {"result": "continue", "reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404
