"""Spending (issue 11): cost per month by staircase step and per 0–22-year-old, the share spent on
prevention, and the committed cost of running measures to 31 December.

The price model is rules/spending.py (documented in docs/spending.md). The measures are read in one
query (start, end, step, unit, unit price, the price kept at the decision; no names), the population in
one grouped query on the children register. An amount spent on fewer than 5 children is hidden like a
count of 1–4, with a second amount in its row (rules/aggregates.py `suppress_amounts`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import altair as alt
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidlig.interventions.models import Measure
from tidlig.rules import aggregates as agg
from tidlig.rules import spending as sp
from tidlig.rules import staircase_flows as sf

from .figure_tables import (
    Cell,
    Scope,
    Table,
    aged_0_22,
    amounts_row,
    counts_row,
    population_by_birth_month,
    share_cell,
    sum_of_shown,
)
from .staircase import fields, share_line, stacked, step_names

MONTHS = 12
SOURCE_SPENDING = gettext_lazy(
    "Tidligs indsatser og leverandørernes priser (pr. døgn, pr. måned eller engangsbeløb); opgjort som "
    "Herning Kommunes og VIVE's udgifter fordelt på forebyggelse og anbringelser."
)


class Priced:
    """The measures of a scope with their price (None: without price), read once."""

    def __init__(self, scope: Scope):
        rows = scope.measures(Measure.objects.filter(started_on__isnull=False)).values_list(
            "child_id",
            "started_on",
            "ended_on",
            "type__level",
            "type__unit",
            "type__unit_price",
            "monthly_cost",
        )
        self.measures = [
            (child, start, end, level, sp.price_of(unit, unit_price, monthly))
            for child, start, end, level, unit, unit_price, monthly in rows
        ]


def _cost_row(priced: Priced, first: dt.date, last: dt.date):
    amounts = {s: Decimal(0) for s in sf.STEPS}
    children: dict[int, set] = defaultdict(set)
    everyone: set = set()
    unpriced = 0
    for child, start, end, level, price in priced.measures:
        if price is None:
            unpriced += start <= last and (end is None or end >= first)
            continue
        cost = sp.cost_between(price, start, end, first, last)
        if cost:
            amounts[level] += cost
            children[level].add(child)
            everyone.add(child)
    return amounts, {s: len(children[s]) for s in sf.STEPS}, len(everyone), unpriced


def cost_tables(scope: Scope, *, today: dt.date | None = None) -> list[Table]:
    today = today or timezone.localdate()
    priced = Priced(scope)
    births = population_by_birth_month(scope) if scope.team_id is None else None
    per_child = [_("Pr. 0–22-årig")] if births is not None else []
    costs = Table(
        "udgift-trin",
        _("Udgift pr. måned efter trin (kr.)"),
        str(SOURCE_SPENDING),
        [_("Måned"), *step_names(), _("I alt"), *per_child, _("Indsatser uden pris")],
        notes=[
            _("Den igangværende måned tælles til i dag."),
            _(
                "Beløb brugt på færre end 5 børn skjules som «< 5» efter samme regel som antal (Danmarks "
                "Statistiks diskretionering); et andet beløb i rækken skjules da også («x»), så totalen ikke "
                "afslører det."
            ),
        ],
    )
    if births is not None:
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
    for m in sf.periods("month", today, MONTHS):
        last = sf.counting_day(m, today)
        amounts, children, everyone, unpriced = _cost_row(priced, m.first, last)
        cells = amounts_row([amounts[s] for s in sf.STEPS], [children[s] for s in sf.STEPS], everyone)
        extra = []
        if births is not None:
            population, total = aged_0_22(births, last), cells[-1]
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
    return [costs, prevention, committed_table(priced, today)]


def committed_table(priced: Priced, today: dt.date) -> Table:
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
                "Hvad de indsatser, der kører i dag, koster fra i morgen til 31.12., hvis de fortsætter; "
                "indsatser uden pris er talt med i antallet, ikke i beløbet."
            )
        ],
    )
    count = {s: 0 for s in sf.STEPS}
    amounts = {s: Decimal(0) for s in sf.STEPS}
    children: dict[int, set] = defaultdict(set)
    for child, start, ended, level, price in priced.measures:
        if start > today or ended is not None:
            continue
        count[level] += 1
        if price is not None:
            cost = sp.committed_cost(price, start, ended, today)
            if cost:
                amounts[level] += cost
                children[level].add(child)
    everyone = set().union(*children.values()) if children else set()
    counts = counts_row([count[s] for s in sf.STEPS])
    money = amounts_row([amounts[s] for s in sf.STEPS], [len(children[s]) for s in sf.STEPS], len(everyone))
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
        return table.figure(stacked(table, table.columns[1:6], [0, 1, 2, 3, 4], ""))  # kr. in the title
    if table.slug == "forebyggelse-andel":
        return table.figure(share_line(table, 3, _("Andel forebyggelse (%)")))
    return table.figure(bars_by_row(table, 1, _("Kr.")))
