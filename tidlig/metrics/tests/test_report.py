"""The committee report as PDF: "Nøgletal for Børne- og Ungeudvalget, 3. kvartal 2026", checked against the
hand-counted municipality of stairs.py (clock 18.11.2026) and notifications counted by hand below."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from conftest import make_staff
from tidlig.intake.models import Channel, Notification
from tidlig.metrics import report
from tidlig.metrics.facts import facts_refresh, history_months
from tidlig.organisation.models import Role
from tidlig.people.models import Child

TITLE = "Nøgletal for Børne- og Ungeudvalget, 3. kvartal 2026"


def text_of(pdf: bytes) -> str:
    """The PDF's text as a reader would copy it, whitespace made single."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def notified(municipality, org, stairs):
    """2. kvt. 2026: 6 notifications about 6 children; 3. kvt. 2026: 8 about 7 children (one twice)."""
    kids = [
        Child.objects.create(
            municipality=municipality, first_name="Zofia", last_name=f"Underretsen{i}",
            birth_date=dt.date(2016, 1, 1), district=org["nord"],
        )
        for i in range(7)
    ]  # fmt: skip
    days = [(kids[i], dt.date(2026, 5, 4 + i)) for i in range(6)]
    days += [(kids[i], dt.date(2026, 8, 3 + i)) for i in range(7)] + [(kids[0], dt.date(2026, 9, 1))]
    for child, day in days:
        Notification.objects.create(
            municipality=municipality, child=child, channel=Channel.RECEPTION, notifier_kind="professional",
            received_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))), text="Bekymring.",
        )  # fmt: skip
    facts_refresh(municipality=municipality, months=history_months(municipality))
    return municipality


@pytest.fixture
def chef(municipality, org):
    return make_staff("chef", Role.MANAGER, municipality, name="Charlotte Chef")


def test_the_report_is_a_pdf_with_the_title_the_figures_and_their_tables(client_for, ann, notified):
    response = client_for(ann).get("/noegletal/rapport.pdf?period=2026-Q3")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="noegletal-udvalg-2026-Q3.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = text_of(response.content)
    assert TITLE in text
    assert "Testrup · Hele kommunen" in text
    for figure in (
        "Underretninger",
        "Fra første underretning til første indsats",
        "Børn på hvert trin ved periodens udgang",
        "Bevægelser på trappen pr. kvartal",
        "Anbragte efter anbringelsessted ved periodens udgang",
        "Udgift pr. måned efter trin (kr.)",
        "Andel af udgiften brugt på forebyggelse",
    ):
        assert figure in text, figure
    # The table under the steps' chart, as the staircase page shows it: 30.09. D 5 at home, N 2 in network
    # care, P 5 in foster care, U 1 in an institution.
    assert "3. kvt. 2026 0 5 < 5 5 < 5 13" in text
    # The charts are vector drawings with their axis labels as text (vl-convert's SVG)
    assert text.count("Kilde: Socialstyrelsens indsatstrappe") >= 2


def test_the_sentences_say_what_moved_from_the_quarter_before(client_for, ann, notified):
    text = text_of(client_for(ann).get("/noegletal/rapport.pdf?period=2026-Q3").content)

    assert "Fra 2. kvartal 2026 til 3. kvartal 2026:" in text
    assert "Antallet af underretninger steg fra 6 til 8." in text
    assert "Antallet af børn, der blev underrettet om steg fra 6 til 7." in text
    # 30.06.: P 5 in foster care and D 5 in an institution; 30.09.: P 5, N 2, U 1
    assert "Antallet af anbragte børn faldt fra 10 til 8." in text
    # 30.06.: 7 at home of 17 measures = 41 %; 30.09.: 5 at home of 13 = 38 %
    assert "Andelen af indsatser, der er forebyggende faldt fra 41 % til 38 %." in text
    # Network care: 0 of 10, then 2 of 8 — the 2 is hidden in the table, so no sentence tells it
    assert "netværkspleje steg" not in text and "netværkspleje faldt" not in text


def test_nobody_is_named_in_the_report(client_for, ann, chef, notified):
    for user in (ann, chef):
        text = text_of(client_for(user).get("/noegletal/rapport.pdf?period=2026-Q3").content)
        for name in ("Trine", "Trappesen", "Zofia", "Underretsen", "Alice", "Bob", "Rådgiver", "Charlotte"):
            assert name not in text


def test_the_default_period_is_the_last_whole_quarter(client_for, chef, notified):
    response = client_for(chef).get("/noegletal/rapport.pdf")

    assert response.status_code == 200
    assert 'filename="noegletal-udvalg-2026-Q3.pdf"' in response["Content-Disposition"]
    page = client_for(chef).get("/noegletal/").content.decode()
    assert 'action="/noegletal/rapport.pdf"' in page
    assert '<option value="2026-Q3" selected>3. kvartal 2026</option>' in page
    assert "Hent rapport som PDF" in page


def test_a_half_year_and_a_year(client_for, chef, notified):
    half = text_of(client_for(chef).get("/noegletal/rapport.pdf?period=2026-H1").content)
    assert "Nøgletal for Børne- og Ungeudvalget, 1. halvår 2026" in half
    assert "Fra 2. halvår 2025 til 1. halvår 2026:" in half
    year = text_of(client_for(chef).get("/noegletal/rapport.pdf?period=2025").content)
    assert "Nøgletal for Børne- og Ungeudvalget, 2025" in year


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-Q4", "Perioden er ikke slut endnu"),
        ("2026-Q5", "Et år har fire kvartaler"),
        ("sidste år", "Skriv perioden som et år"),
        ("1999", "Vælg en periode fra år 2000 eller senere"),
    ],
)
def test_a_period_that_is_not_a_whole_past_one_is_refused_in_danish(
    client_for, chef, notified, value, message
):
    response = client_for(chef).get("/noegletal/rapport.pdf", {"period": value})

    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert message in page
    assert "Hent rapport som PDF" in page  # the picker again, to choose another


def test_periods_count_back_and_end_on_the_right_day():
    q = report.Period("quarter", 2026, 1)
    assert (q.first, q.last, q.shifted(-1).code, q.label()) == (
        dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2025-Q4", "1. kvartal 2026",
    )  # fmt: skip
    h = report.Period("half", 2026, 2)
    assert (h.first, h.last, h.shifted(-1).code, h.shifted(1).code) == (
        dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026-H1", "2027-H1",
    )  # fmt: skip
    assert report.last_full_quarter(dt.date(2026, 1, 1)).code == "2025-Q4"
    assert report.parse_period("2026-H1", dt.date(2026, 7, 1)).code == "2026-H1"
    with pytest.raises(ValidationError):
        report.parse_period("2026-H1", dt.date(2026, 6, 30))  # it ends that day: not whole yet


def test_a_team_leader_gets_the_district_and_team_but_not_the_comparison(client_for, tom, notified):
    response = client_for(tom).get("/noegletal/rapport.pdf?period=2026-Q3")

    assert response.status_code == 200
    text = text_of(response.content)
    assert "Testrup · Nord" in text  # the key figures of the team's district, as on /noegletal/
    assert "Trappen i bevægelse Børn, hvis rådgiver er på Team Nord." in text  # the staircase: the team's
    assert "Sammenlignet med andre kommuner" not in text


def test_managers_and_analysts_get_the_comparison(client_for, chef, notified):
    text = text_of(client_for(chef).get("/noegletal/rapport.pdf?period=2026-Q3").content)
    assert "Sammenlignet med andre kommuner" in text


@pytest.mark.parametrize("persona", ["alice", "rita", "eva"])
def test_others_may_not_have_the_report(client_for, request, notified, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/noegletal/rapport.pdf?period=2026-Q3").status_code == 403
    assert client.get("/noegletal/rapport/?period=2026-Q3").status_code == 403


def test_the_api_twin_gives_the_same_pdf_and_refuses_alike(token_for, ann, alice, notified):
    response = token_for(ann).get("/api/v1/metrics/report.pdf?period=2026-Q3")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert TITLE in text and "Antallet af anbragte børn faldt fra 10 til 8." in text

    late = token_for(ann).get("/api/v1/metrics/report.pdf?period=2026-Q4")
    assert late.status_code == 422
    assert "Perioden er ikke slut endnu" in late.json()["errors"]["period"][0]
    assert token_for(ann).get("/api/v1/metrics/report.pdf?period=2026-Q9").status_code == 422
    assert token_for(alice).get("/api/v1/metrics/report.pdf?period=2026-Q3").status_code == 403


def test_the_report_speaks_english_when_chosen(client_for, ann, notified):
    client = client_for(ann)
    client.post("/sprog/", {"language": "en", "next": "/noegletal/"})

    text = text_of(client.get("/noegletal/rapport.pdf?period=2026-Q3").content)
    assert "Key figures for the Children and Young People Committee, Q3 2026" in text
    assert "The number of notifications rose from 6 to 8." in text
    assert "The number of children in care fell from 10 to 8." in text


def test_the_page_version_is_the_same_document_without_inline_style_or_script(client_for, ann, notified):
    page = client_for(ann).get("/noegletal/rapport/?period=2026-Q3").content.decode()

    assert TITLE in page
    assert '<link rel="stylesheet" href="/static/tidlig/report.css">' in page
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert page.count('<svg role="img"') >= 8


def test_the_stylesheet_is_read_from_disk_and_nothing_else_is_fetched():
    fetcher = report._fetcher()
    css = fetcher.fetch(report.BASE_URL + "static/tidlig/report.css")
    assert b"@page" in css.read()
    for url in (
        "https://example.org/x.css",
        report.BASE_URL + "static/../settings.py",
        report.BASE_URL + "admin/",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_same_report_is_not_rendered_twice_but_new_numbers_are(ann, notified, monkeypatch):
    import weasyprint

    rendered = []
    real = weasyprint.HTML

    def counting(*args, **kwargs):
        rendered.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting)
    report.clear_cache()
    period = report.parse_period("2026-Q3")
    first = report.pdf(report.build(ann, period))
    assert report.pdf(report.build(ann, period)) == first
    assert len(rendered) == 1

    Notification.objects.create(
        municipality=notified, child=Child.objects.filter(last_name="Underretsen1").get(), channel=Channel.RECEPTION,
        notifier_kind="professional", received_at=timezone.make_aware(dt.datetime(2026, 9, 2, 10)), text="Igen.",
    )  # fmt: skip
    facts_refresh(municipality=notified, months=[dt.date(2026, 9, 1)])
    again = report.pdf(report.build(ann, period))
    assert len(rendered) == 2
    assert "Antallet af underretninger steg fra 6 til 9." in text_of(again)


@pytest.fixture
def two_years(municipality, org):
    """Hand-counted: 2024: 10 placements begun (5 children aged 9, 5 aged 14), all ten home on 30.06.2024;
    2025: 10 begun (5 aged 3, 5 aged 8), five of them home on 30.06.2025, five still placed.
    Under 12 at placement: 5 of 10 = 50 % in 2024, 10 of 10 = 100 % in 2025. Hjemgivelser: 10, then 5."""
    from tidlig.interventions.models import Measure, MeasureType

    foster = MeasureType.objects.create(
        municipality=municipality, code="pleje", title="pleje", paragraph="BL", kind="placement", level=5
    )

    def placed(born, start, end):
        child = Child.objects.create(municipality=municipality, birth_date=born, district=org["nord"])
        Measure.objects.create(
            municipality=municipality,
            child=child,
            type=foster,
            decided_on=start,
            started_on=start,
            ended_on=end,
            place_type="43_1",
        )

    for born in [dt.date(2014, 6, 1)] * 5 + [dt.date(2009, 6, 1)] * 5:
        placed(born, dt.date(2024, 2, 1), dt.date(2024, 6, 30))
    for i, born in enumerate([dt.date(2021, 6, 1)] * 5 + [dt.date(2016, 6, 1)] * 5):
        placed(born, dt.date(2025, 2, 1), dt.date(2025, 6, 30) if i % 2 else None)
    facts_refresh(municipality=municipality, months=history_months(municipality))


def test_the_report_says_children_are_placed_younger_and_fewer_go_home(client_for, ann, two_years):
    text = text_of(client_for(ann).get("/noegletal/rapport.pdf?period=2025").content)

    assert (
        "Andelen af nye anbringelser, hvor barnet var under 12 år, steg fra 50 % i 2024 til 100 % i 2025."
        in text
    )
    assert "Antallet af hjemgivelser faldt fra 10 i 2024 til 5 i 2025." in text
