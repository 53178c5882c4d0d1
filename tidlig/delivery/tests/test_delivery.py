"""The yearly data delivery (bek. nr. 662 af 2025) against the hand-made year in conftest.py: the rows
it must hold, the problems per child, who sees what (and that each read of a child is logged), the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import jsonschema_rs
import pytest

from tidlig.audit.models import AuditEntry
from tidlig.delivery import export, selectors
from tidlig.delivery.validate import check_row

PAGE = "/noegletal/indberetning/"


def _rows_by_child(d):
    return {(r["child_id"], r["posttype"]) for r in d.rows}


def test_the_rows_are_the_years_notifications_measures_and_placements(year_2025, ann):
    d = selectors.delivery(ann, 2025, what="test")
    k = {name: c.pk for name, c in year_2025.items()}
    assert _rows_by_child(d) == {
        (k["lukas"], "UND"),
        (k["lukas"], "IND"),
        (k["noah"], "UND"),
        (k["maja"], "ANB"),
        (k["ida"], "ANB"),
        (k["emil"], "IND"),
    }
    assert d.counts == {"UND": 2, "IND": 2, "ANB": 2}
    maja = next(r for r in d.rows if r["child_id"] == k["maja"])
    assert maja["kommunekode"] == "999"
    assert (maja["cpr"], maja["koen"], maja["foedselsdato"]) == ("0102104000", "P", dt.date(2010, 2, 1))
    assert (maja["anbringelsessted"], maja["anbringelsesgrundlag"]) == (
        "23",
        "101",
    )  # almen plejefamilie, samtykke
    assert (maja["afgoerelsesdato"], maja["startdato"], maja["slutdato"]) == (
        dt.date(2025, 5, 1),
        dt.date(2025, 5, 5),
        None,
    )
    ida = next(r for r in d.rows if r["child_id"] == k["ida"])
    assert (ida["anbringelsessted"], ida["anbringelsesgrundlag"]) == ("99", "102")  # uden samtykke
    lukas_und = next(r for r in d.rows if r["child_id"] == k["lukas"] and r["posttype"] == "UND")
    assert (lukas_und["modtaget"], lukas_und["underretter"], lukas_und["lovgrundlag"]) == (
        dt.date(2025, 3, 10),
        "2",
        "BL § 133",
    )


def test_each_child_has_the_problems_made_by_hand(year_2025, ann):
    d = selectors.delivery(ann, 2025, what="test")
    found = {c.child.first_name: {p.rule for _, p in c.problems} for c in d.children.values()}
    assert found == {
        "Lukas": set(),
        "Maja": set(),
        "Noah": {"cpr_missing", "notifier_missing", "sex_unknown"},
        "Ida": {"cpr_birth_date", "date_order", "place_kind"},
        "Emil": {"cpr_invalid", "start_missing"},
    }
    assert d.children_with_errors == 3  # Noah, Ida, Emil; Ida's home kind alone would be a warning


def test_another_year_holds_other_rows(year_2025, ann):
    d = selectors.summary(ann, 2024)
    # 2024: Maja's notification, Lukas' § 30 measure (ended 31.12.2024), Ida's placement (from 01.09.2024)
    assert d.counts == {"UND": 1, "IND": 1, "ANB": 1}


def test_the_analyst_sees_each_child_to_fix_and_each_read_is_logged(year_2025, ann, client_for):
    r = client_for(ann).get(PAGE + "?aar=2025")
    assert r.status_code == 200
    html = r.content.decode()
    # The analyst may not open the child page, so the child is named (with the caseworker who can fix it),
    # not linked: a link the user cannot open is a dead end (tests/e2e/test_personas.py crawls for those).
    assert year_2025["emil"].display_name in html
    assert f'href="/boern/{year_2025["emil"].pk}/"' not in html
    assert "Indsatsen har ingen startdato" in html
    assert f'href="/boern/{year_2025["lukas"].pk}/"' not in html  # nothing to fix for Lukas
    assert 'data-testid="download-csv"' in html
    logged = set(
        AuditEntry.objects.filter(actor=ann, action="people.child.viewed").values_list("child_id", flat=True)
    )
    assert logged == {c.pk for c in year_2025.values()}


def test_the_manager_sees_counts_without_names_and_nothing_is_logged(year_2025, mads, client_for):
    r = client_for(mads).get(PAGE + "?aar=2025")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="no-names"' in html
    assert "Noah" not in html and "download-csv" not in html
    assert "CPR-nummer mangler" in html  # the problem counted, not whose it is
    assert not AuditEntry.objects.filter(actor=mads, action="people.child.viewed").exists()
    assert client_for(mads).get(PAGE + "2025.csv").status_code == 403


@pytest.mark.parametrize("persona", ["alice", "rita", "tom", "eva"])
def test_others_are_refused(year_2025, persona, request, client_for):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(PAGE).status_code == 403
    assert client_for(user).get(PAGE + "2025.csv").status_code == 403
    assert client_for(user).get("/api/v1/delivery/2025").status_code == 403


def test_a_year_not_offered_is_refused_in_danish_without_a_500(year_2025, ann, client_for):
    r = client_for(ann).get(PAGE + "?aar=1999")
    assert r.status_code == 422
    assert "Marker en gyldig valgmulighed" in r.content.decode()
    assert client_for(ann).get(PAGE + "1999.csv").status_code == 404
    assert client_for(ann).get(PAGE + "2025.xml").status_code == 404
    assert client_for(ann).get(PAGE + "?aar=x%00").status_code == 422


def test_the_page_defaults_to_last_year(year_2025, ann, client_for):
    assert "Dataindberetning 2025" in client_for(ann).get(PAGE).content.decode()  # the clock says 2026


def test_the_csv_file_has_one_header_and_one_line_per_row(year_2025, ann, client_for):
    r = client_for(ann).get(PAGE + "2025.csv")
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="dataindberetning-999-2025.csv"'
    lines = list(csv.reader(io.StringIO(r.content.decode()), delimiter=";"))
    assert lines[0] == export.COLUMNS
    rows = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert len(rows) == 6
    maja = next(x for x in rows if x["cpr"] == "0102104000")
    assert maja | {"kilde_id": ""} == {c: "" for c in export.COLUMNS} | {
        "aar": "2025",
        "kommunekode": "999",
        "posttype": "ANB",
        "cpr": "0102104000",
        "koen": "P",
        "foedselsdato": "2010-02-01",
        "ufoedt": "0",
        "lovgrundlag": "BL § 46",
        "indsatskode": "t-anbringelse",
        "afgoerelsesdato": "2025-05-01",
        "startdato": "2025-05-05",
        "anbringelsessted": "23",
        "anbringelsesgrundlag": "101",
    }
    assert AuditEntry.objects.filter(actor=ann, data__view="delivery_file_csv").count() == 5


def test_the_json_file_follows_its_schema(year_2025, ann, client_for):
    r = client_for(ann).get(PAGE + "2025.json")
    doc = json.loads(r.content)
    jsonschema_rs.Draft202012Validator(export.SCHEMA).validate(doc)
    assert doc["metadata"]["counts"] == {"UND": 2, "IND": 2, "ANB": 2}
    assert doc["metadata"]["year"] == 2025 and doc["metadata"]["municipality"] == "999"
    assert doc["metadata"]["errors"] == 6  # Noah 2, Ida 2, Emil 2
    schema = client_for(ann).get(PAGE + "skema.json").json()
    assert schema["properties"]["rows"]["items"]["required"] == export.COLUMNS


def test_the_schema_refuses_a_code_outside_dsts_list(year_2025, ann):
    d = selectors.delivery(ann, 2025, what="test")
    doc = export.json_doc(d, ann)
    doc["rows"][0]["koen"] = "X"
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.Draft202012Validator(export.SCHEMA).validate(doc)


def test_the_api_gives_the_page_counts_and_the_analyst_the_problems(year_2025, ann, mads, client_for):
    s = client_for(mads).get("/api/v1/delivery/2025").json()
    assert (s["notifications"], s["measures"], s["placements"]) == (2, 2, 2)
    assert (s["children"], s["children_with_errors"]) == (5, 3)
    assert {p["rule"]: p["count"] for p in s["problems"]}["date_order"] == 1
    assert client_for(mads).get("/api/v1/delivery/2025/problems").status_code == 403
    problems = client_for(ann).get("/api/v1/delivery/2025/problems").json()
    assert {(p["child_name"], p["rule"]) for p in problems if p["severity"] == "error"} == {
        ("Noah Test", "cpr_missing"),
        ("Noah Test", "notifier_missing"),
        ("Ida Test", "cpr_birth_date"),
        ("Ida Test", "date_order"),
        ("Emil Test", "cpr_invalid"),
        ("Emil Test", "start_missing"),
    }
    rows = client_for(ann).get("/api/v1/delivery/2025/rows?limit=2")
    assert len(rows.json()) == 2 and rows["X-Total-Count"] == "6"
    assert client_for(ann).get("/api/v1/delivery/1999").status_code == 404
    csv_file = client_for(ann).get("/api/v1/delivery/2025/file.csv")
    assert csv_file.content.decode().splitlines()[0] == ";".join(export.COLUMNS)


def test_the_key_figures_page_links_to_the_delivery_for_those_who_may_see_it(year_2025, ann, tom, client_for):
    assert 'href="/noegletal/indberetning/"' in client_for(ann).get("/noegletal/").content.decode()
    assert 'href="/noegletal/indberetning/"' not in client_for(tom).get("/noegletal/").content.decode()


def test_the_page_is_in_english_when_chosen(year_2025, ann, client_for):
    c = client_for(ann)
    c.post("/sprog/", {"language": "en", "next": PAGE})
    html = c.get(PAGE).content.decode()
    assert "Data report 2025" in html and "The measure has no start date" in html


def test_a_childs_own_problem_is_counted_once_however_many_rows(year_2025, ann):
    lukas = year_2025["lukas"]
    lukas.sex = "U"
    lukas.save()
    d = selectors.delivery(ann, 2025, what="test")
    entry = d.children[lukas.pk]
    assert len(entry.rows) == 2
    assert [(row, p.rule) for row, p in entry.problems] == [(None, "sex_unknown")]


def _placement(**kw):
    row = {
        "posttype": "ANB",
        "aar": 2025,
        "kommunekode": "999",
        "kilde_id": "indsats:1",
        "lovgrundlag": "BL § 46",
        "indsatskode": "x",
        "afgoerelsesdato": dt.date(2025, 1, 1),
        "startdato": dt.date(2025, 1, 2),
        "anbringelsessted": "23",
        "anbringelsesgrundlag": "101",
        "foedselsdato": dt.date(2007, 1, 1),
    }
    return {p.rule for p in check_row(row | kw)}


def test_placement_rules():
    assert _placement() == {"age"}  # 18 when placed: a døgnophold under § 9, not a § 8 placement
    born = dt.date(2010, 1, 1)
    assert _placement(foedselsdato=born) == set()
    assert _placement(foedselsdato=born, anbringelsessted="") == {"place_missing"}
    assert _placement(foedselsdato=born, anbringelsessted="42") == {"code"}
    assert _placement(foedselsdato=born, anbringelsesgrundlag="99") == {"basis_missing"}
    assert _placement(foedselsdato=born, slutdato=dt.date(2024, 12, 1)) == {"date_order"}
    assert _placement(foedselsdato=born, indsatskode="") == {"required"}


def test_an_unborn_child_is_reported_without_cpr_and_with_dsts_unborn_code(year_2025, ann, mother, rita):
    from tidlig.delivery.tests.conftest import notify
    from tidlig.people.models import Child

    unborn = Child.objects.create(
        municipality=mother.municipality,
        is_unborn=True,
        expected_birth=dt.date(2026, 1, 10),
        expecting_mother=mother,
    )
    notify(rita, unborn, dt.date(2025, 9, 1), category="4")
    d = selectors.delivery(ann, 2025, what="test")
    row = next(r for r in d.rows if r["child_id"] == unborn.pk)
    assert (row["cpr"], row["koen"], row["ufoedt"]) == ("", "U", True)
    assert d.children[unborn.pk].problems == []
