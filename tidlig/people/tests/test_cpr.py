"""CPR numbers: form and birth date are checked, the modulus-11 checksum is not (not required since 2007)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tidlig.people.cpr import birth_date, clean_cpr, format_cpr, sex

WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def mod11(number: str) -> int:
    return sum(int(d) * w for d, w in zip(number, WEIGHTS, strict=True)) % 11


def message_for(value: str) -> str:
    with pytest.raises(ValidationError) as e:
        clean_cpr(value)
    return " ".join(e.value.messages)


@pytest.mark.parametrize("value", ["150418-4235", "1504184235", " 150418-4235 "])
def test_it_accepts_a_cpr_number_with_or_without_the_hyphen(value):
    assert clean_cpr(value) == "1504184235"


def test_it_accepts_a_number_that_fails_modulus_11_when_the_date_is_valid():
    number = "1504184235"
    assert mod11(number) != 0  # would have been rejected by the pre-2007 checksum
    assert clean_cpr(number) == number


def test_it_also_accepts_a_number_that_passes_modulus_11():
    stem = "150418423"
    number = next(stem + d for d in "0123456789" if mod11(stem + d) == 0)
    assert clean_cpr(number) == number


@pytest.mark.parametrize("value", ["", "   ", None])
def test_it_refuses_an_empty_number_and_asks_for_it(value):
    message = message_for(value)
    assert message.startswith("Skriv CPR-nummer")
    assert "10 cifre" in message


@pytest.mark.parametrize("value, digits", [("15041842", 8), ("150418-42355", 11), ("1504", 4)])
def test_it_refuses_a_wrong_length_and_says_how_many_digits_were_written(value, digits):
    message = message_for(value)
    assert "10 cifre" in message
    assert f"Du skrev {digits}" in message


@pytest.mark.parametrize("value", ["15O4184235", "150418-423X", "abcdefghij"])
def test_it_refuses_letters_and_says_only_digits_are_allowed(value):
    assert "kun af cifre" in message_for(value)


@pytest.mark.parametrize("value", ["321318-1234", "310418-4235", "290219-4235", "000118-4235"])
def test_it_refuses_an_impossible_birth_date_and_names_the_first_six_digits(value):
    message = message_for(value)
    assert "første 6 cifre" in message
    assert "fødselsdato" in message


def test_it_accepts_the_29th_of_february_in_a_leap_year():
    assert clean_cpr("290220-4235") == "2902204235"


def test_it_refuses_a_birth_date_in_the_future():
    # 7th digit 5 with year 57 means 2057.
    assert "fremtiden" in message_for("010157-5000")


def test_the_birth_date_follows_the_seventh_digit_century_rule():
    assert birth_date("1504184235") == dt.date(2018, 4, 15)  # 4 and year ≤ 36: 2000s
    assert birth_date("1504854235") == dt.date(1985, 4, 15)  # 4 and year ≥ 37: 1900s
    assert birth_date("1504181235") == dt.date(1918, 4, 15)  # 0–3: 1900s


def test_the_sex_follows_the_last_digit():
    assert sex("1504184235") == "M"
    assert sex("0209204236") == "F"
    assert sex("0209204230") == "F"


def test_it_formats_with_a_hyphen():
    assert format_cpr("1504184235") == "150418-4235"
