"""Anonymous well-being overviews: age bands and half-years.

Pure: no Django. The tables are suppressed by the one implementation in rules/aggregates.py.
"""

from __future__ import annotations


def gettext_noop(s: str) -> str:
    return s


COLOURS = ("green", "yellow", "red")

# (key, first month, last month): Rating.age_months at rating time.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-2", 0, 3 * 12 - 1),
    ("3-5", 3 * 12, 6 * 12 - 1),
    ("6-9", 6 * 12, 10 * 12 - 1),
    ("10-13", 10 * 12, 14 * 12 - 1),
    ("14-17", 14 * 12, 18 * 12 - 1),
)
UNKNOWN_BAND = "unknown"
AGE_BAND_TITLES = {
    "0-2": gettext_noop("0–2 år"),
    "3-5": gettext_noop("3–5 år"),
    "6-9": gettext_noop("6–9 år"),
    "10-13": gettext_noop("10–13 år"),
    "14-17": gettext_noop("14–17 år"),
    UNKNOWN_BAND: gettext_noop("Alder uoplyst"),
}
SPRING = gettext_noop("Forår %(year)s")
AUTUMN = gettext_noop("Efterår %(year)s")


def age_band(age_months: int | None) -> str:
    if age_months is not None:
        for key, low, high in AGE_BANDS:
            if low <= age_months <= high:
                return key
    return UNKNOWN_BAND


def half_year(year: int, month: int) -> str:
    """The half-year a rating period opening in this month belongs to: "2026-1" spring, "2026-2" autumn."""
    return f"{year}-{1 if month <= 6 else 2}"


def half_year_parts(key: str) -> tuple[str, int]:
    """("Forår %(year)s", 2026) for "2026-1": the msgid to translate and the year to put in it."""
    year, half = key.split("-")
    return (SPRING if half == "1" else AUTUMN), int(year)


def previous_half_year(key: str) -> str:
    year, half = (int(p) for p in key.split("-"))
    return f"{year - 1}-2" if half == 1 else f"{year}-1"
