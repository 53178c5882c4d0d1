"""The comparison page, its downloads and its API twins: the municipality beside the country, its peers
and all municipalities ranked (the rank counted by hand in the fixture), Tidlig's own figure, and access."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tidlig.audit.models import AuditEntry
from tidlig.comparison import selectors
from tidlig.comparison.models import ComparisonSetting, DstArea, DstFigure
from tidlig.intake import services as intake
from tidlig.intake.models import Channel
from tidlig.people.models import Child

PAGE = "/noegletal/sammenligning/"

# Spending on prevention (5.28.21), kr. per inhabitant. Highest first, by hand:
# Læsø 2210 (1), København 1567 (2), Herning 1200 and Testrup 1200 (3 and 3), Frederiksberg 900 (5).
PREVENTION_2024 = {"000": 1402, "101": 1567, "147": 900, "657": 1200, "825": 2210, "999": 1200}
PREVENTION_2023 = {"000": 1350, "101": 1500, "147": 880, "657": 1100, "825": 2100, "999": 1150}


@pytest.fixture
def dst(municipality):
    from tidlig.comparison.measures import PREVENTION

    for code, name, dawa in (
        ("000", "Hele landet", ""),
        ("101", "København", "0101"),
        ("147", "Frederiksberg", "0147"),
        ("657", "Herning", "0657"),
        ("825", "Læsø", "0825"),
        ("999", "Testrup", "0999"),  # the test municipality, as if DST knew it
    ):
        DstArea.objects.create(code=code, name=name, dawa_code=dawa)
    now = timezone.now()
    for year, values in (("2023", PREVENTION_2023), ("2024", PREVENTION_2024)):
        for code, v in values.items():
            DstFigure.objects.create(
                table="REGK31",
                area=code,
                period=year,
                measure=PREVENTION.slug,
                selection=PREVENTION.selection,
                value=Decimal(v),
                unit="kr. pr. indbygger",
                fetched_at=now,
                source="test",
                origin="snapshot",
            )


def test_the_rank_is_counted_as_by_hand(dst, municipality):
    c = selectors.comparison(municipality, "forebyggelse")

    assert [(r.code, r.rank) for r in c.ranking] == [
        ("825", 1),
        ("101", 2),
        ("657", 3),
        ("999", 3),
        ("147", 5),
    ]
    assert c.rank.code == "999" and c.rank.rank == 3 and c.count == 5
    assert c.country == 1402 and c.latest == "2024"


def test_the_analyst_sees_the_municipality_beside_the_country_and_all(client_for, ann, dst):
    response = client_for(ann).get(PAGE + "?maal=forebyggelse")

    assert response.status_code == 200
    page = response.content.decode()
    assert "nr. 3 af 5" in page
    assert "1.200" in page and "1.402" in page  # Testrup and Hele landet, Danish number format
    assert "Danmarks Statistik, REGK31, 2024" in page
    assert "<svg" in page  # the charts, inline
    assert "Gem sammenligningen" not in page  # only a manager chooses peers


@pytest.mark.parametrize("path", [PAGE, PAGE + "forebyggelse.csv", PAGE + "forebyggelse.xlsx"])
def test_a_caseworker_is_refused(client_for, alice, dst, path):
    assert client_for(alice).get(path).status_code == 403


def test_the_api_refuses_a_caseworker(token_for, alice, dst):
    client = token_for(alice)
    assert client.get("/api/v1/comparison/measures").status_code == 403
    assert client.get("/api/v1/comparison/measures/forebyggelse/ranking").status_code == 403
    assert (
        client.put("/api/v1/comparison/setting", {"peers": []}, content_type="application/json").status_code
        == 403
    )


def test_csv_and_excel_hold_the_same_table(client_for, ann, dst):
    client = client_for(ann)
    csv = client.get(PAGE + "forebyggelse.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Testrup;1150;1200" in text  # over time: 2023, 2024
    assert "3;999;Testrup;1200" in text  # ranked

    xlsx = client.get(PAGE + "forebyggelse.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    ranked = book.worksheets[1]
    rows = [[c.value for c in r] for r in ranked.iter_rows(min_row=3, max_row=7)]
    assert rows[0] == [1, "825", "Læsø", 2210]
    assert rows[3] == [3, "999", "Testrup", 1200]


def test_an_unknown_download_is_404(client_for, ann, dst):
    assert client_for(ann).get(PAGE + "noget.csv").status_code == 404
    assert client_for(ann).get(PAGE + "forebyggelse.pdf").status_code == 404


def test_a_manager_chooses_the_peers_and_they_are_shown(client_for, mads, ann, dst, municipality):
    response = client_for(mads).post(PAGE + "indstilling/?maal=forebyggelse", {"peers": ["657", "825"]})

    assert response.status_code == 302 and response["Location"].endswith("?maal=forebyggelse")
    setting = ComparisonSetting.objects.get(municipality=municipality)
    assert sorted(setting.peers.values_list("code", flat=True)) == ["657", "825"]
    assert AuditEntry.objects.filter(action="comparison.setting.updated", actor=mads).exists()
    page = client_for(ann).get(PAGE + "?maal=forebyggelse").content.decode()
    assert "Kommunen sammenligner sig med: Herning, Læsø." in page


def test_an_analyst_may_not_choose_and_a_wrong_code_is_refused_in_danish(client_for, mads, ann, dst):
    assert client_for(ann).post(PAGE + "indstilling/", {"peers": ["657"]}).status_code == 403

    response = client_for(mads).post(PAGE + "indstilling/", {"peers": ["657", "123"]})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Marker en gyldig valgmulighed. 123 er ikke en af de tilgængelige valgmuligheder." in page
    assert '<details open data-testid="peers">' in page  # the choice is shown again, with the error


def test_the_api_twins(token_for, mads, dst):
    client = token_for(mads)

    items = client.get("/api/v1/comparison/measures").json()["items"]
    prevention = next(i for i in items if i["slug"] == "forebyggelse")
    assert prevention["rank"] == 3 and prevention["ranked"] == 5 and prevention["latest_year"] == "2024"
    assert Decimal(prevention["value"]) == 1200 and Decimal(prevention["country"]) == 1402

    page = client.get("/api/v1/comparison/measures/forebyggelse/ranking?limit=2&offset=2").json()
    assert page["count"] == 5 and [i["name"] for i in page["items"]] == ["Herning", "Testrup"]
    assert [i["rank"] for i in page["items"]] == [3, 3] and page["items"][1]["marked"]

    saved = client.put("/api/v1/comparison/setting", {"peers": ["101"]}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["peers"] == [{"code": "101", "name": "København"}]
    detail = client.get("/api/v1/comparison/measures/forebyggelse").json()
    assert [s["label"] for s in detail["series"]] == ["Testrup", "Hele landet", "København"]

    wrong = client.put("/api/v1/comparison/setting", {"peers": ["1234"]}, content_type="application/json")
    assert wrong.status_code == 422
    unknown = client.put("/api/v1/comparison/setting", {"peers": ["123"]}, content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["errors"]["peers"] == [
        "Ukendte kommunekoder: 123. Vælg kommunerne på listen."
    ]
    assert client.get("/api/v1/comparison/measures/noget").status_code == 404


def _register(actor, child, received_at):
    data = intake.NotificationData(
        child=child,
        received_at=received_at,
        notifier=intake.NotifierData(
            kind="professional", name="Lærke Lærer", workplace="Skolen", email="l@skole.invalid"
        ),
        text="Bekymring.",
    )
    intake.notification_register(actor=actor, data=data, channel=Channel.RECEPTION)


@pytest.fixture
def register_2025(municipality, rita):
    """20 children aged 0–17 on 1 January 2025 (and one aged 18, not counted); 6 of them were notified in
    2025 (one twice); one more notification in 2026 (not the last full year). By hand: 6 / 20 × 1,000 = 300."""
    kids = [
        Child.objects.create(
            municipality=municipality, first_name=f"Barn{i}", birth_date=dt.date(2008 + i % 16, 3, 1)
        )
        for i in range(20)
    ]
    adult = Child.objects.create(
        municipality=municipality, first_name="Voksen", birth_date=dt.date(2006, 5, 1)
    )
    at = timezone.make_aware(dt.datetime(2025, 3, 10, 10))
    for kid in kids[:6]:
        _register(rita, kid, at)
    _register(rita, kids[0], at + dt.timedelta(days=30))
    _register(rita, kids[10], timezone.make_aware(dt.datetime(2026, 2, 1, 10)))
    _register(rita, adult, at)  # 18 on 1 January 2025: not in the population, but notified
    _run_facts_task(municipality)
    return kids


def _run_facts_task(municipality):
    """What the database worker does after the events: the facts task refreshes the dirty months."""
    from tidlig.metrics.tasks import refresh_dirty_months

    refresh_dirty_months.call(municipality.pk)


def test_tidligs_own_figure_is_counted_as_by_hand(municipality, register_2025):
    from tidlig.comparison.measures import NOTIFIED

    own = selectors.own_figure(municipality, NOTIFIED)

    assert own.year == 2025  # the clock is pinned to 18.11.2026: the last full year
    assert own.population == 20
    assert own.counted == 7  # six children and the 18-year-old: every child notified in the year
    assert own.value == Decimal("350.0")


def test_a_small_own_figure_is_hidden(municipality, rita):
    from tidlig.comparison.measures import NOTIFIED

    kids = [
        Child.objects.create(municipality=municipality, birth_date=dt.date(2015, 1, 1)) for _ in range(12)
    ]
    _register(rita, kids[0], timezone.make_aware(dt.datetime(2025, 5, 1, 10)))
    _run_facts_task(municipality)

    own = selectors.own_figure(municipality, NOTIFIED)
    assert own.value is None and own.counted is None and own.hidden == "small"


def test_a_municipality_dst_does_not_know_is_placed_among_them_by_its_own_figure(
    client_for, municipality, register_2025, ann
):
    from tidlig.comparison.measures import NOTIFIED

    DstArea.objects.create(code="000", name="Hele landet")
    now = timezone.now()
    for code, name, v in (("101", "København", 420), ("657", "Herning", 74)):
        DstArea.objects.create(code=code, name=name, dawa_code="0" + code)
        DstFigure.objects.create(
            table="UND2",
            area=code,
            period="2024",
            measure=NOTIFIED.slug,
            selection=NOTIFIED.selection,
            value=Decimal(v),
            unit="pr. 1.000",
            fetched_at=now,
            source="test",
            origin="snapshot",
        )

    c = selectors.comparison(municipality, NOTIFIED.slug)

    assert c.area is None
    assert [(r.name, r.tidlig) for r in c.ranking] == [
        ("København", False),
        ("Testrup (Tidlig 2025)", True),
        ("Herning", False),
    ]
    page = client_for(ann).get(PAGE).content.decode()
    assert "Danmarks Statistik kender ikke Testrup" in page
    assert "Testrup (Tidlig 2025)" in page


def test_the_page_is_in_english_when_chosen(client_for, ann, dst):
    client = client_for(ann)
    client.post("/sprog/", {"language": "en", "next": PAGE})

    page = client.get(PAGE + "?maal=forebyggelse").content.decode()

    assert "Comparison with other municipalities" in page
    assert "Statistics Denmark, REGK31, 2024" in page and "no. 3 of 5" in page


@pytest.mark.parametrize(
    "body",
    [
        {"peers": ["\x00"]},
        {"peers": "657"},
        {"peers": [657]},
        {"basis": "9999"},
        {"peers": ["657", "12"]},
        [],
    ],
)
def test_bad_input_to_the_setting_is_a_danish_422(token_for, mads, dst, body):
    response = token_for(mads).put("/api/v1/comparison/setting", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_page_costs_the_same_queries_whatever_the_peers(client_for, mads, dst, municipality):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tidlig.comparison import services

    client = client_for(mads)
    services.setting_update(actor=mads, peers=["657"], basis=None)
    client.get(PAGE + "?maal=forebyggelse")  # warm the chart cache
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE + "?maal=forebyggelse")
    services.setting_update(actor=mads, peers=["657", "825", "101", "147"], basis=None)
    with CaptureQueriesContext(connection) as four:
        client.get(PAGE + "?maal=forebyggelse")
    assert len(four) == len(one)


def test_tidligs_own_support_share_is_counted_as_by_hand(municipality):
    """20 children aged 0–17 on 31.12.2025; 5 of them with a measure running that day (one with two), one
    whose measure ended before, one whose measure began after: 5 / 20 = 25.0 %."""
    from tidlig.comparison.measures import SUPPORT
    from tidlig.interventions.models import Measure, MeasureType
    from tidlig.metrics import facts

    kind = MeasureType.objects.get(municipality=None, code="bl32_2")
    kids = [
        Child.objects.create(municipality=municipality, birth_date=dt.date(2010, 6, 1)) for _ in range(20)
    ]

    def measure(kid, start, end=None):
        Measure.objects.create(
            municipality=municipality, child=kid, type=kind, decided_on=start, started_on=start, ended_on=end
        )

    for kid in kids[:5]:
        measure(kid, dt.date(2025, 3, 1))
    measure(kids[0], dt.date(2025, 9, 1))
    measure(kids[5], dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    measure(kids[6], dt.date(2026, 1, 10))
    facts.facts_refresh(municipality=municipality, months=[dt.date(2025, 12, 1)])  # the year's facts

    own = selectors.own_figure(municipality, SUPPORT)
    assert (own.year, own.counted, own.population, own.value) == (2025, 5, 20, Decimal("25.0"))


def test_tidligs_own_figure_is_the_kept_one_until_the_facts_task_runs(municipality, register_2025, rita):
    """The page reads the kept facts, never the notifications: a new notification about a child not yet
    notified in 2025 shows once the facts task has refreshed its month (8 / 20 × 1,000 = 400)."""
    from tidlig.comparison.measures import NOTIFIED

    _register(rita, register_2025[12], timezone.make_aware(dt.datetime(2025, 11, 3, 10)))
    assert selectors.own_figure(municipality, NOTIFIED).value == Decimal("350.0")  # as kept

    _run_facts_task(municipality)
    own = selectors.own_figure(municipality, NOTIFIED)
    assert (own.counted, own.population, own.value) == (8, 20, Decimal("400.0"))


def test_without_kept_facts_there_is_no_own_figure_to_show(municipality, rita):
    from tidlig.comparison.measures import NOTIFIED

    Child.objects.create(municipality=municipality, birth_date=dt.date(2015, 1, 1))
    own = selectors.own_figure(municipality, NOTIFIED)
    assert own.value is None and own.counted is None and own.hidden == "small"


@pytest.mark.parametrize("slug", ["underretninger", "stoette"])
def test_the_page_costs_the_same_queries_whatever_the_number_of_children(
    client_for, ann, municipality, register_2025, rita, slug
):
    """Tidlig's own figure comes from the kept facts: 20 or 120 children, 7 or 57 notified, same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tidlig.comparison.measures import MEASURES

    measure = MEASURES[slug]
    DstArea.objects.create(code="000", name="Hele landet")
    DstArea.objects.create(code="101", name="København", dawa_code="0101")
    for code, v in (("000", 60), ("101", 80)):
        DstFigure.objects.create(
            table=measure.table,
            area=code,
            period="2024",
            measure=measure.slug,
            selection=measure.selection,
            value=Decimal(v),
            unit="pr. 1.000",
            fetched_at=timezone.now(),
            source="test",
            origin="snapshot",
        )
    client = client_for(ann)
    client.get(PAGE + f"?maal={slug}")  # warm the chart cache
    with CaptureQueriesContext(connection) as small:
        first = client.get(PAGE + f"?maal={slug}")
    kids = [
        Child.objects.create(municipality=municipality, birth_date=dt.date(2012, 4, 1)) for _ in range(100)
    ]
    for kid in kids[:50]:
        _register(rita, kid, timezone.make_aware(dt.datetime(2025, 6, 2, 10)))
    _run_facts_task(municipality)
    client.get(PAGE + f"?maal={slug}")
    with CaptureQueriesContext(connection) as large:
        second = client.get(PAGE + f"?maal={slug}")
    assert first.status_code == second.status_code == 200
    assert len(large) == len(small)
    if slug == "underretninger":  # the own figure is on the page, and it moved: 57 / 120 × 1,000 = 475
        assert "350,0" in first.content.decode() and "475,0" in second.content.decode()
