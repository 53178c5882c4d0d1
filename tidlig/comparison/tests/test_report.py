"""The comparison's section of the committee report: the page's figure over time and the rank among all
municipalities, counted by hand (the fixture of test_views.py: Testrup 3rd of 5 on prevention in 2024)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from tidlig.comparison.models import DstArea, DstFigure
from tidlig.comparison.report import committee_section, rank_sentence


@pytest.fixture
def dst(municipality):
    from tidlig.comparison.measures import PREVENTION

    for code, name, dawa in (
        ("000", "Hele landet", ""),
        ("101", "København", "0101"),
        ("657", "Herning", "0657"),
        ("825", "Læsø", "0825"),
        ("999", "Testrup", "0999"),
    ):
        DstArea.objects.create(code=code, name=name, dawa_code=dawa)
    # 2024, highest first: Læsø 2210 (1), København 1567 (2), Testrup 1300 (3), Herning 1200 (4)
    for code, v in {"000": 1402, "101": 1567, "657": 1200, "825": 2210, "999": 1300}.items():
        DstFigure.objects.create(
            table="REGK31", area=code, period="2024", measure=PREVENTION.slug, selection=PREVENTION.selection,
            value=Decimal(v), unit="kr. pr. indbygger", fetched_at=timezone.now(), source="test", origin="snapshot",
        )  # fmt: skip


def test_the_rank_in_words():
    with translation.override("da"):
        assert rank_sentence("Testrup", 12, 98, "2024", "børn med underretninger pr. 1.000 0–17-årige") == (
            "Testrup er nr. 12 af 98 kommuner i 2024: børn med underretninger pr. 1.000 0–17-årige."
        )
        assert rank_sentence("Demokommune", None, 98, "2024", "x") is None  # DST does not rank it
    with translation.override("en"):
        assert (
            rank_sentence("Testrup", 3, 4, "2024", "x") == "Testrup ranks 3 of 4 municipalities in 2024: x."
        )


def test_the_section_has_the_pages_figure_and_the_rank(dst, ann):
    with translation.override("da"):
        section = committee_section(ann)

    assert section.title == "Sammenlignet med andre kommuner"
    assert [f.slug for f in section.figures] == ["forebyggelse-over-tid"]
    assert section.sentences == [
        "Testrup er nr. 3 af 4 kommuner i 2024: udgifter til forebyggende indsatser pr. indbygger (5.28.21)."
    ]


def test_a_team_leader_gets_no_comparison(dst, tom):
    assert committee_section(tom) is None


def test_the_committee_pdf_carries_the_comparison(dst, client_for, ann):
    response = client_for(ann).get("/noegletal/rapport.pdf?period=2026-Q3")

    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    )
    assert "Udgifter til forebyggende indsatser pr. indbygger (5.28.21) over tid" in text
    assert "Testrup er nr. 3 af 4 kommuner i 2024" in text
