"""Wellbeing page actions through the API (issue 9): joint ratings where both agreed; a group's name and
educators; taking a group out of use. The same rules as the pages."""

from __future__ import annotations

import json

import pytest

from tidlig.wellbeing.models import GroupMember, Rating

pytestmark = pytest.mark.django_db


def _rate(client, group, period, child, colour):
    url = f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/children/{child.pk}/rating"
    assert client.put(url, {"colour": colour}, content_type="application/json").status_code == 200


def test_joint_ratings_are_stored_where_both_agreed(token_for, eva, emil, kim, group, period, child, sibling):
    _rate(token_for(eva), group, period, child, "green")
    _rate(token_for(emil), group, period, child, "green")
    _rate(token_for(eva), group, period, sibling, "green")
    _rate(token_for(emil), group, period, sibling, "red")
    url = f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/joint-agreed"

    assert token_for(kim).post(url).status_code == 404  # not her group
    stored = token_for(eva).post(url)

    assert stored.status_code == 200 and stored.json() == {"count": 1}
    assert Rating.objects.filter(kind=Rating.Kind.JOINT, child=child, colour="green").exists()
    assert not Rating.objects.filter(kind=Rating.Kind.JOINT, child=sibling).exists()


def test_the_leader_renames_a_group_and_sets_its_educators(token_for, lea, eva, emil, group):
    url = f"/api/v1/wellbeing/setup/groups/{group.pk}"
    body = json.dumps({"name": "Mariehønerne", "educator_ids": [eva.pk]})

    assert token_for(eva).put(url, body, content_type="application/json").status_code == 403  # leads nothing
    saved = token_for(lea).put(url, body, content_type="application/json")

    assert saved.status_code == 200, saved.content
    assert saved.json()["name"] == "Mariehønerne"
    assert [e["id"] for e in saved.json()["educators"]] == [eva.pk]
    bad = token_for(lea).put(
        url, json.dumps({"name": "", "educator_ids": []}), content_type="application/json"
    )
    assert bad.status_code == 422 and "name" in bad.json()["errors"]


def test_the_leader_takes_a_group_out_of_use(token_for, lea, eva, group):
    url = f"/api/v1/wellbeing/setup/groups/{group.pk}/deactivate"

    assert token_for(eva).post(url).status_code == 403  # only the institution's leader
    done = token_for(lea).post(url)

    assert done.status_code == 200 and done.json()["active"] is False and done.json()["children"] == 0
    assert not GroupMember.objects.filter(group=group, left_on__isnull=True).exists()
