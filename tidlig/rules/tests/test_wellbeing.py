"""Anonymous well-being overviews: age bands and half-years (suppression: test_aggregates.py)."""

from tidlig.rules.wellbeing import age_band, half_year, half_year_parts, previous_half_year


def test_age_bands_follow_whole_years():
    assert [age_band(m) for m in (0, 35, 36, 71, 72, 119, 120, 167, 168, 215)] == [
        "0-2", "0-2", "3-5", "3-5", "6-9", "6-9", "10-13", "10-13", "14-17", "14-17",
    ]  # fmt: skip
    assert age_band(None) == age_band(216) == "unknown"


def test_half_years_line_up_spring_and_autumn():
    assert half_year(2026, 3) == "2026-1"
    assert half_year(2026, 9) == "2026-2"
    assert half_year_parts("2026-1") == ("Forår %(year)s", 2026)
    assert half_year_parts("2026-2") == ("Efterår %(year)s", 2026)
    assert previous_half_year("2026-1") == "2025-2"
    assert previous_half_year("2026-2") == "2026-1"
