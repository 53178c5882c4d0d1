"""The staircase and spending pages read kept facts: a measure started or ended through the services marks
its months dirty, the refresh keeps the new figures, and the pages show them; the pages' query counts do
not grow with the number of measures. Expected numbers are counted by hand from stairs.py (the clock
stands at 18.11.2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_staff
from tidlig.core import charts
from tidlig.interventions.models import Measure, MeasureType
from tidlig.interventions.services.measures import measure_end, measure_start
from tidlig.metrics import facts
from tidlig.metrics.models import DirtyMonth
from tidlig.organisation.models import Role
from tidlig.people.models import Child

from .stairs import refresh
from .test_staircase import table

D = dt.date
KR = "\u00a0kr."


@pytest.fixture
def chef(municipality, org):
    return make_staff("chef", Role.MANAGER, municipality, name="Charlotte Chef")


def group(municipality, first: int, last: int):
    """Children of stairs.py by their number: P 1–5, N 6–7, H 8–13, D 14–18, U 19."""
    names = [f"Trappesen{n}" for n in range(first, last + 1)]
    return list(Child.objects.filter(municipality=municipality, last_name__in=names).order_by("pk"))


def test_an_ended_measure_changes_every_month_from_its_end_once_refreshed(client_for, ann, chef, bob, stairs):
    client = client_for(ann)
    assert table(client.get("/noegletal/trappen/?periode=month"), "trin")["10.2026"] == [
        "0",
        "5",
        "< 5",
        "5",
        "< 5",
        "13",
    ]
    assert table(client_for(chef).get("/noegletal/oekonomi/"), "udgift-trin")["10.2026"][1] == "124.000" + KR

    # D's five § 32 measures at home ended on 30.09., recorded today (18.11.).
    for child in group(stairs, 14, 18):
        m = Measure.objects.get(child=child, ended_on__isnull=True)
        measure_end(measure=m, actor=bob, ended_on=D(2026, 9, 30), reason="Målet er nået.")

    # September, October (in between) and November are marked; the page still shows the kept figures.
    marked = set(DirtyMonth.objects.filter(municipality=stairs).values_list("month", flat=True))
    assert marked == {D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)}
    assert table(client.get("/noegletal/trappen/?periode=month"), "trin")["10.2026"][1] == "5"

    facts.refresh_dirty(municipality=stairs)

    by_month = table(client.get("/noegletal/trappen/?periode=month"), "trin")
    assert by_month["09.2026"] == ["0", "5", "< 5", "5", "< 5", "13"]  # the end day still counts
    assert by_month["10.2026"] == ["0", "0", "< 5", "5", "< 5", "8"]  # P 5, N 2, U 1
    by_quarter = client.get("/noegletal/trappen/")
    assert table(by_quarter, "bevaegelser")["4. kvt. 2026"] == ["0", "0", "0", "5"]  # D 5 out
    spending = client_for(chef).get("/noegletal/oekonomi/")
    assert table(spending, "udgift-trin")["10.2026"][1] == "0" + KR
    # September: still D 5 × 24.800 at home.
    assert table(spending, "udgift-trin")["09.2026"][1] == "124.000" + KR
    # Committed: nothing at home any more; P 215.000 + N 28.000 + U 86.000 = 329.000.
    committed = table(spending, "bundet")
    assert committed["I hjemmet (§ 32)"] == ["0", "0" + KR]
    assert committed["I alt"] == ["8", "329.000" + KR]


def test_a_started_measure_is_on_the_staircase_and_costs_once_refreshed(client_for, ann, chef, bob, stairs):
    foster = MeasureType.objects.get(municipality=stairs, code="pleje")  # 1.000 kr. a day
    # H's six children: foster care decided 25.09., started 01.10. (recorded today).
    for child in group(stairs, 8, 13):
        m = Measure.objects.create(
            municipality=stairs, child=child, type=foster, decided_on=D(2026, 9, 25),
            monthly_cost=Decimal("30400"), place_type="43_1",
        )  # fmt: skip
        measure_start(measure=m, actor=bob, started_on=D(2026, 10, 1))
    facts.refresh_dirty(municipality=stairs)

    response = client_for(ann).get("/noegletal/trappen/")
    # 18.11.: P 5 + H 6 in foster care; D 5 at home; N 2; U 1.
    assert table(response, "trin")["4. kvt. 2026"] == ["0", "5", "< 5", "11", "< 5", "19"]
    assert table(response, "bevaegelser")["4. kvt. 2026"] == ["6", "0", "0", "0"]  # H 6 came in
    # October: P 5 and H 6 × 31 days × 1.000 = 341.000 in foster care.
    spending = client_for(chef).get("/noegletal/oekonomi/")
    assert table(spending, "udgift-trin")["10.2026"][3] == "341.000" + KR
    # Committed: P and H, 11 × 43 days × 1.000 = 473.000.
    assert table(spending, "bundet")["Plejefamilie"] == ["11", "473.000" + KR]


def test_a_refresh_at_the_same_moment_still_replaces_the_kept_figures(client_for, ann, chef, bob, stairs):
    """The pages keep their figures by the refresh's stamp, not its time: a refresh within the same moment
    (the clock's resolution, a pinned clock) must not leave a reader looking at yesterday's charts."""
    from tidlig.metrics.models import Refresh

    client = client_for(ann)
    assert table(client.get("/noegletal/trappen/?periode=month"), "trin")["10.2026"][1] == "5"
    assert table(client_for(chef).get("/noegletal/oekonomi/"), "udgift-trin")["10.2026"][1] == "124.000" + KR
    at = Refresh.objects.get(municipality=stairs).refreshed_at

    for child in group(stairs, 14, 18):
        m = Measure.objects.get(child=child, ended_on__isnull=True)
        measure_end(measure=m, actor=bob, ended_on=D(2026, 9, 30), reason="Målet er nået.")
    facts.refresh_dirty(municipality=stairs, now=at)
    assert Refresh.objects.get(municipality=stairs).refreshed_at == at

    assert table(client.get("/noegletal/trappen/?periode=month"), "trin")["10.2026"][1] == "0"
    assert table(client_for(chef).get("/noegletal/oekonomi/"), "udgift-trin")["10.2026"][1] == "0" + KR


def test_the_committed_cost_is_as_of_the_last_refresh_and_says_so(client_for, chef, stairs):
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC), tick=False):
        page = client_for(chef).get("/noegletal/oekonomi/").content.decode()
        committed = table_from(page, "bundet")

    # December not refreshed yet: the committed cost computed on 18.11. is shown, dated.
    assert "19.11.–31.12.2026" in page
    assert "Tallene er opdateret 18.11.2026 10:00." in page
    assert committed["I alt"] == ["13", "502.600" + KR]


def table_from(page: str, slug: str):
    class Response:
        content = page.encode()

    return table(Response, slug)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    # Kept facts only: the page never reads the measures (nor the children register) itself.
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "interventions_measure" not in tables and "people_child" not in tables
    return len(ctx)


@pytest.mark.parametrize("url", ["/noegletal/trappen/", "/noegletal/oekonomi/"])
def test_the_pages_query_count_does_not_grow_with_the_measures(client_for, ann, chef, alice, stairs, url):
    client = client_for(chef if "oekonomi" in url else ann)
    _queries(client, url)  # the session and the menu warm up
    charts.clear_cache()  # the figures are read and drawn, not the page kept by the first request
    before = _queries(client, url)

    home = MeasureType.objects.get(municipality=stairs, code="hjem")
    for n in range(40):
        child = Child.objects.create(
            municipality=stairs, first_name="Trine", last_name=f"Mange{n}", birth_date=D(2016, 1, 1),
            caseworker=alice,
        )  # fmt: skip
        Measure.objects.create(
            municipality=stairs, child=child, type=home, decided_on=D(2026, 2, 1), started_on=D(2026, 2, 1),
            monthly_cost=Decimal("31000"),
        )  # fmt: skip
    refresh(stairs)

    assert _queries(client, url) == before  # a new refresh stamp: the figures are read anew
    assert before <= 20
