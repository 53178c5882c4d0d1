"""The ratings API: same rules and refusals as the pages, bearer tokens like an integration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.wellbeing.models import Rating

pytestmark = pytest.mark.django_db


def _url(group, period, child, what="rating"):
    return f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/children/{child.pk}/{what}"


def test_educator_rates_and_reads_the_sheet(token_for, eva, emil, group, period, child, sibling):
    api = token_for(eva)
    r = api.put(
        _url(group, period, child),
        {"colour": "yellow", "note": "Trækker sig"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["colour"] == "yellow" and r.json()["kind"] == "individual"
    token_for(emil).put(_url(group, period, child), {"colour": "red"}, content_type="application/json")
    sheet = api.get(f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/sheet").json()
    row = next(x for x in sheet["rows"] if x["child_id"] == child.pk)
    assert row["mine"]["colour"] == "yellow" and [o["colour"] for o in row["others"]] == ["red"]
    assert row["disagreement"] is True
    # Sibling is not rated by eva yet, so emil's colour (if any) stays hidden.
    other = next(x for x in sheet["rows"] if x["child_id"] == sibling.pk)
    assert other["mine"] is None and other["others"] == []
    assert AuditEntry.objects.filter(actor=eva, action="people.child.viewed", object_id=sibling.pk).exists()


def test_joint_via_api_refuses_before_two_ratings_in_danish(token_for, eva, group, period, child):
    api = token_for(eva)
    api.put(_url(group, period, child), {"colour": "green"}, content_type="application/json")
    r = api.put(_url(group, period, child, "joint"), {"colour": "green"}, content_type="application/json")
    assert r.status_code == 422
    assert "Mindst to fagpersoner" in r.json()["detail"]


def test_bad_colour_is_a_danish_422(token_for, eva, group, period, child):
    r = token_for(eva).put(_url(group, period, child), {"colour": "lilla"}, content_type="application/json")
    assert r.status_code == 422 and "grøn, gul eller rød" in str(r.json())
    assert not Rating.objects.exists()


@pytest.mark.parametrize("persona", ["kim", "frida", "alice", "olga", "mads", "ann", "sara"])
def test_refused_personas(request, token_for, persona, eva, group, period, child):
    api = token_for(request.getfixturevalue(persona))
    assert api.put(
        _url(group, period, child), {"colour": "red"}, content_type="application/json"
    ).status_code in (403, 404)
    assert api.get(f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/sheet").status_code == 404
    assert api.get(f"/api/v1/wellbeing/children/{child.pk}/ratings").status_code == 404
    assert api.get("/api/v1/wellbeing/groups").json() == []
    assert not Rating.objects.exists()
    # The group's educator on the same URLs.
    mine = token_for(eva)
    assert (
        mine.put(_url(group, period, child), {"colour": "red"}, content_type="application/json").status_code
        == 200
    )
    assert mine.get(f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/sheet").status_code == 200
    assert mine.get(f"/api/v1/wellbeing/children/{child.pk}/ratings").status_code == 200
    assert [g["id"] for g in mine.get("/api/v1/wellbeing/groups").json()] == [group.pk]


def test_confirm_unchanged_and_groups(token_for, eva, group, period, child):
    api = token_for(eva)
    groups = api.get("/api/v1/wellbeing/groups").json()
    assert [g["name"] for g in groups] == ["Mariehønen"] and groups[0]["open_period"]["id"] == period.pk
    r = api.post(f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}/confirm-unchanged")
    assert r.json() == {"count": 0}  # nobody has a previous colour to keep


def test_health_visitor_rating_via_api(token_for, hanne, eva, municipality, org):
    from tidlig.people.models import Child

    today = timezone.localdate()
    baby = Child.objects.create(
        municipality=municipality,
        first_name="Alma",
        last_name="Test",
        birth_date=today - dt.timedelta(days=280),
        district=org["nord"],
    )
    body = {"colour": "green", "parents_present": "Mor og far", "rated_on": today.isoformat()}
    url = f"/api/v1/wellbeing/children/{baby.pk}/health-visitor-rating"
    assert token_for(eva).post(url, body, content_type="application/json").status_code == 404
    r = token_for(hanne).post(url, body, content_type="application/json")
    assert r.status_code == 201 and r.json()["kind"] == "health_visitor"
