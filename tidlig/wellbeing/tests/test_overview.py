"""The anonymous overview: who sees which scope, small counts hidden, fixed query count, CSV, API."""

import datetime as dt
import itertools

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tidlig.people.models import Child
from tidlig.wellbeing.models import Group, Rating, RatingPeriod

URL = "/trivsel/oversigt/"
API = "/api/v1/wellbeing/overview"
_cpr = itertools.count(1000)


def rate(period, colours, *, rater, group=None, age_months=60, sex="M", children=None):
    """Joint ratings for new children (or the given ones), one per colour in `colours`."""
    inst = period.institution
    out = []
    for i, colour in enumerate(colours):
        child = children[i] if children else Child.objects.create(
            municipality=inst.municipality, first_name=f"Barn{next(_cpr)}", last_name="Hemmelig",
            institution=inst, district=inst.district,
        )  # fmt: skip
        out.append(
            Rating.objects.create(
                municipality=inst.municipality,
                institution=inst,
                district=inst.district,
                period=period,
                group=group,
                child=child,
                kind=Rating.Kind.JOINT,
                rater=rater,
                colour=colour,
                rated_at=timezone.now(),
                age_months=age_months,
                sex=sex,
            )  # fmt: skip
        )
    return out


@pytest.fixture
def school_period(org, period):
    """Opens with `period`, so both fall in the same half-year whatever day it is (a half-year is the one
    a period opens in: ten days before 12 January or 12 July is the half-year before)."""
    return RatingPeriod.objects.create(
        institution=org["syd_skole"],
        title="Efterår",
        opens_on=period.opens_on,
        closes_on=timezone.localdate(),
    )


@pytest.fixture
def ratings(period, group, school_period, eva, kim):
    rate(period, ["green"] * 12 + ["yellow"] * 6 + ["red"] * 3, rater=eva, group=group)
    rate(school_period, ["green"] * 30 + ["yellow"] * 7, rater=kim, age_months=100, sex="F")


def row(rows, label):
    return next(r for r in rows if r["label"] == label)


def test_a_leader_sees_her_own_institution_and_its_groups(client_for, lea, ratings):
    data = client_for(lea).get(API, {"level": "group"}).json()
    assert data["institution_id"] == lea.institution_id
    assert data["total"]["total"] == 21
    mariehonen = row(data["by_unit"], "Mariehønen")
    # 3 red is hidden, and so is the next smallest (6 yellow), so 21 − 12 − 6 cannot give the 3 away.
    assert (mariehonen["green"], mariehonen["yellow"], mariehonen["red"], mariehonen["total"]) == (
        12,
        None,
        None,
        21,
    )
    assert (mariehonen["green_pct"], mariehonen["yellow_pct"]) == (57, None)


def test_a_leader_cannot_look_at_another_institution(client_for, lea, ratings, org):
    data = client_for(lea).get(API, {"level": "institution", "institution": org["syd_skole"].pk}).json()
    assert [r["label"] for r in data["by_unit"]] == ["Solsikken"]
    page = client_for(lea).get(URL, {"institution": org["syd_skole"].pk})
    assert "Sydskolen" not in page.content.decode()


def test_a_manager_sees_every_institution_and_district(client_for, mads, ratings):
    data = client_for(mads).get(API, {"level": "institution"}).json()
    assert row(data["by_unit"], "Sydskolen")["total"] == 37
    assert data["total"]["total"] == 58
    districts = client_for(mads).get(API, {"level": "district"}).json()
    assert row(districts["by_unit"], "Syd")["green"] == 30
    assert row(data["by_sex"], "Pige")["total"] == 37
    assert row(data["by_age"], "6–9 år")["green"] == 30


def test_the_analyst_sees_the_page_with_tables_and_hidden_counts(client_for, ann, ratings):
    response = client_for(ann).get(URL, {"level": "institution"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="by-unit"' in html and 'data-testid="by-age"' in html and "< 5" in html
    assert "Hemmelig" not in html  # no names, ever


@pytest.mark.parametrize("persona", ["eva", "kim", "olga", "sara", "alice"])
def test_everyone_else_is_refused(client_for, persona, request, mads, ratings):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(URL).status_code == 403
    assert client_for(user).get(API).status_code == 403
    assert client_for(user).get(reverse("wellbeing:overview_csv")).status_code == 403
    for url in (URL, API, reverse("wellbeing:overview_csv")):
        assert client_for(mads).get(url).status_code == 200, url


def test_a_manager_cannot_pick_another_municipalitys_institution(client_for, mads, olga, period, ratings):
    from tidlig.organisation.models import District, Institution

    elsewhere = Institution.objects.create(
        municipality=olga.municipality,
        name="Fremmed",
        kind="school",
        district=District.objects.create(municipality=olga.municipality, name="X"),
    )
    assert client_for(mads).get(API, {"institution": elsewhere.pk}).status_code == 404
    assert client_for(mads).get(API, {"institution": period.institution_id}).status_code == 200


def test_the_csv_has_the_same_numbers_and_no_names(client_for, mads, ratings):
    response = client_for(mads).get(reverse("wellbeing:overview_csv"), {"level": "institution"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Sydskolen;30;7;0;37" in text
    assert "< 5" in text and "Hemmelig" not in text


def test_movement_between_two_half_years(client_for, lea, period, group, eva):
    spring = RatingPeriod.objects.create(
        institution=period.institution, title="Forår", opens_on=dt.date(period.opens_on.year, 3, 1)
        if period.opens_on.month > 6 else dt.date(period.opens_on.year - 1, 9, 1),
        closes_on=dt.date(period.opens_on.year, 4, 1) if period.opens_on.month > 6
        else dt.date(period.opens_on.year - 1, 10, 1),
    )  # fmt: skip
    before = rate(spring, ["green"] * 10 + ["yellow"] * 6, rater=eva)
    kids = [r.child for r in before]
    rate(period, ["green"] * 8 + ["yellow"] * 2 + ["green"] * 5 + ["yellow"] * 1, rater=eva, children=kids)
    data = client_for(lea).get(API).json()
    moved = {r["label"].split(" ")[0]: r for r in data["movement"]["rows"]}
    # 2 went from green to yellow: hidden, and with it a second count of the row (never a 0 a reader
    # could work out from the red column's total of 0).
    assert moved["Grøn"]["yellow"] is None and moved["Grøn"]["total"] == 10
    assert moved["Grøn"]["red"] == 0 and moved["Grøn"]["green"] is None
    assert moved["Gul"]["yellow"] is None and moved["Gul"]["green"] is None  # 1 stayed yellow: hidden
    assert moved["Gul"]["total"] == 6
    assert [k for k in data["half_years"]] == sorted(data["half_years"]) and len(data["half_years"]) == 2
    assert data["over_time"][0]["label"].startswith(("Forår", "Efterår"))


def test_the_query_count_does_not_grow_with_the_number_of_children(client_for, mads, period, group, eva):
    client = client_for(mads)
    client.get(URL)  # session and first-request costs
    rate(period, ["green"] * 5, rater=eva, group=group)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"level": "institution"}).status_code == 200
    rate(period, ["green"] * 40 + ["red"] * 20, rater=eva, group=Group.objects.create(
        institution=period.institution, name="Bierne"))  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, {"level": "institution"}).status_code == 200
    assert len(many) == len(few)


def test_for_the_whole_municipality_the_movement_is_shown_when_asked_for(client_for, mads, period, eva):
    spring = RatingPeriod.objects.create(
        institution=period.institution, title="Tidligere", opens_on=period.opens_on - relativedelta(months=6),
        closes_on=period.opens_on - relativedelta(months=6) + dt.timedelta(days=13),
    )  # fmt: skip  # six months back is always the half-year before, 183 days is not (1 July − 183 d = 30 Dec)
    kids = [r.child for r in rate(spring, ["green"] * 6, rater=eva)]
    rate(period, ["yellow"] * 6, rater=eva, children=kids)
    page = client_for(mads).get(URL).content.decode()
    assert 'data-testid="movement-link"' in page and 'data-testid="movement"' not in page
    assert client_for(mads).get(API).json()["movement"] is None
    data = client_for(mads).get(API, {"movement": "true"}).json()
    assert data["movement"]["rows"][0]["yellow"] == 6
    assert 'data-testid="movement"' in client_for(mads).get(URL, {"movement": "1"}).content.decode()


def test_an_institution_page_hides_what_the_municipality_table_hides(
    client_for, lea, mads, period, group, school_period, eva, kim
):
    rate(period, ["green"] * 20 + ["yellow"] * 10, rater=eva, group=group)
    rate(school_period, ["green"] * 20 + ["yellow"] * 3, rater=kim)
    municipality = client_for(mads).get(API, {"level": "institution"}).json()
    assert row(municipality["by_unit"], "Sydskolen")["yellow"] is None
    # Solsikken's 10 yellow is hidden in the manager's table, or 13 − 10 would give Sydskolen's 3 away;
    # its row then hides a second count, and not the red 0 that the red total of 0 gives away …
    solsikken = row(municipality["by_unit"], "Solsikken")
    assert (solsikken["green"], solsikken["yellow"], solsikken["red"], solsikken["total"]) == (
        None,
        None,
        0,
        30,
    )
    assert municipality["total"]["yellow"] == 13
    # … so Solsikken's own page, for the leader and for the manager, must hide it too.
    for data in (
        client_for(lea).get(API).json(),
        client_for(mads).get(API, {"institution": period.institution.pk}).json(),
    ):
        assert (data["total"]["green"], data["total"]["yellow"], data["total"]["total"]) == (None, None, 30)
        assert data["over_time"][-1]["yellow"] is None
        assert row(data["by_unit"], "Solsikken")["yellow"] is None


def test_a_half_year_still_being_rated_is_marked_as_partial(client_for, mads, ratings, period):
    html = client_for(mads).get(URL).content.decode()
    assert "er ikke afsluttet" in html
    today = timezone.localdate()
    RatingPeriod.objects.filter(pk=period.pk).update(closes_on=today - dt.timedelta(days=1))
    RatingPeriod.objects.filter(institution__name="Sydskolen").update(closes_on=today - dt.timedelta(days=1))
    assert "er ikke afsluttet" not in client_for(mads).get(URL).content.decode()


def test_a_managers_view_of_one_institution_withholds_age_sex_and_movement(
    client_for, mads, lea, ratings, org
):
    """With the municipality's age table and every institution's, a hidden count could be subtracted out."""
    solsikken = org["solsikken"].pk
    managers = client_for(mads).get(API, {"institution": solsikken, "movement": "true"}).json()
    assert managers["by_unit"] and managers["by_age"] == [] and managers["by_sex"] == []
    assert managers["movement"] is None
    page = client_for(mads).get(URL, {"institution": solsikken}).content.decode()
    assert "ses kun af institutionens leder" in page
    leaders = client_for(lea).get(API).json()
    assert leaders["by_age"] and leaders["by_sex"]  # the leader sees her own institution's breakdowns
    municipality = client_for(mads).get(API).json()
    assert municipality["by_age"] and municipality["by_sex"]


def test_a_district_minus_its_other_institutions_never_gives_a_hidden_count(
    client_for, mads, period, school_period, eva, kim, org, municipality
):
    from tidlig.organisation.models import Institution

    tusindfryd = Institution.objects.create(
        municipality=municipality, district=org["nord"], name="Tusindfryd", kind="daycare"
    )
    other = RatingPeriod.objects.create(
        institution=tusindfryd, title="Efterår", opens_on=period.opens_on, closes_on=period.closes_on
    )
    rate(period, ["green"] * 6 + ["yellow"] * 20 + ["red"] * 6, rater=eva)  # Solsikken, Nord
    rate(school_period, ["green"] * 6 + ["yellow"] * 12 + ["red"] * 6, rater=kim)  # Sydskolen, alone in Syd
    rate(other, ["green"] * 20 + ["yellow"] * 2, rater=eva)  # Tusindfryd, Nord: 2 yellow
    institutions = {
        r["label"]: r for r in client_for(mads).get(API, {"level": "institution"}).json()["by_unit"]
    }
    districts = {r["label"]: r for r in client_for(mads).get(API, {"level": "district"}).json()["by_unit"]}
    members = {"Nord": ["Solsikken", "Tusindfryd"], "Syd": ["Sydskolen"]}
    for district, names in members.items():
        for colour in ("green", "yellow", "red", "total"):
            line = [districts[district][colour], *(institutions[n][colour] for n in names)]
            assert sum(v is None for v in line) != 1, (district, colour, line)
    assert institutions["Tusindfryd"]["yellow"] is None
    # Shown numbers are true: a district is the sum of its institutions.
    assert districts["Nord"]["total"] in (None, 54) and districts["Syd"]["total"] in (None, 24)
