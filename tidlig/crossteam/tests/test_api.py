"""The team and early advice through /api/v1 with the UI's permissions (refused personas on every endpoint)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from tidlig.audit.models import AuditEntry

from .conftest import at
from .test_early import start

API = "/api/v1/crossteam"


@pytest.fixture
def persona(request):
    return request.getfixturevalue


def send(client, method, url, body=None):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def named_body(child, mother, **extra) -> dict:
    return {
        "kind": "named",
        "question": "Lukas trækker sig",
        "child_id": child.pk,
        "consent_by_id": mother.pk,
        "consent_on": timezone.localdate().isoformat(),
        "consent_note": "Skriftligt",
        "parents_invited": True,
        **extra,
    }


def test_the_leader_creates_a_meeting_and_adds_items(token_for, lea, sara, child, mother):
    api = token_for(lea)
    r = send(api, "post", f"{API}/meetings", {"starts_at": at(3).isoformat(), "place": "Salen"})
    assert r.status_code == 201, r.content
    meeting_id = r.json()["id"]
    r = send(
        api,
        "post",
        f"{API}/meetings/{meeting_id}/items",
        {"kind": "named", "question": "x", "child_id": child.pk},
    )
    assert r.status_code == 422 and "consent_by_id" in r.json()["errors"]
    r = send(api, "post", f"{API}/meetings/{meeting_id}/items", named_body(child, mother))
    assert r.status_code == 201 and r.json()["child"]["name"] == "Lukas Jensen"
    item_id = r.json()["id"]
    detail = token_for(sara).get(f"{API}/meetings/{meeting_id}").json()
    assert [i["child"]["id"] for i in detail["items"]] == [child.pk]
    assert AuditEntry.objects.filter(actor=sara, child_id=child.pk, action="people.child.viewed").exists()
    r = send(token_for(sara), "put", f"{API}/items/{item_id}/minutes", {"advice": "Legegrupper"})
    assert r.status_code == 200 and r.json()["advice"] == "Legegrupper"
    r = send(api, "put", f"{API}/meetings/{meeting_id}/minutes", {"held": True, "minutes": "Godt møde"})
    assert r.json()["status"] == "held"


def test_a_second_meeting_on_the_same_consent_is_refused(
    token_for, lea, named_item, later_meeting, child, mother
):
    body = named_body(child, mother, consent_on=named_item.consent_on.isoformat())
    r = send(token_for(lea), "post", f"{API}/meetings/{later_meeting.pk}/items", body)
    assert r.status_code == 422 and "§ 11 e" in r.json()["errors"]["consent_on"][0]


def test_withdrawn_consent_hides_the_child_from_team_members(token_for, lea, sara, named_item):
    r = send(token_for(lea), "post", f"{API}/items/{named_item.pk}/consent-withdrawal", {})
    assert r.status_code == 200 and r.json()["child"] is not None  # the leader still sees the child
    seen = token_for(sara).get(f"{API}/items/{named_item.pk}").json()
    assert seen["child"] is None and "Lukas" not in json.dumps(seen)


def test_an_educator_proposes_and_sees_only_her_own(token_for, eva, group, named_item, lea, meeting):
    r = send(
        token_for(eva),
        "post",
        f"{API}/items",
        {"kind": "anonymous", "anonymous_label": "pige", "question": "Sprog"},
    )
    assert r.status_code == 201 and r.json()["meeting_id"] is None
    assert token_for(eva).get(f"{API}/items/{named_item.pk}").status_code == 404
    assert token_for(lea).get(f"{API}/items/{named_item.pk}").status_code == 200
    r = send(token_for(lea), "post", f"{API}/items/{r.json()['id']}/schedule", {"meeting_id": meeting.pk})
    assert r.status_code == 200 and r.json()["meeting_id"] == meeting.pk


@pytest.mark.parametrize("who", ["eva", "kim", "alice", "olga"])
def test_outsiders_are_refused_on_every_meeting_endpoint(
    token_for, persona, who, named_item, org, child, mother
):
    api = token_for(persona(who))
    meeting_id = named_item.meeting_id
    assert api.get(f"{API}/meetings").status_code == 403
    assert api.get(f"{API}/meetings/{meeting_id}").status_code == 404
    assert api.get(f"{API}/items/{named_item.pk}").status_code == 404
    assert api.get(f"{API}/institutions/{org['solsikken'].pk}/team").status_code == 404
    assert send(api, "post", f"{API}/meetings", {"starts_at": at(3).isoformat()}).status_code == 403
    assert (
        send(api, "post", f"{API}/meetings/{meeting_id}/items", named_body(child, mother)).status_code == 404
    )
    assert send(api, "put", f"{API}/meetings/{meeting_id}/minutes", {"held": True}).status_code == 404
    assert send(api, "put", f"{API}/items/{named_item.pk}/minutes", {"advice": "x"}).status_code == 404
    assert (
        send(api, "post", f"{API}/items/{named_item.pk}/schedule", {"meeting_id": meeting_id}).status_code
        == 404
    )
    assert send(api, "post", f"{API}/items/{named_item.pk}/consent-withdrawal", {}).status_code == 404
    # The leader reads every one of those URLs, so each refusal above is a refusal, not a wrong URL.
    leader = token_for(persona("lea"))
    for url in (
        f"{API}/meetings",
        f"{API}/meetings/{meeting_id}",
        f"{API}/items/{named_item.pk}",
        f"{API}/institutions/{org['solsikken'].pk}/team",
    ):
        assert leader.get(url).status_code == 200, url
    writes = [
        ("post", f"{API}/meetings", {"starts_at": at(3).isoformat()}),
        ("post", f"{API}/meetings/{meeting_id}/items", named_body(child, mother)),
        ("put", f"{API}/meetings/{meeting_id}/minutes", {"held": True}),
        ("put", f"{API}/items/{named_item.pk}/minutes", {"advice": "x"}),
        ("post", f"{API}/items/{named_item.pk}/schedule", {"meeting_id": meeting_id}),
        ("post", f"{API}/items/{named_item.pk}/consent-withdrawal", {}),
    ]
    for method, url, body in writes:
        # Done, or refused by the rules of the meeting's state (422) — never a 403/404 for the leader.
        assert send(leader, method, url, body).status_code in (200, 201, 422), url


def test_the_institutions_team_is_listed_to_its_leader_and_members(
    token_for, lea, sara, hanne, pia, eva, org
):
    url = f"{API}/institutions/{org['solsikken'].pk}/team"

    for insider in (lea, sara, hanne, pia):
        response = token_for(insider).get(url)
        assert response.status_code == 200, insider
        assert {m["staff"]["id"] for m in response.json()} == {sara.pk, hanne.pk, pia.pk}, insider
    assert token_for(eva).get(url).status_code == 404  # an educator is not on the team
    assert token_for(lea).get(f"{API}/institutions/{org['syd_skole'].pk}/team").status_code == 404


def test_a_team_member_may_not_set_the_agenda(token_for, sara, lea, meeting, child, mother):
    r = send(token_for(sara), "post", f"{API}/meetings/{meeting.pk}/items", named_body(child, mother))
    assert r.status_code == 403 and "lederen" in r.json()["detail"]
    r = send(token_for(lea), "post", f"{API}/meetings/{meeting.pk}/items", named_body(child, mother))
    assert r.status_code == 201, r.content


def test_kim_may_not_propose_about_a_child_outside_his_groups(token_for, kim, child, mother, group):
    r = send(token_for(kim), "post", f"{API}/items", named_body(child, mother))
    assert r.status_code == 422 and "child_id" in r.json()["errors"]


def test_early_courses_through_the_api(token_for, sara, lea, child, criteria, municipality):
    api = token_for(sara)
    ids = [c["id"] for c in api.get(f"{API}/criteria").json()]
    assert ids == [c.pk for c in criteria]
    body = {
        "child_id": child.pk,
        "purpose": "Rutiner",
        "started_on": timezone.localdate().isoformat(),
        "planned_end_on": timezone.localdate().isoformat(),
        "criteria_ids": [],
    }
    r = send(api, "post", f"{API}/early-courses", body)
    assert r.status_code == 422 and "criteria_ids" in r.json()["errors"]
    for field, wrong in (
        ("child_id", 999999),
        ("criteria_ids", [ids[0], 999999]),
        ("meeting_item_id", 999999),
    ):
        r = send(api, "post", f"{API}/early-courses", {**body, "criteria_ids": ids[:2], field: wrong})
        assert r.status_code == 422 and r.json()["errors"] == {
            field: ["Findes ikke, eller du har ikke adgang. Tjek linket, eller bed din leder om adgang."]
        }
    r = send(api, "post", f"{API}/early-courses", {**body, "criteria_ids": ids[:2]})
    assert r.status_code == 201 and r.json()["criteria"] == ids[:2]
    course_id = r.json()["id"]
    assert [c["id"] for c in api.get(f"{API}/early-courses").json()] == [course_id]
    r = send(
        api,
        "post",
        f"{API}/early-courses/{course_id}/end",
        {"ended_on": timezone.localdate().isoformat(), "outcome": "other"},
    )
    assert r.status_code == 200 and r.json()["outcome"] == "other"
    counts = token_for(lea).get(f"{API}/early-courses/counts").json()
    assert {
        "criterion": criteria[0].title,
        "courses": None,
        "notifications": None,
        "measures": None,
        "hidden": {"courses": "small", "notifications": "small", "measures": "small"},
    } in counts


@pytest.mark.parametrize("who", ["eva", "kim", "alice", "olga", "lea", "hanne"])
def test_only_the_social_worker_reaches_her_courses(token_for, persona, who, sara, child, criteria):
    course = start(sara, child, criteria)
    api = token_for(persona(who))
    assert api.get(f"{API}/early-courses").status_code == 403
    assert (
        send(
            api,
            "post",
            f"{API}/early-courses/{course.pk}/end",
            {"ended_on": "2026-01-01", "outcome": "other"},
        ).status_code
        == 404
    )
    body = {
        "child_id": child.pk,
        "purpose": "x",
        "started_on": "2026-01-01",
        "planned_end_on": "2026-02-01",
        "criteria_ids": [criteria[0].pk],
    }
    assert send(api, "post", f"{API}/early-courses", body).status_code == 403
    # The service's check is the one door: ids that find nothing are not looked up for them first.
    unknown = {**body, "child_id": 999999, "criteria_ids": [999999], "meeting_item_id": 999999}
    assert send(api, "post", f"{API}/early-courses", unknown).status_code == 403
    # Sara, the course's social worker, on the same URLs.
    mine = token_for(sara)
    assert [c["id"] for c in mine.get(f"{API}/early-courses").json()] == [course.pk]
    today = timezone.localdate().isoformat()
    ended = send(
        mine, "post", f"{API}/early-courses/{course.pk}/end", {"ended_on": today, "outcome": "other"}
    )
    assert ended.status_code == 200, ended.content
    body.update(started_on=today, planned_end_on=today)
    assert send(mine, "post", f"{API}/early-courses", body).status_code == 201


@pytest.mark.parametrize("who", ["eva", "kim", "alice", "olga"])
def test_outsiders_see_no_criteria_or_counts(token_for, persona, who, criteria, sara, lea):
    api = token_for(persona(who))
    assert api.get(f"{API}/criteria").status_code == 403
    assert api.get(f"{API}/early-courses/counts").status_code == 403
    assert token_for(sara).get(f"{API}/criteria").status_code == 200
    assert token_for(lea).get(f"{API}/early-courses/counts").status_code == 200


def test_a_social_worker_on_no_team_here_sees_no_meeting(token_for, persona, named_item, municipality):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    other = make_staff("sw2", Role.SOCIAL_WORKER, municipality)
    assert token_for(other).get(f"{API}/meetings/{named_item.meeting_id}").status_code == 404
    assert token_for(persona("sara")).get(f"{API}/meetings/{named_item.meeting_id}").status_code == 200
