"""The case page: the child's step and its chart, the sections, who sees what, and that it costs the same
number of queries with 1 measure and note as with 10."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidlig.cases import casework
from tidlig.cases.tests.views_helpers import (
    TODAY,
    base,
    d,
    investigation,
    measure,
    note,
    register,
    section,
    text,
)


def test_the_case_page_shows_the_step_the_chart_and_the_sections(client_for, alice, owned):
    today = TODAY()
    measure(
        owned,
        alice,
        kind="preventive",
        level=2,
        started=today - dt.timedelta(days=200),
        ended=today - dt.timedelta(days=101),
    )
    measure(owned, alice, started=today - dt.timedelta(days=100))
    note(owned, alice, "Ringede til mor om fremmøde.")
    casework.conversation_record(
        child=owned,
        actor=alice,
        held_on=today,
        child_view="Jeg vil gerne bo hjemme.",
        bisidder="Anne Jensen, moster",
    )
    inv = investigation(owned, alice)
    a = casework.assessment_start(child=owned, actor=alice, matters="Fravær i skolen.")

    response = client_for(alice).get(base(owned))

    assert response.status_code == 200
    glance = section(response, "step")
    assert "3" in glance and "Hjemmebaseret / støttende indsats" in glance
    chart = section(response, "step-chart")
    assert "<svg" in chart and "Barnets trin på indsatstrappen over tid" in chart
    assert "6 Anbringelse på institution" in chart and "1 Almen indsats" in chart
    # SVG coordinates are never localised (a Danish decimal comma would break the drawing)
    coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', chart)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates), coordinates
    assert re.fullmatch(r"[MHV0-9.,]+", re.search(r'class="step-chart-line" d="([^"]*)"', chart).group(1))
    table = section(response, "step-table")
    assert d(today - dt.timedelta(days=200)) in table and "2 – Forebyggende indsats" in table
    assert d(today - dt.timedelta(days=100)) in table and "3 – Hjemmebaseret / støttende indsats" in table
    assert "i dag" in table
    page = text(response)
    assert "Journalnotater" in page and "Ringede til mor om fremmøde." in page
    assert "Jeg vil gerne bo hjemme." in page and "bisidder: Anne Jensen, moster" in page
    body = response.content.decode()
    assert f'href="/boern/{owned.pk}/undersoegelse/{inv.pk}/"' in body
    assert f'href="/boern/{owned.pk}/afdaekning/{a.pk}/"' in body
    assert "Skriv journalnotat" in section(response, "case-actions")
    assert "Sag åben" in section(response, "case-state")


def test_a_child_without_measures_is_on_step_1_without_a_chart(client_for, alice, owned):
    response = client_for(alice).get(base(owned))

    assert response.status_code == 200
    assert "Almen indsats" in section(response, "step")
    assert 'data-testid="step-chart-empty"' in response.content.decode()
    assert "<svg" not in section(response, "glance")


def test_a_child_of_10_is_a_party(client_for, alice, owned):
    owned.birth_date = TODAY() - relativedelta(years=11)
    owned.save(update_fields=["birth_date"])

    page = text(client_for(alice).get(base(owned)))

    assert "§ 3: barnet er part i sagen (fyldt 10 år)" in page


def test_a_child_under_10_is_not_a_party_yet(client_for, alice, owned):
    owned.birth_date = TODAY() - relativedelta(years=9)
    owned.save(update_fields=["birth_date"])

    assert "barnet er part i sagen" not in text(client_for(alice).get(base(owned)))


def test_a_placement_reminds_of_siblings_under_15(client_for, alice, owned, sibling):
    measure(owned, alice, kind="placement", level=5, started=TODAY() - dt.timedelta(days=10))

    response = client_for(alice).get(base(owned))

    reminder = section(response, "sibling-reminder")
    assert "§ 21, stk. 2" in reminder and "Ida Jensen" in reminder
    assert "5" in section(response, "step")


def test_without_a_placement_there_is_no_sibling_reminder(client_for, alice, owned, sibling):
    measure(owned, alice, started=TODAY() - dt.timedelta(days=10))

    assert 'data-testid="sibling-reminder"' not in client_for(alice).get(base(owned)).content.decode()


def test_reception_sees_the_intake_parts_but_not_the_case(client_for, rita, alice, owned):
    register(rita, owned)
    note(owned, alice, "Fortroligt om familien.")
    investigation(owned, alice)

    response = client_for(rita).get(base(owned))

    assert response.status_code == 200
    page = text(response)
    assert "Underretninger" in page and "Underretning modtaget" in section(response, "timeline")
    assert "Fortroligt om familien." not in page
    assert "Journalnotat" not in page
    assert "Børnefaglig undersøgelse afsluttet inden 4 måneder" not in page
    assert 'data-testid="step-chart' not in response.content.decode()
    assert 'data-testid="case-actions"' not in response.content.decode()


def test_someone_given_access_sees_the_case_but_cannot_work_on_it(client_for, alice, bob, owned):
    casework.case_grant_access(child=owned, actor=alice, staff=bob, reason="Ferieafløser.")
    note(owned, alice)

    response = client_for(bob).get(base(owned))

    assert response.status_code == 200
    assert "Ringede til mor om fremmøde." in text(response)
    assert 'data-testid="case-actions"' not in response.content.decode()
    assert client_for(bob).get(base(owned) + "notat/ny/").status_code == 403
    assert client_for(alice).get(base(owned) + "notat/ny/").status_code == 200


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga"])
def test_the_case_page_is_need_to_know(client_for, request, alice, owned, persona):
    note(owned, alice)
    assert client_for(request.getfixturevalue(persona)).get(base(owned)).status_code == 404
    assert client_for(alice).get(base(owned)).status_code == 200


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_case_page_costs_the_same_for_1_and_10_measures_and_notes(
    client_for, rita, alice, owned, django_assert_num_queries
):
    today = TODAY()
    register(rita, owned)
    client = client_for(alice)

    def add(i: int) -> None:
        m = measure(
            owned,
            alice,
            kind="supportive" if i % 2 else "preventive",
            level=3 if i % 2 else 2,
            started=today - dt.timedelta(days=300 - 20 * i),
            code=f"t{i}",
        )
        if i % 3 == 0:
            m.ended_on = today - dt.timedelta(days=5)
            m.save(update_fields=["ended_on"])
        note(owned, alice, f"Notat {i}.")
        casework.conversation_record(child=owned, actor=alice, held_on=today, child_view=f"Samtale {i}.")

    add(0)
    casework.assessment_start(child=owned, actor=alice, matters="Fravær.")
    few = queries_for(client, base(owned))
    for i in range(1, 10):
        add(i)

    with django_assert_num_queries(few):  # exactly as many for 10 as for 1
        response = client.get(base(owned))

    assert response.status_code == 200
    assert "Notat 9." in text(response)
