"""What the family sees of a child's case (issue 14 § 2), and what it never sees."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from tidlig.audit.models import AuditEntry
from tidlig.audit.services import citizen_key

from .conftest import YOUNG_CPR
from .helpers import citizen_client

MOTHER_CPR = "0303851234"

pytestmark = pytest.mark.django_db


def test_a_mother_with_custody_sees_the_plan_meetings_decision_letter_and_course(case_file, child, alice):
    page = citizen_client(MOTHER_CPR).get(f"/borger/boern/{child.pk}/").text

    # the caseworker and how to reach them
    assert alice.get_full_name() in page and "72 10 20 30" in page
    # the plan in force with its goals and their status
    assert "Barnets plan" in page and "Lukas kommer i skole hver dag" in page
    assert "I gang" in page and "Nået" in page
    # the next meeting, and the agreements of the held one
    assert "25.11.2026" in page and "Rådhuset, mødelokale 2" in page
    assert "Mor ringer til skolen hver fredag" in page and "01.12.2026" in page
    # the decision made, by the measure's name; never the draft
    assert "Afgørelsen er fra 01.09.2026" in page
    assert "anbringelse" not in page.lower() and "UDKAST" not in page
    # the letter to her, not the one to the father
    assert "Afgørelse om praktisk støtte" in page and "Brev til far" not in page
    # the course and its weeks (started 02.11.2026; 18.11.2026 is in week 3)
    assert "I er i uge 3 af 12" in page


def test_the_meeting_downloads_as_an_ics_event_at_its_time(case_file, child):
    upcoming = case_file["upcoming"]

    r = citizen_client(MOTHER_CPR).get(f"/borger/boern/{child.pk}/moeder/{upcoming.pk}.ics")

    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(r.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == upcoming.starts_at
    assert str(event["location"]) == "Rådhuset, mødelokale 2"
    assert "Lukas" not in r.content.decode()  # an invitation never names the child


def test_the_decision_letter_opens_as_html_and_pdf_and_the_draft_does_not(case_file, child):
    client = citizen_client(MOTHER_CPR)
    made, draft = case_file["made"], case_file["draft"]

    html = client.get(f"/borger/boern/{child.pk}/afgoerelser/{made.pk}/")
    pdf = client.get(f"/borger/boern/{child.pk}/afgoerelser/{made.pk}.pdf")

    assert html.status_code == 200 and "Familien har brug for støtte i hjemmet" in html.text
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/borger/boern/{child.pk}/afgoerelser/{draft.pk}/").status_code == 404
    assert client.get(f"/borger/boern/{child.pk}/afgoerelser/{draft.pk}.pdf").status_code == 404


def test_a_letter_opens_for_its_recipient_only(case_file, child, father):
    mother_client = citizen_client(MOTHER_CPR)
    mine, theirs = case_file["to_mother"], case_file["to_father"]

    r = mother_client.get(f"/borger/boern/{child.pk}/breve/{mine.pk}/")

    assert r.status_code == 200 and "BREV-TIL-METTE" in r.text
    assert '<style nonce="' in r.text  # the letter's own style passes the Content Security Policy
    assert mother_client.get(f"/borger/boern/{child.pk}/breve/{theirs.pk}/").status_code == 404
    assert mother_client.get(f"/borger/boern/{child.pk}/breve/{mine.pk}.pdf").content.startswith(b"%PDF")
    # the father has no custody: no case documents, not even his own letter through this page
    assert citizen_client(father.cpr).get(f"/borger/boern/{child.pk}/breve/{theirs.pk}/").status_code == 404


def test_the_father_without_custody_sees_none_of_the_case(case_file, child, father):
    client = citizen_client(father.cpr)

    page = client.get(f"/borger/boern/{child.pk}/").text

    assert "forældreansvarsloven § 23" in page
    for secret in ("Lukas kommer i skole", "Rådhuset", "Afgørelse", "I er i uge", "Mor ringer"):
        assert secret not in page
    for path in (
        f"moeder/{case_file['upcoming'].pk}.ics",
        f"afgoerelser/{case_file['made'].pk}/",
        f"afgoerelser/{case_file['made'].pk}.pdf",
    ):
        assert client.get(f"/borger/boern/{child.pk}/{path}").status_code == 404, path


def test_another_childs_meeting_or_decision_is_404_even_with_a_childs_id_the_citizen_may_see(
    case_file, child, sibling
):
    client = citizen_client(MOTHER_CPR)

    assert client.get(f"/borger/boern/{sibling.pk}/moeder/{case_file['upcoming'].pk}.ics").status_code == 404
    assert client.get(f"/borger/boern/{sibling.pk}/afgoerelser/{case_file['made'].pk}/").status_code == 404
    assert client.get(f"/borger/boern/{sibling.pk}/breve/{case_file['to_mother'].pk}/").status_code == 404


def test_every_document_read_is_logged_under_the_citizens_key(case_file, child):
    client = citizen_client(MOTHER_CPR)

    client.get(f"/borger/boern/{child.pk}/moeder/{case_file['upcoming'].pk}.ics")
    client.get(f"/borger/boern/{child.pk}/afgoerelser/{case_file['made'].pk}/")
    client.get(f"/borger/boern/{child.pk}/breve/{case_file['to_mother'].pk}/")

    views = set(
        AuditEntry.objects.filter(citizen=citizen_key(MOTHER_CPR), child_id=child.pk).values_list(
            "data__view", flat=True
        )
    )
    assert views == {"family.meeting", "family.decision", "family.letter"}


def test_the_api_gives_the_same_page(case_file, child):
    r = citizen_client(MOTHER_CPR).get(f"/api/v1/family/children/{child.pk}")

    body = r.json()
    assert r.status_code == 200
    assert [g["text"] for g in body["plans"][0]["goals"]] == [
        "Lukas kommer i skole hver dag",
        "Lukas sover otte timer",
    ]
    assert [m["place"] for m in body["next_meetings"]] == ["Rådhuset, mødelokale 2"]
    assert [d["decided_on"] for d in body["decisions"]] == ["2026-09-01"]
    assert [letter["subject"] for letter in body["letters"]] == ["Afgørelse om praktisk støtte"]
    assert body["courses"][0]["week"] == 3


def test_the_young_person_reads_their_own_decision_in_the_letter_written_for_them(young, alice):
    from tidlig.interventions.models import Decision, MeasureType

    decision = Decision.objects.create(
        municipality=young.municipality,
        child=young,
        type=MeasureType.objects.get(code="bl32_2", municipality=None),
        planned_on=young.created_at.date(),
        decided_on=young.created_at.date(),
        decided_by=alice,
        drafted_by=alice,
        purpose="At give Sofie en fast voksen.",
        expected_duration="1 år",
        reasoning="Sofie har bedt om hjælp.",
        consent=True,
    )
    client = citizen_client(YOUNG_CPR)

    page = client.get(f"/borger/boern/{young.pk}/").text
    letter = client.get(f"/borger/boern/{young.pk}/afgoerelser/{decision.pk}/").text

    assert "Min egen sag" in page and "Læs brevet" in page
    assert "du" in letter.lower().split()  # the child's letter says »du«
