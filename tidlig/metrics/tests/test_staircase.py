"""The staircase in motion and spending, checked against the hand-counted municipality in conftest.py
(the clock stands at 18.11.2026; 3. kvt. 2026 ends 30.09., 2. kvt. 30.06.)."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from openpyxl import load_workbook

from conftest import make_staff
from tidlig.organisation.models import Role

from .stairs import refresh


def table(response, slug: str) -> dict[str, list[str]]:
    """The figure's table as the reader sees it: {first column: [the other cells]}."""
    page = response.content.decode()
    section = re.search(rf'data-testid="figure-{slug}">(.*?)</section>', page, flags=re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", section, flags=re.S).group(1)

    def text(c):
        return html.unescape(re.sub(r"<[^>]+>", "", c)).strip()

    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, flags=re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def agrees(shown: list[str], counted: list[int]) -> bool:
    """Every cell is the hand count, or hidden: "< 5" exactly for 1–4, "x" (hidden to protect) otherwise."""
    return len(shown) == len(counted) and all(
        s == ("< 5" if 1 <= n <= 4 else str(n)) or (s == "x" and not 1 <= n <= 4)
        for s, n in zip(shown, counted, strict=True)
    )


@pytest.fixture
def chef(municipality, org):
    return make_staff("chef", Role.MANAGER, municipality, name="Charlotte Chef")


# ------------------------------------------------------------------------------------------ the staircase


def test_children_on_each_step_at_the_quarters_end(client_for, ann, stairs):
    response = client_for(ann).get("/noegletal/trappen/")

    assert response.status_code == 200
    steps = table(response, "trin")
    # § 30, § 32 at home, network care, foster family, institution, total
    # 30.06.: H 6 + U 1 at home; P 5 in foster care; D 5 in an institution (some hidden with "x": the
    # matrix of 3. kvt. shares these counts as its row totals, and its small counts are protected in both)
    assert agrees(steps["2. kvt. 2026"], [0, 7, 0, 5, 5, 17])
    assert steps["2. kvt. 2026"][1] == "7"
    # 30.09.: D 5 back home with § 32; N 2 in network care; P 5; U 1 in an institution (small: hidden)
    assert steps["3. kvt. 2026"] == ["0", "5", "< 5", "5", "< 5", "13"]
    assert steps["1. kvt. 2026"] == ["0", "0", "0", "5", "5", "10"]


def test_flows_up_down_in_and_out_per_quarter(client_for, ann, stairs):
    response = client_for(ann).get("/noegletal/trappen/")

    flows = table(response, "bevaegelser")
    # In: N 2 (none → network care); up: U 1 (home → institution); down: D 5 (institution → home);
    # out: H 6 (home → no measure).
    assert flows["3. kvt. 2026"] == ["< 5", "< 5", "5", "6"]
    assert flows["1. kvt. 2026"] == ["10", "0", "0", "0"]  # P 5 and D 5 came in
    assert agrees(flows["2. kvt. 2026"], [7, 0, 0, 0])  # H 6 and U 1
    matrix = table(response, "fra-til")
    # From the institution, 5 went home (§ 32); the row's other cells are 0.
    assert agrees(matrix["Institution"], [0, 5, 0, 0, 0, 0, 5])
    assert agrees(matrix["I hjemmet (§ 32)"], [0, 0, 0, 0, 1, 6, 7])
    # Column totals: the steps on 30.09. and the 6 who left; 19 children in all.
    assert matrix["I alt"] == ["0", "5", "< 5", "5", "< 5", "6", "19"]


def test_the_matrix_and_the_steps_hide_the_same_counts(client_for, ann, stairs):
    """The matrix's column totals are the steps at the quarter's end, its row totals those at the end of
    the quarter before: suppressed together, each count is shown in both tables or hidden in both."""
    response = client_for(ann).get("/noegletal/trappen/")

    steps, matrix = table(response, "trin"), table(response, "fra-til")
    assert matrix["I alt"][:5] == steps["3. kvt. 2026"][:5]
    names = ["Forebyggende (§ 30)", "I hjemmet (§ 32)", "Netværkspleje", "Plejefamilie", "Institution"]
    assert [matrix[n][-1] for n in names] == steps["2. kvt. 2026"][:5]
    assert "Fra trin til trin, 3. kvt. 2026" in html.unescape(response.content.decode())


def test_preventive_share_placements_by_type_and_consent(client_for, ann, stairs):
    response = client_for(ann).get("/noegletal/trappen/")

    # 30.06.: 7 measures at home against 10 placements = 7 of 17 = 41 %
    assert table(response, "forebyggende-andel")["2. kvt. 2026"] == ["0", "7", "10", "17", "41 %"]
    # 30.09.: 2 in network care, 5 in a general foster family, 1 in a children's home: 8 placements
    assert table(response, "anbringelser")["3. kvt. 2026"] == ["< 5", "5", "0", "0", "< 5", "0", "0", "8"]
    # one of them without consent (§ 47): hidden, and the 7 with consent too, or 8 − 7 gives it
    assert table(response, "samtykke")["3. kvt. 2026"] == ["x", "< 5", "8"]


def test_age_at_placement_and_homecomings(client_for, ann, stairs):
    response = client_for(ann).get("/noegletal/trappen/")

    # Placements started in 2026: N aged 2, P aged 6, D aged 13, U aged 16 (0–5, 6–11, 12–14, 15–17, 18–22)
    assert table(response, "alder")["2026"] == ["< 5", "5", "5", "< 5", "0", "13"]
    # D's 5 institution placements ended 14.07. and the children went home (§ 32 at home the next day)
    assert table(response, "hjemgivelser")["2026"] == ["5", "0", "5"]


def test_the_period_can_be_a_month_or_a_year(client_for, ann, stairs):
    by_month = table(client_for(ann).get("/noegletal/trappen/?periode=month"), "trin")
    assert by_month["08.2026"] == ["0", "12", "< 5", "x", "0", "19"]  # 31.08.: H 6 + D 5 + U 1 at home
    by_year = table(client_for(ann).get("/noegletal/trappen/?periode=year"), "trin")
    assert by_year["2025"] == ["0", "0", "0", "0", "0", "0"]
    assert by_year["2026"] == ["0", "5", "< 5", "5", "< 5", "13"]  # counted to today


def test_every_figure_names_its_source_and_draws_a_chart(client_for, ann, stairs):
    page = html.unescape(client_for(ann).get("/noegletal/trappen/").content.decode())

    assert "Kilde: Socialstyrelsens indsatstrappe" in page
    assert "Kilde: VIVE: Kommunernes omlægning til en tidligere forebyggende indsats" in page
    assert page.count('<svg role="img"') == 8


def test_a_second_visitor_gets_the_charts_without_building_them(client_for, ann, chef, stairs, monkeypatch):
    """The SVG is cached by the figures' numbers: the second page builds no Altair chart at all (issue 11
    §5: building and validating eight specifications cost 120–145 ms a page even with the SVG cached)."""
    import altair as alt

    first = client_for(ann).get("/noegletal/trappen/").content.decode()
    spending = client_for(chef).get("/noegletal/oekonomi/").content.decode()

    def no_building(*args, **kwargs):
        raise AssertionError("an Altair chart was built for numbers already drawn")

    monkeypatch.setattr(alt.Chart, "__init__", no_building)
    again = client_for(ann).get("/noegletal/trappen/").content.decode()
    assert again.count('<svg role="img"') == 8
    assert again == first.replace(*_csrf(first, again))
    assert client_for(chef).get("/noegletal/oekonomi/").content.decode().count('<svg role="img"') == (
        spending.count('<svg role="img"')
    )


@pytest.mark.parametrize(
    "url", ["/noegletal/trappen/", "/noegletal/trappen/?periode=month", "/noegletal/trappen/?periode=year"]
)
def test_a_second_visitor_gets_the_kept_figures_without_reading_or_drawing_them(
    client_for, ann, chef, stairs, monkeypatch, url
):
    """Issue 11 §5: the figures of a page are kept by the facts' refresh stamp, so a second visitor's page
    reads no fact, builds no table and no chart: the same page, with fewer queries."""
    import altair as alt
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tidlig.metrics import spending, staircase

    reader = client_for(ann)
    reader.get("/")  # the session and the menu warm up
    with CaptureQueriesContext(connection) as first_queries:
        first = reader.get(url).content.decode()
    with CaptureQueriesContext(connection) as again_queries:
        assert reader.get(url).status_code == 200
    assert len(again_queries) < len(first_queries)
    assert "metrics_fact" not in " ".join(q["sql"] for q in again_queries.captured_queries)
    first_spending = client_for(chef).get("/noegletal/oekonomi/").content.decode()

    def refused(*args, **kwargs):
        raise AssertionError("the figures were built again for facts already drawn")

    monkeypatch.setattr(alt.Chart, "__init__", refused)
    monkeypatch.setattr(staircase, "staircase_tables", refused)
    monkeypatch.setattr(spending, "cost_tables", refused)
    again = client_for(ann).get(url).content.decode()  # another session
    assert again.count('<svg role="img"') == 8
    assert again == first.replace(*_csrf(first, again))
    spending_again = client_for(chef).get("/noegletal/oekonomi/").content.decode()
    assert spending_again == first_spending.replace(*_csrf(first_spending, spending_again))


def test_each_period_language_and_team_gets_its_own_kept_figures(client_for, ann, tom, stairs):
    client = client_for(ann)
    by_quarter = table(client.get("/noegletal/trappen/"), "trin")
    by_month = table(client.get("/noegletal/trappen/?periode=month"), "trin")
    assert "3. kvt. 2026" in by_quarter and "10.2026" in by_month
    assert "10.2026" not in by_quarter

    team = table(client_for(tom).get("/noegletal/trappen/"), "trin")
    assert team != by_quarter  # the team's children, not the municipality's kept page

    client.post("/sprog/", {"language": "en", "next": "/noegletal/trappen/"})
    assert "Q3 2026" in table(client.get("/noegletal/trappen/"), "trin")


def _csrf(a: str, b: str) -> tuple[str, str]:
    """The two pages' CSRF tokens (the only thing that differs between two renders of one page)."""
    pattern = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    ta, tb = re.search(pattern, a), re.search(pattern, b)
    return (ta.group(1), tb.group(1)) if ta and tb else ("", "")


# ------------------------------------------------------------------------------------------ spending


def test_cost_per_month_across_a_month_boundary(client_for, chef, stairs):
    response = client_for(chef).get("/noegletal/oekonomi/")

    assert response.status_code == 200
    costs = table(response, "udgift-trin")
    # July 2026: D's institution at 2.000 kr./day for 1.–14.07. = 28.000 × 5 = 140.000;
    # D at home from 15.07. at 24.800 kr./month = 17/31 × 24.800 = 13.600 × 5 = 68.000, plus H 6 × 31.000
    # and U 31.000 = 285.000 at home; P 31 days × 1.000 × 5 = 155.000 in foster care.
    # 580.000 kr. for 19 children aged 0–22 = 30.526 kr. each.
    assert costs["07.2026"] == [
        "0\u00a0kr.",
        "285.000\u00a0kr.",
        "0\u00a0kr.",
        "155.000\u00a0kr.",
        "140.000\u00a0kr.",
        "580.000\u00a0kr.",
        "30.526\u00a0kr.",
        "0",
    ]
    # September has 30 days: the day price gives 30.000 per foster child, the month price a whole month.
    # D 5 × 24.800 = 124.000 at home; N 2 × 10.000 and U 30 × 2.000 (fewer than 5 children: hidden).
    assert costs["09.2026"][:6] == [
        "0\u00a0kr.",
        "124.000\u00a0kr.",
        "< 5",
        "150.000\u00a0kr.",
        "< 5",
        "354.000\u00a0kr.",
    ]


def test_money_spent_on_fewer_than_five_children_is_hidden_with_a_second_amount(client_for, chef, stairs):
    costs = table(client_for(chef).get("/noegletal/oekonomi/"), "udgift-trin")

    # August: N's 20.000 kr. on 2 children is hidden, and the foster care's 155.000 with it, or
    # 516.000 − 341.000 − 0 − 0 would give 20.000 back.
    assert costs["08.2026"][:6] == [
        "0\u00a0kr.",
        "341.000\u00a0kr.",
        "< 5",
        "x",
        "0\u00a0kr.",
        "516.000\u00a0kr.",
    ]


def test_the_share_spent_on_prevention(client_for, chef, stairs):
    share = table(client_for(chef).get("/noegletal/oekonomi/"), "forebyggelse-andel")

    assert share["07.2026"] == ["285.000\u00a0kr.", "295.000\u00a0kr.", "580.000\u00a0kr.", "49 %"]
    # August: the placements' sum would hold the hidden 20.000, so it is hidden; the share is not
    assert share["08.2026"] == ["341.000\u00a0kr.", "x", "516.000\u00a0kr.", "66 %"]


def test_committed_cost_to_new_year(client_for, chef, stairs):
    committed = table(client_for(chef).get("/noegletal/oekonomi/"), "bundet")

    # 19.11.–31.12.: 12 of November's 30 days and all of December.
    # D at home: 12/30 × 24.800 + 24.800 = 34.720 × 5 = 173.600; P: 43 days × 1.000 × 5 = 215.000;
    # N: 2 × (4.000 + 10.000) = 28.000 and U: 43 × 2.000 = 86.000 (hidden: 1–2 children).
    assert committed["I hjemmet (§ 32)"] == ["5", "173.600\u00a0kr."]
    assert committed["Plejefamilie"] == ["5", "215.000\u00a0kr."]
    assert committed["Netværkspleje"] == ["< 5", "< 5"]
    assert committed["I alt"] == ["13", "502.600\u00a0kr."]


def test_the_tables_download_as_csv_and_excel(client_for, chef, stairs):
    client = client_for(chef)

    csv = client.get("/noegletal/oekonomi/bundet.csv").content.decode("utf-8-sig")
    assert "Plejefamilie;5;215000" in csv  # kroner as a number a spreadsheet can add
    book = load_workbook(io.BytesIO(client.get("/noegletal/trappen/alle.xlsx?periode=quarter").content))
    assert len(book.sheetnames) == 8
    sheet = book[book.sheetnames[0]]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert ["3. kvt. 2026", 0, 5, "< 5", 5, "< 5", 13] in rows
    assert client.get("/noegletal/trappen/findes-ikke.csv").status_code == 404


# ------------------------------------------------------------------------------------------ access


def test_a_team_leader_sees_the_team_only(client_for, tom, stairs):
    response = client_for(tom).get("/noegletal/trappen/")

    assert response.status_code == 200
    # Team Nord: alice's P 5 in foster care and N 2 in network care; 2 alone on the line would give the
    # 5 away through the total, so the 5 is hidden too.
    assert table(response, "trin")["3. kvt. 2026"] == ["0", "0", "< 5", "x", "0", "7"]
    spending = client_for(tom).get("/noegletal/oekonomi/")
    assert "Pr. 0–22-årig" not in html.unescape(spending.content.decode())


@pytest.mark.parametrize("persona", ["rita", "alice", "eva", "olga"])
def test_others_may_not_see_the_staircase_or_spending(client_for, request, stairs, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in ("/noegletal/trappen/", "/noegletal/oekonomi/", "/noegletal/oekonomi/bundet.csv"):
        assert client.get(url).status_code == 403


def test_another_municipalitys_analyst_sees_none_of_testrup(client_for, other_municipality, stairs):
    andy = make_staff("andy", Role.ANALYST, other_municipality, name="Andy Andenkommune")

    steps = table(client_for(andy).get("/noegletal/trappen/"), "trin")
    assert steps["3. kvt. 2026"] == ["0", "0", "0", "0", "0", "0"]


def test_nobody_sees_a_name(client_for, ann, chef, stairs):
    for client, url in ((client_for(ann), "/noegletal/trappen/"), (client_for(chef), "/noegletal/oekonomi/")):
        page = client.get(url).content.decode()
        assert "Trappesen" not in page and "Trine" not in page


# ------------------------------------------------------------------------------------------ API twins


def test_the_api_gives_null_and_why_for_hidden_counts(token_for, ann, stairs):
    answer = token_for(ann).get("/api/v1/metrics/staircase?period=quarter").json()

    steps = next(t for t in answer["tables"] if t["slug"] == "trin")
    row = next(r for r in steps["rows"] if r["label"] == "3. kvt. 2026")
    assert row["values"] == [0, 5, None, 5, None, 13]
    assert row["hidden"] == {"Netværkspleje": "small", "Institution": "small"}


def test_the_spending_api_hides_money_like_the_page(token_for, chef, stairs):
    answer = token_for(chef).get("/api/v1/metrics/spending").json()

    costs = next(t for t in answer["tables"] if t["slug"] == "udgift-trin")
    row = next(r for r in costs["rows"] if r["label"] == "08.2026")
    assert row["values"][:6] == [0, 341000, None, None, 0, 516000]
    assert row["hidden"] == {"Netværkspleje": "small", "Plejefamilie": "complementary"}


def test_the_api_refuses_others_and_bad_periods(token_for, alice, ann, stairs):
    assert token_for(alice).get("/api/v1/metrics/staircase").status_code == 403
    assert token_for(alice).get("/api/v1/metrics/spending").status_code == 403
    assert token_for(ann).get("/api/v1/metrics/staircase?period=decade").status_code == 422


def test_a_team_leader_finds_the_staircase_in_the_menu(client_for, tom, stairs):
    page = client_for(tom).get("/", follow=True).content.decode()
    assert 'href="/noegletal/trappen/"' in page


def test_the_staircase_speaks_english_when_chosen(client_for, ann, stairs):
    client = client_for(ann)
    client.post("/sprog/", {"language": "en", "next": "/noegletal/trappen/"})

    response = client.get("/noegletal/trappen/")
    page = html.unescape(response.content.decode())
    assert "The staircase in motion" in page
    assert table(response, "bevaegelser")["Q3 2026"] == ["< 5", "< 5", "5", "6"]


def test_a_screen_reader_hears_the_chart_in_the_chosen_language(client_for, ann, stairs):
    client = client_for(ann)
    danish = html.unescape(client.get("/noegletal/trappen/").content.decode())
    assert 'aria-label="3. kvt. 2026; I hjemmet (§ 32): 5"' in danish
    client.post("/sprog/", {"language": "en", "next": "/noegletal/trappen/"})
    english = html.unescape(client.get("/noegletal/trappen/").content.decode())
    assert 'aria-label="Q3 2026; At home (§ 32): 5"' in english


def test_an_hour_priced_measure_has_no_price_and_is_counted_apart(client_for, chef, stairs):
    """Tidlig records no hours: a § 30 course priced per hour costs nothing here, it is counted apart."""
    from tidlig.interventions.models import Measure, MeasureType
    from tidlig.people.models import Child

    course = MeasureType.objects.create(
        municipality=stairs, code="kursus", title="Forløb", paragraph="BL § 30", kind="preventive", level=2,
        provider="Kursus ApS", unit="hour", unit_price=650,
    )  # fmt: skip
    for child in Child.objects.filter(last_name__in=[f"Trappesen{n}" for n in range(8, 13)]):  # H
        Measure.objects.create(
            municipality=stairs, child=child, type=course, decided_on=dt.date(2026, 10, 1),
            started_on=dt.date(2026, 10, 1),
        )  # fmt: skip
    refresh(stairs)

    response = client_for(chef).get("/noegletal/oekonomi/")

    october = table(response, "udgift-trin")["10.2026"]
    assert october[0] == "0\u00a0kr." and october[-1] == "5"  # § 30: no cost; 5 measures without price
    assert table(response, "bundet")["Forebyggende (§ 30)"] == ["5", "0\u00a0kr."]
