"""FIT team statistics without names: counts under 5 hidden with a second cell, the benchmark beside,
and the municipality's own reliable change index once it has enough respondents and an r."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tidlig.fit import services
from tidlig.fit.models import FitSettings, Respondent
from tidlig.fit.statistics import team_statistics
from tidlig.people.models import Child


def _family(municipality, org, alice, n: int, first: str, latest: str | None):
    """n children of alice's, each with a mother scoring `first` then `latest` on every ORS item."""
    for k in range(n):
        c = Child.objects.create(
            municipality=municipality, first_name=f"Barn{first}{k}", last_name="Test",
            birth_date=dt.date(2015, 1, 1), caseworker=alice, district=org["nord"],
        )  # fmt: skip
        mum = services.respondent_add(child=c, actor=alice, role=Respondent.Role.MOTHER, first_name="Mor")
        days = [dt.date(2026, 10, 1)] + ([dt.date(2026, 11, 1)] if latest else [])
        for day, item in zip(days, [first, latest], strict=False):
            r = services.session_open(
                child=c, actor=alice, held_on=day, respondent_ids=[mum.pk]
            ).ratings.get()
            services.rating_answer(rating=r, part="outcome", items=[item] * 4, via="api", actor=alice)


def test_shares_with_suppression_and_the_benchmark(client_for, municipality, org, alice, tom, bob):
    _family(municipality, org, alice, 6, "4", "6")  # 16 → 24: improved
    _family(municipality, org, alice, 2, "6", "4")  # deteriorated: 2, hidden
    _family(municipality, org, alice, 5, "5", "5.5")  # 20 → 22: no reliable change

    s = team_statistics(tom)
    page = client_for(tom).get("/fit/statistik/").content.decode()

    assert s.outcome.cells == (6, None, None) and s.outcome.total == 13
    assert s.outcome.reasons == (None, "small", "complementary")
    assert s.srs.cells == (0, 26) and s.srs_share == 0
    assert "66–68 %" in page and "7–11 %" in page and "&lt; 5" in page and "46 %" in page
    assert "Barn" not in page and "Alice" not in page
    assert team_statistics(bob).outcome.total == 0  # another team's sessions are not bob's


def test_those_without_a_team_or_role_see_no_statistics(client_for, eva):
    assert client_for(eva).get("/fit/statistik/").status_code == 403


def test_the_municipalitys_own_rci_needs_enough_respondents_and_an_r(municipality, org, alice, ann):
    _family(municipality, org, alice, 3, "4", None)  # intake 16
    _family(municipality, org, alice, 3, "6", None)  # intake 24

    without_r = {r.instrument: r for r in team_statistics(ann).rci}["ORS"]
    FitSettings.objects.create(
        municipality=municipality, rci_min_respondents=6, test_retest_r=Decimal("0.80")
    )
    with_r = {r.instrument: r for r in team_statistics(ann).rci}["ORS"]

    assert without_r.enough is False and without_r.rci is None  # 6 respondents < the default 30
    # intakes 16,16,16,24,24,24: sample SD = √(6·16/5) = 4.382; RCI = 1.96·4.382·√0.4 = 5.432
    assert with_r.sd == pytest.approx(4.382, abs=0.001) and with_r.rci == pytest.approx(5.432, abs=0.001)


def test_statistics_through_the_api(municipality, org, alice, tom, token_for):
    _family(municipality, org, alice, 5, "4", "6")

    body = token_for(tom).get("/api/v1/fit/statistics").json()

    assert body["outcome"] == {"improved": 5, "deteriorated": 0, "none": 0} and body["outcome_total"] == 5
    assert body["benchmark_deterioration"] == [7, 11]
