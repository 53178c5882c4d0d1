"""Every municipality of the installation on Tidlig's own figure, in one grouped query over the kept facts,
checked against hand-counted municipalities (not against the code's own aggregation)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tidlig.intake.models import Channel, Notification
from tidlig.metrics import facts
from tidlig.metrics.installation import notified_per_1000
from tidlig.organisation.models import Municipality
from tidlig.people.models import Child


def at(y, m, d):
    return timezone.make_aware(dt.datetime(y, m, d, 10))


def town(m: Municipality, *, children: int, notified: list[int], adults: int = 0) -> list[Child]:
    """`children` born 2015 (10 years old in 2025), `adults` born 2000; `notified`: how many notifications
    each of the first children got in 2025 (and child 0 one more in 2024, another year)."""
    kids = [
        Child.objects.create(municipality=m, first_name=f"b{i}", birth_date=dt.date(2015, 6, 1))
        for i in range(children)
    ]
    kids += [
        Child.objects.create(municipality=m, first_name=f"v{i}", birth_date=dt.date(2000, 1, 1))
        for i in range(adults)
    ]
    for child, count in zip(kids, notified, strict=False):
        for k in range(count):
            Notification.objects.create(
                municipality=m,
                child=child,
                received_at=at(2025, 3 + k, 10),
                channel=Channel.RECEPTION,
                notifier_kind="professional",
                text="Bekymring.",
            )
    Notification.objects.create(
        municipality=m,
        child=kids[0],
        received_at=at(2024, 5, 2),
        channel=Channel.RECEPTION,
        notifier_kind="school",
        text="Bekymring.",
    )
    facts.facts_refresh(municipality=m, months=[dt.date(2025, 1, 1), dt.date(2024, 5, 1)])
    return kids


@pytest.fixture
def installation(municipality, other_municipality):
    third = Municipality.objects.create(code="0997", name="Tredjerup")
    # Testrup: 20 children 0–17 (and 2 adults, not counted); 6 of them notified in 2025 (one three times,
    # one twice): 6 / 20 = 300.0 per 1,000.
    town(municipality, children=20, notified=[3, 2, 1, 1, 1, 1], adults=2)
    # Andetrup: 10 children, 5 notified: 5 counted and 5 not, so shown: 500.0 per 1,000.
    town(other_municipality, children=10, notified=[1, 1, 1, 1, 1])
    # Tredjerup: 8 children, 2 notified: fewer than 5, hidden.
    town(third, children=8, notified=[1, 2])
    return municipality, other_municipality, third


def test_every_municipality_of_the_installation_on_one_grouped_query(installation, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = notified_per_1000(year=2025)

    assert [(r.code, r.name, r.counted, r.population, r.per_1000, r.hidden, r.rank) for r in rows] == [
        ("0998", "Andetrup", 5, 10, Decimal("500.0"), None, 1),
        ("0999", "Testrup", 6, 20, Decimal("300.0"), None, 2),
        ("0997", "Tredjerup", None, 8, None, "small", None),
    ]


def test_another_year_counts_its_own_notifications(installation):
    # 2024: one notification in each municipality (child 0), so every rate is hidden as small.
    rows = notified_per_1000(year=2024)

    assert {r.code: (r.counted, r.hidden) for r in rows} == {
        "0999": (None, "small"),
        "0998": (None, "small"),
        "0997": (None, "small"),
    }


def test_the_api_gives_analysts_the_installation_and_refuses_a_caseworker(
    installation, token_for, ann, alice
):
    response = token_for(ann).get("/api/v1/metrics/installation", {"year": 2025})

    assert response.status_code == 200
    assert [(r["code"], r["per_1000"], r["rank"], r["hidden"]) for r in response.json()] == [
        ("0998", 500.0, 1, None),
        ("0999", 300.0, 2, None),
        ("0997", None, None, "small"),
    ]
    assert token_for(alice).get("/api/v1/metrics/installation", {"year": 2025}).status_code == 403
    assert token_for(ann).get("/api/v1/metrics/installation", {"year": "x"}).status_code == 422


PAGE = "/noegletal/kommunerne/"


def test_the_page_ranks_the_municipalities_and_marks_the_readers_own(installation, client_for, ann):
    response = client_for(ann).get(PAGE + "?aar=2025")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Testrup er nr. 2 af 2 kommuner med et tal." in page
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    # By hand: Andetrup 500,0 first, Testrup 300,0 second (marked), Tredjerup hidden (2 of 8: < 5), unranked.
    assert rows.index("Andetrup") < rows.index("Testrup ◀") < rows.index("Tredjerup")
    assert "500,0" in rows and "300,0" in rows and "&lt; 5" in rows
    assert "<svg" in page  # the ranked chart, inline
    assert "«< 5»: færre end 5" in page  # the suppression note explains the mark


def test_a_team_leader_and_a_caseworker_are_refused(installation, client_for, tom, alice):
    assert client_for(tom).get(PAGE).status_code == 403
    assert client_for(alice).get(PAGE).status_code == 403
    assert client_for(alice).get(PAGE.rstrip("/") + ".csv").status_code == 403


def test_the_reader_of_another_municipality_sees_their_own_marked(installation, client_for, olga):
    olga.role = "analyst"
    olga.save(update_fields=["role"])
    page = client_for(olga).get(PAGE + "?aar=2025").content.decode()
    assert "Andetrup ◀" in page and "Testrup ◀" not in page
    assert "Andetrup er nr. 1 af 2 kommuner med et tal." in page


def test_a_year_without_facts_or_a_wrong_year_is_said_in_danish(installation, client_for, ann):
    wrong = client_for(ann).get(PAGE + "?aar=abc")
    assert wrong.status_code == 422
    assert "Vi viser standardåret, fordi:" in wrong.content.decode()
    assert "Testrup er nr. 2" in wrong.content.decode()  # the default year, 2025, is shown all the same


def test_csv_and_excel_hold_the_ranking(installation, client_for, ann):
    import io

    from openpyxl import load_workbook

    client = client_for(ann)
    text = client.get("/noegletal/kommunerne.csv?aar=2025").content.decode("utf-8-sig")
    assert "1;0998;Andetrup;5;10;500.0;" in text or "1;0998;Andetrup;5;10;500,0;" in text
    assert ";0997;Tredjerup;< 5;8;–;" in text
    book = load_workbook(io.BytesIO(client.get("/noegletal/kommunerne.xlsx?aar=2025").content))
    rows = [[c.value for c in r] for r in book.worksheets[0].iter_rows() if r[1].value == "0999"]
    assert rows == [[2, "0999", "Testrup", 6, 20, 300.0, "◀"]]


def test_the_page_costs_the_same_queries_whatever_the_number_of_municipalities(installation, client_for, ann):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ann)
    client.get(PAGE + "?aar=2025")
    with CaptureQueriesContext(connection) as three:
        client.get(PAGE + "?aar=2025")
    for i in range(4):
        town(Municipality.objects.create(code=f"098{i}", name=f"Ekstra{i}"), children=12, notified=[1] * 6)
    client.get(PAGE + "?aar=2025")
    with CaptureQueriesContext(connection) as seven:
        page = client.get(PAGE + "?aar=2025").content.decode()
    assert "Ekstra3" in page
    assert len(seven) == len(three)


def test_the_comparison_page_links_to_the_installation(installation, client_for, ann):
    page = client_for(ann).get("/noegletal/sammenligning/").content.decode()
    assert 'href="/noegletal/kommunerne/"' in page
