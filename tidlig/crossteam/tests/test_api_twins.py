"""The team page's actions through the API (issue 9): the leader adds and removes a member."""

from __future__ import annotations

import json

from conftest import make_staff
from tidlig.crossteam.models import CrossTeamMember
from tidlig.organisation.models import Role

API = "/api/v1/crossteam"


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_leader_adds_and_removes_a_member_when_needed(token_for, lea, eva, sara, org, municipality):
    ergo = make_staff("ergo", Role.SPECIALIST, municipality, name="Ergo Terapeut")
    url = f"{API}/institutions/{org['solsikken'].pk}/team/members"
    body = {"staff_id": ergo.pk, "profession": "occupational"}

    assert _post(token_for(eva), url, body).status_code == 403  # an educator does not lead the team
    added = _post(token_for(lea), url, body)

    assert added.status_code == 201, added.content
    assert added.json()["staff"]["id"] == ergo.pk and added.json()["fixed"] is False
    again = _post(token_for(lea), url, body)
    assert again.status_code == 422 and "allerede med i teamet" in again.json()["errors"]["staff_id"][0]
    off = _post(token_for(lea), f"{API}/members/{added.json()['id']}/deactivate")
    assert off.status_code == 200
    assert not CrossTeamMember.objects.get(pk=added.json()["id"]).active


def test_a_member_is_refused_with_every_field_named(token_for, lea, eva, sara, org):
    url = f"{API}/institutions/{org['solsikken'].pk}/team/members"

    refused = _post(token_for(lea), url, {"staff_id": eva.pk, "profession": "astrologer"})

    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"staff_id", "profession"}
    unknown = _post(token_for(lea), url, {"staff_id": 999999, "profession": "occupational"})
    assert unknown.status_code == 422 and "staff_id" in unknown.json()["errors"]


def test_a_fixed_member_is_not_removed_and_outsiders_find_none(token_for, lea, eva, sara):
    seat = sara.cross_team_seats.get()
    url = f"{API}/members/{seat.pk}/deactivate"

    assert _post(token_for(eva), url).status_code == 404
    refused = _post(token_for(lea), url)
    assert refused.status_code == 422 and "administrator" in refused.json()["detail"]
    assert CrossTeamMember.objects.get(pk=seat.pk).active
