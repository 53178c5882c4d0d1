"""Spending (issue 11): cost per month by staircase step and per 0–22-year-old, the share spent on
prevention, and the committed cost of running measures to 31 December.

The price model is rules/spending.py (documented in docs/spending.md). The amounts, the children they were
spent on and the population 0–22 are kept facts (metrics.Fact, counted by facts_stairs.py in the facts
refresh), read here in one query whatever the number of measures. The committed cost depends on the day:
the refresh computes it for the month running then, as of the refresh day, and the page names that day.
An amount spent on fewer than 5 children is hidden like a count of 1–4, with a second amount in its row
(rules/aggregates.py `suppress_amounts`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import altair as alt
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidlig.rules import aggregates as agg
from tidlig.rules import spending as sp
from tidlig.rules import staircase_flows as sf

from .facts_stairs import COMMITTED_ASOF
from .figure_tables import Cell, Kept, Scope, Table, amounts_row, counts_row, share_cell, sum_of_shown
from .models import Fact, Grain
from .staircase import fields, share_line, stacked, step_names

MONTHS = 12
PREFIXES = ("cost.", "population.0_22", "committed.")
SOURCE_SPENDING = gettext_lazy(
    "Tidligs indsatser og leverandørernes priser (pr. døgn, pr. måned eller engangsbeløb); opgjort som "
    "Herning Kommunes og VIVE's udgifter fordelt på forebyggelse og anbringelser."
)


def _kroner(ore: int) -> Decimal:
    return Decimal(ore) / 100


def _cost_row(kept: Kept, month: dt.date):
    amounts = {s: _kroner(kept.get(Grain.MONTH, month, "cost.step", str(s))) for s in sf.STEPS}
    children = {s: kept.get(Grain.MONTH, month, "cost.children", str(s)) for s in sf.STEPS}
    everyone = kept.get(Grain.MONTH, month, "cost.everyone")
    return amounts, children, everyone, kept.get(Grain.MONTH, month, "cost.unpriced")


def cost_tables(scope: Scope, *, today: dt.date | None = None) -> list[Table]:
    today = today or timezone.localdate()
    months = sf.periods("month", today, MONTHS)
    kept = Kept(scope, {Grain.MONTH: [m.first for m in months]}, PREFIXES)
    if not kept.has(Grain.MONTH, months[-1].first, COMMITTED_ASOF):
        # The running month not refreshed yet: the latest committed cost kept (its day is shown).
        latest = (
            Fact.objects.filter(
                municipality_id=scope.municipality_id, grain=Grain.MONTH, measure=COMMITTED_ASOF
            )
            .order_by("-start")
            .values_list("start", flat=True)
            .first()
        )
        if latest is not None:
            kept = Kept(scope, {Grain.MONTH: [*(m.first for m in months), latest]}, PREFIXES)
    whole = scope.team_id is None
    per_child = [_("Pr. 0–22-årig")] if whole else []
    costs = Table(
        "udgift-trin",
        _("Udgift pr. måned efter trin (kr.)"),
        str(SOURCE_SPENDING),
        [_("Måned"), *step_names(), _("I alt"), *per_child, _("Indsatser uden pris")],
        notes=[
            _("Den igangværende måned tælles til den dag, nøgletallene sidst blev opdateret."),
            _(
                "Beløb brugt på færre end 5 børn skjules som «< 5» efter samme regel som antal (Danmarks "
                "Statistiks diskretionering); et andet beløb i rækken skjules da også («x»), så totalen ikke "
                "afslører det."
            ),
        ],
    )
    if whole:
        costs.notes.append(
            _("Pr. 0–22-årig: udgiften delt med børn og unge 0–22 år i Tidligs børneregister.")
        )
    else:
        costs.notes.append(
            _("Udgift pr. 0–22-årig vises kun for hele kommunen (et team har ingen befolkning).")
        )
    prevention = Table(
        "forebyggelse-andel",
        _("Andel af udgiften brugt på forebyggelse"),
        str(SOURCE_SPENDING),
        [
            _("Måned"),
            _("Forebyggelse (trin 2–3)"),
            _("Anbringelser (trin 4–6)"),
            _("I alt"),
            _("Andel forebyggelse"),
        ],
        notes=[
            _(
                "Forebyggelse er § 30 og § 32 i hjemmet; beløbene er summer af de viste beløb i tabellen ovenfor."
            )
        ],
    )
    for m in months:
        amounts, children, everyone, unpriced = _cost_row(kept, m.first)
        cells = amounts_row([amounts[s] for s in sf.STEPS], [children[s] for s in sf.STEPS], everyone)
        extra = []
        if whole:
            population, total = kept.get(Grain.MONTH, m.first, "population.0_22"), cells[-1]
            if total.number() is None:
                extra.append(Cell(None, total.reason, "money"))
            elif not population:
                extra.append(Cell(None, None, "share"))  # "–": no children to divide by
            else:
                extra.append(Cell((total.value / population).quantize(Decimal(1)), None, "money"))
        unpriced_shown = agg.suppress(unpriced)
        costs.rows.append((m.label, [*cells, *extra, Cell(unpriced_shown, agg.reason_of(unpriced))]))
        prev = sum_of_shown(cells[0:2], "money")
        plac = sum_of_shown(cells[2:5], "money")
        prevention.rows.append((m.label, [prev, plac, cells[5], share_cell(prev, cells[5])]))
    return [costs, prevention, committed_table(kept, today)]


def committed_table(kept: Kept, today: dt.date) -> Table:
    """The committed cost as the refresh computed it for its day (the latest kept; today's if none)."""
    asof = max(
        (
            dt.date.fromisoformat(k)
            for (_g, start), rows in kept.data.items()
            for (m, k) in rows
            if m == COMMITTED_ASOF
        ),
        default=None,
    )
    month = asof.replace(day=1) if asof else None
    today = asof or today
    end = sp.year_end(today)
    t = Table(
        "bundet",
        _("Bundet udgift til igangværende indsatser resten af året"),
        str(SOURCE_SPENDING),
        [
            _("Trin"),
            _("Igangværende indsatser"),
            _("Bundet udgift %(from)s–%(to)s")
            % {
                "from": (today + dt.timedelta(days=1)).strftime("%d.%m."),
                "to": end.strftime("%d.%m.%Y"),
            },
        ],
        notes=[
            _(
                "Hvad de indsatser, der kørte den dag, nøgletallene sidst blev opdateret, koster fra dagen "
                "efter til 31.12., hvis de fortsætter; indsatser uden pris er talt med i antallet, ikke i "
                "beløbet."
            )
        ],
    )

    def kept_of(measure: str, step: int) -> int:
        return kept.get(Grain.MONTH, month, measure, str(step)) if month else 0

    count = {s: kept_of("committed.count", s) for s in sf.STEPS}
    amounts = {s: _kroner(kept_of("committed.amount", s)) for s in sf.STEPS}
    children = {s: kept_of("committed.children", s) for s in sf.STEPS}
    everyone = kept.get(Grain.MONTH, month, "committed.everyone") if month else 0
    counts = counts_row([count[s] for s in sf.STEPS])
    money = amounts_row([amounts[s] for s in sf.STEPS], [children[s] for s in sf.STEPS], everyone)
    for i, name in enumerate([*step_names(), _("I alt")]):
        t.rows.append((name, [counts[i], money[i]]))
    return t


def bars_by_row(table: Table, index: int, x_title: str):
    f = fields()
    order = [label for label, _cells in table.rows[:-1]]
    values = [
        {f["step"]: label, f["amount"]: cells[index].number()}
        for label, cells in table.rows[:-1]
        if cells[index].number() is not None
    ]
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y(field=f["step"], type="nominal", sort=order, title=None, scale=alt.Scale(domain=order)),
            x=alt.X(field=f["amount"], type="quantitative", title=x_title),
        )
        .properties(width=480, height=180, padding={"left": 12, "top": 5, "right": 5, "bottom": 5})
    )


def figure_of(table: Table):
    if table.slug == "udgift-trin":
        return table.figure(stacked, table.columns[1:6], [0, 1, 2, 3, 4], "")  # kr. in the title
    if table.slug == "forebyggelse-andel":
        return table.figure(share_line, 3, _("Andel forebyggelse (%)"))
    return table.figure(bars_by_row, 1, _("Kr."))
