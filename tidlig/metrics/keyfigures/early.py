"""Key figures, early detection: joint well-being ratings per half-year, movement to green, and days from
a red joint rating to a team meeting or notification."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from tidlig.rules import aggregates as agg
from tidlig.wellbeing.models import Colour

from ..models import Grain
from .scope import period_label, quantile
from .series import SOURCE_TIDLIG, Facts, Series, _count, _days

COLOURS = (Colour.GREEN, Colour.YELLOW, Colour.RED)


def _early(f: Facts, halves: list[dt.date]) -> Series:
    s = Series(
        "tidlig-opsporing",
        gettext("Tidlig opsporing: fælles trivselsvurderinger pr. halvår"),
        [
            ("green", gettext("Grøn"), "count"),
            ("yellow", gettext("Gul"), "count"),
            ("red", gettext("Rød"), "count"),
            ("total", gettext("I alt"), "count"),
            ("yellow_share", gettext("Gul %"), "share"),
            ("red_share", gettext("Rød %"), "share"),
            ("concern_before", gettext("Gul/rød før"), "count"),
            ("to_green", gettext("Heraf nu grøn"), "count"),
            ("red_action_median", gettext("Rød → møde/underretning, median dage"), "days"),
        ],
        chart=("yellow_share", "red_share"),
        notes=[
            gettext(
                "Børn med en fælles vurdering i halvåret, efter deres seneste farve. «Gul/rød før»: børn, "
                "hvis forrige fælles vurdering var gul eller rød; «heraf nu grøn» er bevægelsen til grøn."
            ),
            gettext(
                "Rød → møde/underretning: dage fra en rød fælles vurdering til barnet første gang derefter "
                "er på et tværfagligt møde eller underrettes om (median, fra 5 vurderinger)."
            ),
        ],
        source=str(SOURCE_TIDLIG),
    )
    for p in halves:
        row = agg.suppress_row([f.get(p, "wellbeing.colour", c) for c in COLOURS])
        values = dict(zip(("green", "yellow", "red"), row.cells, strict=True)) | {"total": row.total}
        hidden = {
            k: why for k, why in zip(("green", "yellow", "red", "total"), row.hidden, strict=True) if why
        }
        values["yellow_share"] = agg.share(values["yellow"], values["total"])
        values["red_share"] = agg.share(values["red"], values["total"])
        before = sum(f.keys(p, "wellbeing.concern_before").values())
        values["concern_before"], why = _count(before)
        if why:
            hidden["concern_before"] = why
        green = f.get(p, "wellbeing.concern_before", Colour.GREEN)
        why = agg.part_of_whole(green, before) if before else None
        values["to_green"] = None if why else green
        if why:
            hidden["to_green"] = why
        hist = _days(f.keys(p, "red_to_action.days"))
        n = sum(hist.values())
        values["red_action_median"] = quantile(hist, 0.5) if n >= agg.SUPPRESSION_THRESHOLD else None
        if agg.is_small(n):
            hidden["red_action_median"] = agg.SMALL
        s.add(period_label(Grain.HALF_YEAR, p), values, hidden)
    return s
