"""The committee report's sentences: which way a number moved, in words, and never a hidden number."""

from __future__ import annotations

import pytest
from django.utils import translation

from tidlig.metrics import report_text as t


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def test_a_count_that_rose_fell_or_stood_still():
    assert t.count_change("Antallet af underretninger", 310, 342) == (
        "Antallet af underretninger steg fra 310 til 342."
    )
    assert t.count_change("Antallet af underretninger", 1342, 1310) == (
        "Antallet af underretninger faldt fra 1.342 til 1.310."
    )
    assert (
        t.count_change("Antallet af underretninger", 12, 12)
        == "Antallet af underretninger var uændret på 12."
    )


def test_days_carry_their_unit():
    said = t.count_change("Mediantiden", 40, 35, unit="dage")
    assert said == "Mediantiden faldt fra 40\u00a0dage til 35\u00a0dage."


def test_a_share_of_counts_in_whole_per_cent():
    # 6 of 50 = 12 %, 9 of 60 = 15 %
    assert t.share_change("Andelen af anbragte i netværkspleje", 6, 50, 9, 60) == (
        "Andelen af anbragte i netværkspleje steg fra 12\u00a0% til 15\u00a0%."
    )
    # 10 of 40 = 25 %, 5 of 25 = 20 %
    assert t.share_change("Andelen", 10, 40, 5, 25) == "Andelen faldt fra 25\u00a0% til 20\u00a0%."
    # 5 of 40 = 12.5 % → 12 %, 6 of 50 = 12 %: the reader sees no change, and the text says none
    assert t.share_change("Andelen", 5, 40, 6, 50) == "Andelen var uændret på 12\u00a0%."


@pytest.mark.parametrize(
    ("before", "after"),
    [(3, 40), (40, 4), (1, 1), (None, 40), (40, None)],
    ids=["small-before", "small-after", "both-small", "hidden-before", "hidden-after"],
)
def test_a_small_or_hidden_count_is_never_said(before, after):
    assert t.count_change("Antallet af anbragte børn", before, after) is None


@pytest.mark.parametrize(
    "values",
    [(3, 50, 9, 60), (6, 4, 9, 60), (6, 50, None, 60), (6, 50, 9, None), (6, 0, 9, 60)],
    ids=["small-part", "small-whole", "hidden-part", "hidden-whole", "no-whole"],
)
def test_a_share_of_a_small_or_hidden_count_is_never_said(values):
    assert t.share_change("Andelen af anbragte i netværkspleje", *values) is None


def test_a_share_the_table_does_not_show_is_not_said():
    assert t.percent_change("Andelen af indsatser, der er forebyggende", None, 41) is None
    assert t.percent_change("Andelen af indsatser, der er forebyggende", 38, 41) == (
        "Andelen af indsatser, der er forebyggende steg fra 38\u00a0% til 41\u00a0%."
    )


def test_the_sentences_speak_english_when_chosen():
    with translation.override("en"):
        assert t.count_change("The number of notifications", 310, 342) == (
            "The number of notifications rose from 310 to 342."
        )
        assert t.percent_change("The share", 15, 12) == "The share fell from 15\u00a0% to 12\u00a0%."


def test_a_change_over_the_years_names_them():
    assert t.count_change_years("Antallet af hjemgivelser", ("2022", 61), ("2025", 23)) == (
        "Antallet af hjemgivelser faldt fra 61 i 2022 til 23 i 2025."
    )
    # 20 of 50 = 40 %; 31 of 50 = 62 %
    assert t.share_change_years(
        "Andelen af nye anbringelser, hvor barnet var under 12 år,", ("2022", 20, 50), ("2025", 31, 50)
    ) == (
        "Andelen af nye anbringelser, hvor barnet var under 12 år, steg fra 40\u00a0% i 2022 til 62\u00a0% i 2025."
    )


def test_a_change_over_the_years_says_no_small_or_hidden_number():
    assert t.count_change_years("Antallet af hjemgivelser", ("2022", 4), ("2025", 23)) is None
    assert t.count_change_years("Antallet af hjemgivelser", ("2022", None), ("2025", 23)) is None
    assert t.share_change_years("Andelen", ("2022", 3, 50), ("2025", 31, 50)) is None
