"""Key figures, notifications: numbers, children notified, repeats, per 1,000, dialog-based, by notifier,
by reason, and what they led to (BL §§ 132, 133, 135; § 18, stk. 1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext

from tidlig.intake.models import NotifierKindChoices, Reason, ScreeningDecision
from tidlig.rules import aggregates as agg

from .scope import period_label
from .series import SOURCE_TIDLIG, Facts, Series, _count, _rate

KINDS = tuple(NotifierKindChoices.values)
SCREENING = (*ScreeningDecision.values, "pending")


def _notifications(f: Facts, grain: str, starts: list[dt.date]) -> Series:
    s = Series(
        "underretninger",
        gettext("Underretninger"),
        [
            ("total", gettext("Underretninger"), "count"),
            ("children", gettext("Børn"), "count"),
            ("repeat", gettext("Gentagne underretninger"), "count"),
            ("per_1000", gettext("Børn pr. 1.000 0–17-årige"), "rate"),
            ("dialog_share", gettext("Dialogbaserede %"), "share"),
        ],
        notes=[
            gettext(
                "Gentagen underretning: om et barn, der også blev underrettet om i de 12 måneder før "
                "(Tidligs definition; underretninger efter barnets lov §§ 132, 133 og 135, "
                "bek. nr. 662 af 2025 § 16)."
            ),
            gettext(
                "Pr. 1.000: børn underrettet om pr. 1.000 børn 0–17 år i Tidligs register ved periodens slut."
            ),
        ],
        source=str(SOURCE_TIDLIG),
        chart=("total", "children", "repeat"),
    )
    for p in starts:
        total, children = f.get(p, "notifications"), f.get(p, "notifications.children")
        repeat, dialog = f.get(p, "notifications.repeat"), f.get(p, "notifications.dialog")
        values, hidden = {}, {}
        for key, n in (("total", total), ("children", children), ("repeat", repeat)):
            values[key], why = _count(n)
            if why:
                hidden[key] = why
        values["per_1000"] = _rate(children, f.get(p, "population"))
        if "children" in hidden:
            hidden["per_1000"] = agg.SMALL
        values["dialog_share"] = agg.share(agg.suppress(dialog), values["total"])
        s.add(period_label(grain, p), values, hidden)
    return s


def _kinds_months(f: Facts, grain: str, starts: list[dt.date]) -> list[dict]:
    """The table the page showed before issue 11 (counts by kind of notifier with their total)."""
    out = []
    for p in starts:
        if not f.get(p, "notifications"):
            continue
        row = agg.suppress_row([f.get(p, "notifications.kind", k) for k in KINDS])
        values = dict(zip(KINDS, row.cells, strict=True)) | {"total": row.total}
        hidden = {k: why for k, why in zip((*KINDS, "total"), row.hidden, strict=True) if why}
        children = f.get(p, "notifications.children")
        values["children"] = agg.suppress(children)
        if agg.reason_of(children):
            hidden["children"] = agg.SMALL
        out.append(
            {
                "label": period_label(grain, p),
                **values,
                "hidden": hidden,
                "shown": {k: agg.mark(v, hidden.get(k)) for k, v in values.items()},
            }
        )
    return out


def _kinds(months: list[dict]) -> Series:
    s = Series(
        "underrettere",
        gettext("Underretninger efter underretter"),
        [(k, gettext(NotifierKindChoices(k).label), "count") for k in KINDS]
        + [("total", gettext("I alt"), "count")],
        chart=KINDS,
        source=str(SOURCE_TIDLIG),
    )
    for m in months:
        s.add(
            m["label"],
            {k: m[k] for k in (*KINDS, "total")},
            {k: v for k, v in m["hidden"].items() if k != "children"},
        )
    return s


def _reasons(f: Facts, starts: list[dt.date]) -> Series:
    s = Series(
        "aarsager",
        gettext("Underretninger efter årsag (hele perioden)"),
        [("count", gettext("Underretninger"), "count")],
        notes=[gettext("En underretning kan have flere årsager.")],
        source=str(SOURCE_TIDLIG),
    )
    totals: dict[str, int] = defaultdict(int)
    for p in starts:
        for k, v in f.keys(p, "notifications.reason").items():
            totals[k] += v
    for code, label in Reason.choices:
        if totals.get(code):
            value, why = _count(totals[code])
            s.add(str(label), {"count": value}, {"count": why} if why else {})
    return s


def _outcomes(f: Facts, grain: str, starts: list[dt.date]) -> Series:
    labels = {
        ScreeningDecision.NONE: gettext("Ingen yderligere afdækning"),
        ScreeningDecision.AFDAEKNING: gettext("Afdækning"),
        ScreeningDecision.UNDERSOEGELSE: gettext("Undersøgelse"),
        "pending": gettext("Ikke vurderet endnu"),
    }
    s = Series(
        "udfald",
        gettext("Hvad underretningerne førte til"),
        [(k, labels[k], "count") for k in SCREENING]
        + [("total", gettext("I alt"), "count"), ("measure", gettext("Fulgt af en indsats"), "count")],
        chart=(*SCREENING, "measure"),
        notes=[
            gettext(
                "Vurderingen efter barnets lov § 18, stk. 1, nr. 1–3. «Fulgt af en indsats»: barnet fik en "
                "indsats besluttet samme dag eller senere."
            )
        ],
        source=str(SOURCE_TIDLIG),
    )
    for p in starts:
        row = agg.suppress_row([f.get(p, "notifications.outcome", k) for k in SCREENING])
        values = dict(zip(SCREENING, row.cells, strict=True)) | {"total": row.total}
        hidden = {k: why for k, why in zip((*SCREENING, "total"), row.hidden, strict=True) if why}
        values["measure"], why = _count(f.get(p, "notifications.measure"))
        if why:
            hidden["measure"] = why
        s.add(period_label(grain, p), values, hidden)
    return s
