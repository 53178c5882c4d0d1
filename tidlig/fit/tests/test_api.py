"""FIT through /api/v1 with the pages' permissions: those who may see the case use it, everyone else is
told the child does not exist; errors named in one answer, in Danish."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.test import Client

from tidlig.fit.models import FitAlert, Rating

from .conftest import send


def test_a_whole_session_through_the_api(case, alice, token_for):
    api = token_for(alice)
    kid = send(
        api, "post", f"/api/v1/fit/children/{case.pk}/respondents", {"role": "child", "first_name": "Lukas"}
    )
    session = send(api, "post", f"/api/v1/fit/children/{case.pk}/sessions",
                   {"held_on": "2026-11-18", "respondent_ids": [kid.json()["id"]]})  # fmt: skip
    rating_id = session.json()["ratings"][0]["id"]
    outcome = send(api, "post", f"/api/v1/fit/ratings/{rating_id}/outcome", {"items": [7.5, 6, "8,1", "9"]})
    alliance = send(api, "post", f"/api/v1/fit/ratings/{rating_id}/alliance", {"items": ["9"] * 3 + ["8.5"]})
    traj = api.get(f"/api/v1/fit/children/{case.pk}/trajectories").json()
    alerts = api.get("/api/v1/fit/alerts").json()
    seen = api.post(f"/api/v1/fit/alerts/{alerts[0]['id']}/seen")

    assert kid.status_code == 201 and session.status_code == 201
    assert session.json()["ratings"][0]["outcome_instrument"] == "CORS"
    assert outcome.status_code == 200 and outcome.json()["outcome_total"] == "30.6"
    assert alliance.json()["alliance_total"] == "35.5"
    assert traj[0]["cutoff"] == "32.0" and traj[0]["change"] is None
    assert [(a["kind"], a["reasons"]) for a in alerts] == [("alliance", ["low_total", "low_item"])]
    assert seen.status_code == 200 and FitAlert.objects.get().seen_at is not None
    assert Rating.objects.get().outcome_via == "api"


def test_a_one_time_link_through_the_api_works_once_on_the_phone(case, alice, token_for):
    cache.clear()
    api = token_for(alice)
    kid = send(
        api, "post", f"/api/v1/fit/children/{case.pk}/respondents", {"role": "mother", "first_name": "Mette"}
    )
    session = send(api, "post", f"/api/v1/fit/children/{case.pk}/sessions",
                   {"held_on": "2026-11-18", "respondent_ids": [kid.json()["id"]]})  # fmt: skip
    rating_id = session.json()["ratings"][0]["id"]

    link = api.post(f"/api/v1/fit/ratings/{rating_id}/links/outcome")
    bad_part = api.post(f"/api/v1/fit/ratings/{rating_id}/links/moon")
    path = link.json()["url"].split("testserver", 1)[1]
    phone = Client()

    assert link.status_code == 201 and link.json()["expires_at"].startswith("2026-11-19T")
    assert bad_part.status_code == 422
    assert phone.post(path, {"item1": "5", "item2": "5", "item3": "5", "item4": "5"}).status_code == 200
    assert phone.get(path).status_code == 404
    assert (
        api.get(f"/api/v1/fit/sessions/{session.json()['id']}").json()["ratings"][0]["outcome_total"]
        == "20.0"
    )


def test_errors_are_named_in_one_answer_in_danish(case, alice, token_for):
    api = token_for(alice)
    r = send(api, "post", f"/api/v1/fit/children/{case.pk}/respondents", {"role": "moon", "first_name": " "})
    s = send(
        api,
        "post",
        f"/api/v1/fit/children/{case.pk}/sessions",
        {"held_on": "2030-01-01", "respondent_ids": [999]},
    )
    kid = send(
        api, "post", f"/api/v1/fit/children/{case.pk}/respondents", {"role": "child", "first_name": "Lukas"}
    )
    ok = send(api, "post", f"/api/v1/fit/children/{case.pk}/sessions",
              {"held_on": "2026-11-18", "respondent_ids": [kid.json()["id"]]})  # fmt: skip
    items = send(api, "post", f"/api/v1/fit/ratings/{ok.json()['ratings'][0]['id']}/outcome",
                 {"items": ["11", "x", "5.55", "1"]})  # fmt: skip
    few = send(api, "post", f"/api/v1/fit/ratings/{ok.json()['ratings'][0]['id']}/outcome", {"items": ["1"]})

    assert r.status_code == s.status_code == items.status_code == few.status_code == 422
    assert "hvem der svarer" in json.dumps(r.json(), ensure_ascii=False)
    assert "fremtiden" in json.dumps(s.json(), ensure_ascii=False)
    errs = items.json()["errors"]
    assert set(errs) == {"item1", "item2", "item3"}
    assert "præcis fire" in json.dumps(few.json(), ensure_ascii=False)


def test_outsiders_are_told_the_child_does_not_exist(case, alice, bob, eva, token_for):
    api = token_for(alice)
    kid = send(
        api, "post", f"/api/v1/fit/children/{case.pk}/respondents", {"role": "child", "first_name": "Lukas"}
    )
    session = send(api, "post", f"/api/v1/fit/children/{case.pk}/sessions",
                   {"held_on": "2026-11-18", "respondent_ids": [kid.json()["id"]]}).json()  # fmt: skip
    rating_id = session["ratings"][0]["id"]

    for outsider in (bob, eva):
        other = token_for(outsider)
        assert other.get(f"/api/v1/fit/children/{case.pk}/sessions").status_code == 404
        assert other.get(f"/api/v1/fit/sessions/{session['id']}").status_code == 404
        assert (
            send(other, "post", f"/api/v1/fit/ratings/{rating_id}/outcome", {"items": ["5"] * 4}).status_code
            == 404
        )
        assert other.post(f"/api/v1/fit/ratings/{rating_id}/links/outcome").status_code == 404
        assert other.get("/api/v1/fit/alerts").json() == []
