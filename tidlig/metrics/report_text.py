"""The committee report's short sentences: "Andelen af anbragte i netværkspleje steg fra 12 % til 15 %."

Pure: numbers in, one translated sentence (or None) out; no database. Every number passes through the one
suppression (rules/aggregates.py) before it becomes text, so a count of 1–4 — or any number a table of
the report hides (given here as None) — never turns into words: then there is no sentence at all, and
the table beside says why. A share is only said of shown parts and wholes (`aggregates.share`).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tidlig.rules import aggregates as agg

UP, DOWN, SAME = "up", "down", "same"


def direction(before: float, after: float) -> str:
    """Which way a number moved, as the reader sees it (the shown, rounded values)."""
    if after > before:
        return UP
    if after < before:
        return DOWN
    return SAME


def _number(value: int | float | Decimal) -> str:
    decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _said(subject: str, before: str, after: str, way: str) -> str:
    if way == UP:
        return _("%(subject)s steg fra %(before)s til %(after)s.") % {
            "subject": subject,
            "before": before,
            "after": after,
        }
    if way == DOWN:
        return _("%(subject)s faldt fra %(before)s til %(after)s.") % {
            "subject": subject,
            "before": before,
            "after": after,
        }
    return _("%(subject)s var uændret på %(after)s.") % {"subject": subject, "after": after}


def count_change(subject: str, before: int | None, after: int | None, *, unit: str = "") -> str | None:
    """A count (or days, a median) in the period before and in the period: "Antallet af underretninger
    faldt fra 342 til 310." None when either is hidden (None) or small (1–4: `aggregates.suppress`)."""
    if before is None or after is None:
        return None
    before, after = agg.suppress(before), agg.suppress(after)
    if before is None or after is None:
        return None
    suffix = f"\u00a0{unit}" if unit else ""
    return _said(subject, _number(before) + suffix, _number(after) + suffix, direction(before, after))


def share_change(
    subject: str,
    part_before: int | None,
    whole_before: int | None,
    part_after: int | None,
    whole_after: int | None,
) -> str | None:
    """A share of shown counts in the period before and in the period: "Andelen af anbragte i
    netværkspleje steg fra 12 % til 15 %." None when a part or whole is hidden or small, or a whole is 0."""
    shown = [
        None if v is None else agg.suppress(v) for v in (part_before, whole_before, part_after, whole_after)
    ]
    return percent_change(subject, agg.share(shown[0], shown[1]), agg.share(shown[2], shown[3]))


def percent_change(subject: str, before: int | None, after: int | None) -> str | None:
    """A share (whole per cent) a table of the report already shows, e.g. the share of measures that are
    preventive: None when either is not shown ("–")."""
    if before is None or after is None:
        return None
    return _said(subject, f"{before}\u00a0%", f"{after}\u00a0%", direction(before, after))


def in_year(value: str, year: str) -> str:
    """A number with its year, for a change over several years: "40 % i 2022"."""
    return _("%(value)s i %(year)s") % {"value": value, "year": year}


def count_change_years(
    subject: str, first: tuple[str, int | None], last: tuple[str, int | None]
) -> str | None:
    """A count in the first and the last year of a table: "Antallet af hjemgivelser faldt fra 61 i 2022 til
    23 i 2025." None when either is hidden or small."""
    (y0, before), (y1, after) = first, last
    if before is None or after is None:
        return None
    before, after = agg.suppress(before), agg.suppress(after)
    if before is None or after is None:
        return None
    return _said(subject, in_year(_number(before), y0), in_year(_number(after), y1), direction(before, after))


def share_change_years(
    subject: str, first: tuple[str, int | None, int | None], last: tuple[str, int | None, int | None]
) -> str | None:
    """A share of shown counts (part, whole) in the first and the last year of a table: "Andelen … steg fra
    40 % i 2022 til 62 % i 2025." None when a part or whole is hidden or small, or a whole is 0."""
    (y0, part0, whole0), (y1, part1, whole1) = first, last
    shown = [None if v is None else agg.suppress(v) for v in (part0, whole0, part1, whole1)]
    before, after = agg.share(shown[0], shown[1]), agg.share(shown[2], shown[3])
    if before is None or after is None:
        return None
    return _said(
        subject, in_year(f"{before}\u00a0%", y0), in_year(f"{after}\u00a0%", y1), direction(before, after)
    )
