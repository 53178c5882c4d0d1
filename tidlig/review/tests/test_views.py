"""The review pages and their API twins: draw → answer → results, the findings list, exports, and access."""

import io

import pytest
from openpyxl import load_workbook

from tidlig.review.models import Review, ReviewAnswer

from .conftest import END, START

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _draw_api(client, **kw):
    body = {
        "title": "H1 2026",
        "period_start": START.isoformat(),
        "period_end": END.isoformat(),
        "size": 26,
        "seed": 7,
        **kw,
    }
    return client.post(f"{API}/reviews", body, content_type="application/json")


def test_draw_answer_results_through_the_pages(karen, cases, client_for):
    c = client_for(karen)
    assert "Træk en stikprøve" in c.get("/sagsgennemgang/").content.decode()
    r = c.post(
        "/sagsgennemgang/traek/",
        {
            "title": "Forår",
            "period_start": "01.01.2026",
            "period_end": "30.06.2026",
            "size": "26",
            "seed": "5",
        },
    )
    review = Review.objects.get()
    assert r.status_code == 302 and r.url == f"/sagsgennemgang/{review.pk}/"
    page = c.get(r.url).content.decode()
    assert "Barn3 Prøvesen" in page and "frø 5" in page
    row = ReviewAnswer.objects.get(case__child=cases["missed"], checkpoint="followup")
    case_page = c.get(f"/sagsgennemgang/sag/{row.case_id}/").content.decode()
    assert "Ikke overholdt" in case_page and "frist 01.04.2026" in case_page
    # Overriding without a reason: refused in Danish, the choice kept.
    bad = c.post(f"/sagsgennemgang/svar/{row.pk}/", {f"a{row.pk}-answer": "met", f"a{row.pk}-reason": ""})
    assert bad.status_code == 422
    assert "Skriv hvorfor du ændrer Tidligs svar." in bad.content.decode()
    ok = c.post(
        f"/sagsgennemgang/svar/{row.pk}/", {f"a{row.pk}-answer": "met", f"a{row.pk}-reason": "Holdt."}
    )
    assert ok.status_code == 302
    results = c.get(f"/sagsgennemgang/{review.pk}/resultater/").content.decode()
    assert "Opfølgning inden 3 måneder" in results and "44 % → 50 % → 75 %" in results


def test_draw_form_errors_in_one_round(karen, cases, client_for):
    r = client_for(karen).post(
        "/sagsgennemgang/traek/",
        {"title": "", "period_start": "30.06.2026", "period_end": "01.01.2026", "size": "0"},
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "30.06.2026" in html  # what was typed is kept
    assert not Review.objects.exists()


def test_exports(karen, cases, client_for):
    c = client_for(karen)
    _draw_api(c)
    review = Review.objects.get()
    xlsx = c.get(f"/sagsgennemgang/{review.pk}/resultater.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    titles = [row[0].value for row in sheet.iter_rows()]
    assert "Underretningen vurderet inden 24 timer" in titles
    pdf = c.get(f"/sagsgennemgang/{review.pk}/resultater.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert c.get(f"/sagsgennemgang/{review.pk}/resultater.csv").status_code == 404


def test_api_twins(karen, cases, client_for):
    c = client_for(karen)
    r = _draw_api(c)
    assert r.status_code == 201, r.content
    review_id = r.json()["id"]
    listed = c.get(f"{API}/reviews/{review_id}/cases")
    assert listed["X-Total-Count"] == "4"
    case_id = next(x["id"] for x in listed.json() if x["child_id"] == cases["late"].pk)
    detail = c.get(f"{API}/review-cases/{case_id}").json()
    inv = next(a for a in detail["answers"] if a["checkpoint"] == "investigation_in_time")
    assert inv["derived"] == "met_late" and inv["evidence"][0]["due"] == "2026-03-02"
    refused = c.put(f"{API}/review-answers/{inv['id']}", {"answer": "met"}, content_type="application/json")
    assert refused.status_code == 422
    done = c.put(
        f"{API}/review-answers/{inv['id']}",
        {"answer": "met_late", "reason": ""},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["answer"] == "met_late"
    results = c.get(f"{API}/reviews/{review_id}/results").json()
    row = next(x for x in results if x["checkpoint"] == "investigation_in_time")
    assert (row["n"], row["kept"], row["late"]) == (1, 0, 1)
    assert row["ci_low"] == 0 and round(row["ci_high"], 4) == 0.7935  # Wilson 0 of 1
    sent = c.post(
        f"{API}/review-cases/{case_id}/findings", {"findings": "For sent."}, content_type="application/json"
    )
    assert sent.status_code == 200 and sent.json()["findings_sent_at"]


def test_team_leader_sees_own_teams_findings_only(karen, tom, cases, client_for):
    c = client_for(karen)
    review_id = _draw_api(c).json()["id"]
    for child in (cases["late"], cases["missed"]):
        case_id = next(
            x["id"] for x in c.get(f"{API}/reviews/{review_id}/cases").json() if x["child_id"] == child.pk
        )
        c.post(
            f"{API}/review-cases/{case_id}/findings",
            {"findings": f"Fund om {child}"},
            content_type="application/json",
        )
    t = client_for(tom)
    page = t.get("/sagsgennemgang/fund/").content.decode()
    assert "Fund om Barn2 Prøvesen" in page and "Barn3" not in page
    # Beside the words: the checkpoint that was not kept (the investigation concluded late).
    assert "Undersøgelsen afsluttet inden 4 måneder (overholdt for sent)" in page
    listed = t.get(f"{API}/review-findings").json()
    assert [x["child_id"] for x in listed] == [cases["late"].pk]
    assert listed[0]["not_kept"] == [
        {
            "checkpoint": "investigation_in_time",
            "title": "Undersøgelsen afsluttet inden 4 måneder",
            "answer": "met_late",
        }
    ]
    # The team leader cannot see the review itself.
    assert t.get(f"/sagsgennemgang/{review_id}/").status_code == 403


@pytest.mark.parametrize("who", ["alice", "ann", "tom"])
def test_only_the_quality_role_reviews(who, request, karen, cases, client_for):
    c = client_for(request.getfixturevalue(who))
    assert c.get("/sagsgennemgang/").status_code == 403
    assert _draw_api(c).status_code == 403
    assert c.get(f"{API}/reviews").status_code == 403


def test_caseworker_gets_no_findings_list(alice, client_for):
    c = client_for(alice)
    assert c.get("/sagsgennemgang/fund/").status_code == 403
    assert c.get(f"{API}/review-findings").status_code == 403


def test_another_municipality_sees_nothing(karen, quentin, cases, client_for):
    review_id = _draw_api(client_for(karen)).json()["id"]
    q = client_for(quentin)
    assert q.get(f"/sagsgennemgang/{review_id}/").status_code == 404
    assert q.get(f"{API}/reviews/{review_id}/cases").status_code == 404
    assert q.get(f"{API}/reviews").json() == []


def test_results_page_and_both_exports_show_the_previous_review(karen, cases, client_for, clock):
    """A previous review's share (n) stands beside this one's on the page, in Excel and in the PDF."""
    import datetime as dt

    from pypdf import PdfReader

    from tidlig.review import services

    c = client_for(karen)
    first = Review.objects.get(pk=_draw_api(c, title="Forrige gennemgang").json()["id"])
    missed = ReviewAnswer.objects.get(case__review=first, case__child=cases["missed"], checkpoint="followup")
    services.answer_set(actor=karen, answer=missed, value="met", reason="Holdt, journaliseret som notat.")
    clock.shift(dt.timedelta(minutes=5))
    second = Review.objects.get(pk=_draw_api(c, title="Denne gennemgang").json()["id"])

    page = c.get(f"/sagsgennemgang/{second.pk}/resultater/").content.decode()
    row = page.split('data-code="followup"')[1].split("</tr>")[0]
    assert "0 %" in row and "100 % (n = 1)" in row  # this review: not met; the previous: overridden to met
    assert "Forrige gennemgang" in page
    api = next(x for x in c.get(f"{API}/reviews/{second.pk}/results").json() if x["checkpoint"] == "followup")
    assert (api["n"], api["share"]) == (1, 0)
    assert api["previous"] == [{"review_id": first.pk, "title": "Forrige gennemgang", "n": 1, "share": 1.0}]

    sheet = load_workbook(io.BytesIO(c.get(f"/sagsgennemgang/{second.pk}/resultater.xlsx").content)).active
    rows = [[cell.value for cell in r] for r in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "Kontrolpunkt")
    col = next(i for i, v in enumerate(header) if v and v.startswith("Forrige gennemgang"))
    followup = next(r for r in rows if r[0] == "Opfølgning inden 3 måneder")
    assert followup[col] == "100 % (n = 1)"

    pdf = c.get(f"/sagsgennemgang/{second.pk}/resultater.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Forrige gennemgang" in text and "100 % (n = 1)" in text


def test_evidence_names_the_event_that_met_the_deadline(karen, alice, cases, client_for):
    """The evidence is the event, its date and the deadline: the timeline event recorded when the late
    investigation was concluded stands beside «frist 02.03.2026, sket 20.03.2026»."""
    from tidlig.timeline.models import Obligation
    from tidlig.timeline.services import event_record

    late = Obligation.objects.get(child=cases["late"], code="investigation")
    event_record(
        child=cases["late"],
        kind="cases.investigation.concluded",
        occurred_at=late.met_at,
        actor=alice,
        summary="Børnefaglig undersøgelse afsluttet",
        source="test",
        source_id=2,
    )
    c = client_for(karen)
    review_id = _draw_api(c).json()["id"]
    case_id = next(
        x["id"] for x in c.get(f"{API}/reviews/{review_id}/cases").json() if x["child_id"] == cases["late"].pk
    )
    page = c.get(f"/sagsgennemgang/sag/{case_id}/").content.decode()
    block = page.split('data-testid="cp-investigation_in_time"')[1].split('data-testid="cp-')[0]
    assert "frist 02.03.2026" in block and "sket 20.03.2026" in block
    assert "– Børnefaglig undersøgelse afsluttet" in block
