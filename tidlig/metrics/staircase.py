"""The staircase in motion (issue 11): children on each step, flows between steps, preventive measures
against placements, placements by type and consent, age at placement, hjemgivelser.

Read from the kept facts (metrics.Fact, counted by facts_stairs.py in the facts refresh with the pure rules
in rules/staircase_flows.py) in one query, whatever the number of measures; every count is suppressed by
rules/aggregates.py here, as the reader's scope sums it. The period still running is counted to the day
the facts were last refreshed. These are VIVE's key figures for 18 municipalities 2016–2019 and
Socialstyrelsen's indsatstrappe; each figure names its source.
"""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tidlig.interventions.models import PlaceType
from tidlig.rules import aggregates as agg
from tidlig.rules import staircase_flows as sf

from .figure_tables import Cell, Kept, Scope, Table, counts_row, share_cell, sum_of_shown
from .models import Grain

PERIOD_KINDS = {"month": 12, "quarter": 8, "year": 5}
QUARTERS = 8
YEARS = 5

SOURCE_STAIRCASE = gettext_lazy(
    "Socialstyrelsens indsatstrappe (trin 1–6); Tidligs indsatser: barnet står på trinnet for sin højeste "
    "igangværende indsats."
)
SOURCE_FLOWS = gettext_lazy(
    "Socialstyrelsens indsatstrappe; «målbar bevægelse på indsatstrappen» (Aabenraa Kommune, Sund Indsats). "
    "Trinnet ved kvartalets udgang sammenholdt med trinnet ved forrige kvartals udgang."
)
SOURCE_VIVE = gettext_lazy(
    "VIVE: Kommunernes omlægning til en tidligere forebyggende indsats på børne- og ungeområdet "
    "(18 kommuners nøgletal 2016–2019)."
)

# Placement types as VIVE and Danmarks Statistik group them (BL § 43, stk. 1).
PLACE_GROUPS = (
    (gettext_lazy("Netværkspleje"), (PlaceType.NETWORK_FOSTER,)),
    (gettext_lazy("Almen plejefamilie"), (PlaceType.GENERAL_FOSTER,)),
    (gettext_lazy("Forstærket plejefamilie"), (PlaceType.REINFORCED_FOSTER,)),
    (gettext_lazy("Specialiseret plejefamilie"), (PlaceType.SPECIALISED_FOSTER,)),
    (gettext_lazy("Børne- og ungehjem"), (PlaceType.CHILDRENS_HOME,)),
    (gettext_lazy("Eget værelse, kostskole o.l."), (PlaceType.OWN_ROOM, PlaceType.BOARDING_SCHOOL)),
    (gettext_lazy("Ikke angivet"), ("",)),
)


def step_names() -> list[str]:
    return [
        _("Forebyggende (§ 30)"),
        _("I hjemmet (§ 32)"),
        _("Netværkspleje"),
        _("Plejefamilie"),
        _("Institution"),
    ]


def _period_label(p: sf.Period) -> str:
    if p.kind == "quarter":
        return _("%(q)s. kvt. %(year)s") % {"q": (p.first.month - 1) // 3 + 1, "year": p.first.year}
    return p.label


GRAINS = {"month": Grain.MONTH, "quarter": Grain.QUARTER, "year": Grain.YEAR}


def _steps(kept: Kept, p: sf.Period) -> dict[int, int]:
    return {s: kept.get(GRAINS[p.kind], p.first, "stairs.step", str(s)) for s in sf.STEPS}


def _matrix(kept: Kept, q: sf.Period) -> list[list[int]]:
    return [
        [
            0 if (f, t) == (sf.NONE, sf.NONE) else kept.get(Grain.QUARTER, q.first, "stairs.flow", f"{f}>{t}")
            for t in sf.TO
        ]
        for f in sf.FROM
    ]


# ---------------------------------------------------------------------------------------------- charts


def fields() -> dict[str, str]:
    """The charts' field names in the reader's language: Vega writes them into every mark's aria-label."""
    return {
        "period": _("Periode"),
        "series": _("Serie"),
        "count": _("Antal"),
        "share": _("Andel"),
        "from": _("Fra"),
        "to": _("Til"),
        "shown": _("Vist"),
        "step": _("Trin"),
        "amount": _("Beløb"),
    }


def _datum(name: str) -> str:
    return f"datum[{json.dumps(name)}]"


def stacked(table: Table, series: list[str], indices: list[int], y_title: str, *, sign=None):
    f = fields()
    order = [label for label, _cells in table.rows]
    values = []
    for label, cells in table.rows:
        for k, (name, i) in enumerate(zip(series, indices, strict=True)):
            value = cells[i].number()
            if value is not None:
                values.append(
                    {f["period"]: label, f["series"]: name, f["count"]: value * (sign[k] if sign else 1)}
                )
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X(field=f["period"], type="nominal", sort=order, title=None, axis=alt.Axis(labelAngle=-40)),
            y=alt.Y(field=f["count"], type="quantitative", stack=True, title=y_title or None),
            color=alt.Color(
                field=f["series"],
                type="nominal",
                sort=series,
                title=None,
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            # the staircase's order from the bottom up; the screen reader hears "period; series: value"
            order=alt.Order(field="rank", type="quantitative"),
            description=alt.Description(field="desc", type="nominal"),
        )
        .transform_calculate(
            rank=f"indexof({json.dumps(series)}, {_datum(f['series'])})",
            desc=f"{_datum(f['period'])} + '; ' + {_datum(f['series'])} + ': ' + format({_datum(f['count'])}, ',.0f')",
        )
        .properties(width=560, height=220)
    )


def share_line(table: Table, index: int, y_title: str):
    f = fields()
    order = [label for label, _cells in table.rows]
    values = [
        {f["period"]: label, f["share"]: cells[index].value}
        for label, cells in table.rows
        if cells[index].value is not None
    ]
    return (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X(
                field=f["period"],
                type="nominal",
                sort=order,
                title=None,
                axis=alt.Axis(labelAngle=-40),
                scale=alt.Scale(domain=order),
            ),
            y=alt.Y(field=f["share"], type="quantitative", title=y_title, scale=alt.Scale(domain=[0, 100])),
        )
        .properties(width=560, height=200)
    )


def heatmap(table: Table, columns: list[str]):
    f = fields()
    body = table.rows[:-1]  # the margin row (I alt) is in the table, not in the picture
    rows = [label for label, _cells in body]
    values = [
        {f["from"]: label, f["to"]: col, f["count"]: cells[i].number(), f["shown"]: str(cells[i].shown())}
        for label, cells in body
        for i, col in enumerate(columns)
    ]
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X(
            field=f["to"],
            type="nominal",
            sort=columns,
            title=f["to"],
            axis=alt.Axis(labelAngle=-35, grid=False, labelLimit=200),
        ),
        y=alt.Y(field=f["from"], type="nominal", sort=rows, title=f["from"], axis=alt.Axis(grid=False)),
    )
    cells = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color(field=f["count"], type="quantitative", scale=alt.Scale(scheme="blues"), legend=None)
    )
    top = max((v[f["count"]] or 0 for v in values), default=0)
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text(field=f["shown"], type="nominal"),
        color=alt.condition(f"{_datum(f['count'])} > {top / 2}", alt.value("#ffffff"), alt.value("#1f2937")),
    )
    return (cells + text).properties(width=420, height=220)


# ---------------------------------------------------------------------------------------------- tables


class Linked:
    """The steps at every quarter's two counting days, the quarters' from → to matrices and their flows,
    suppressed together (`aggregates.suppress_linked`): the matrix's row totals are the steps at the
    previous quarter's end and its column totals the steps at this quarter's end, so a count is hidden in
    every table that shows it or in none, and no line of any of them gives a hidden count back."""

    def __init__(self, kept: Kept, today: dt.date):
        self.kept, self.today = kept, today
        quarters = sf.periods("quarter", today, QUARTERS + 1)  # and the one before, for its end
        self.quarters = quarters[1:]
        self.pairs = [(q.first - dt.timedelta(days=1), sf.counting_day(q, today)) for q in self.quarters]
        steps = {sf.counting_day(q, today): _steps(kept, q) for q in quarters}
        matrices = [_matrix(kept, q) for q in self.quarters]
        self.values, lines = sf.linked_values(steps, self.pairs, matrices)
        self.hidden = agg.suppress_linked(self.values, lines)

    def cell(self, key: tuple) -> Cell:
        why = self.hidden[key]
        return Cell(None if why else self.values[key], why)

    def steps(self, p: sf.Period) -> list[Cell]:
        """The steps at a period's end as in every table: jointly suppressed for a quarter's counting day,
        else a row of its own (a day no matrix shares)."""
        day = sf.counting_day(p, self.today)
        if ("steps", day) in self.values:
            return [*(self.cell(("step", day, s)) for s in sf.STEPS), self.cell(("steps", day))]
        counts = _steps(self.kept, p)
        return counts_row([counts[s] for s in sf.STEPS])


def running_note() -> str:
    return _("Den igangværende periode tælles til den dag, nøgletallene sidst blev opdateret.")


def steps_table(linked: Linked, periods: list[sf.Period]) -> Table:
    t = Table(
        "trin",
        _("Børn på hvert trin ved periodens udgang"),
        str(SOURCE_STAIRCASE),
        [_("Periode"), *step_names(), _("I alt")],
        notes=[running_note()],
    )
    for p in periods:
        t.rows.append((_period_label(p), linked.steps(p)))
    return t


def flow_tables(linked: Linked) -> tuple[Table, Table]:
    """Flows per quarter (in, up, down, out) and the from → to matrix of the last whole quarter, from the
    jointly suppressed counts."""
    flows = Table(
        "bevaegelser",
        _("Bevægelser på trappen pr. kvartal"),
        str(SOURCE_FLOWS),
        [
            _("Kvartal"),
            _("Ind (ny indsats)"),
            _("Op ad trappen"),
            _("Ned ad trappen"),
            _("Ud (ingen indsats)"),
        ],
        notes=[
            _(
                "Et barn, der flyttede flere gange i kvartalet, tælles én gang: fra hvor det stod, til hvor det endte."
            )
        ],
    )
    for i, q in enumerate(linked.quarters):
        flows.rows.append((_period_label(q), [linked.cell((kind, i)) for kind in sf.FLOWS]))
    last = len(linked.quarters) - 2  # the last whole quarter
    q = linked.quarters[last]
    before, after = linked.pairs[last]
    names = [_("Ingen indsats"), *step_names()]
    to_names = [*step_names(), _("Ingen indsats (ud)")]
    matrix = Table(
        "fra-til",
        _("Fra trin til trin, %(quarter)s") % {"quarter": _period_label(q)},
        str(SOURCE_FLOWS),
        [_("Fra \\ til"), *to_names, _("I alt")],
        notes=[
            _(
                "Rækken «Ingen indsats» er børn, der kom ind på trappen; kolonnen «Ingen indsats (ud)» børn, "
                "der forlod den."
            )
        ],
    )
    for f, name in zip(sf.FROM, names, strict=True):
        cells = [
            Cell(0) if (f, t) == (sf.NONE, sf.NONE) else linked.cell(("cell", last, f, t)) for t in sf.TO
        ]
        total = linked.cell(("in", last) if f == sf.NONE else ("step", before, f))
        matrix.rows.append((name, [*cells, total]))
    margin = [linked.cell(("out", last) if t == sf.NONE else ("step", after, t)) for t in sf.TO]
    matrix.rows.append((_("I alt"), [*margin, linked.cell(("all", last))]))
    return flows, matrix


def preventive_table(kept: Kept, periods: list[sf.Period]) -> Table:
    t = Table(
        "forebyggende-andel",
        _("Forebyggende indsatser over for anbringelser"),
        str(SOURCE_VIVE),
        [
            _("Periode"),
            _("Forebyggende (§ 30)"),
            _("I hjemmet (§ 32)"),
            _("Anbringelser (§§ 46–47)"),
            _("Indsatser i alt"),
            _("Andel forebyggende"),
        ],
        notes=[
            _(
                "Igangværende indsatser ved periodens udgang; forebyggende er § 30 og § 32 i hjemmet (trin 2–3)."
            )
        ],
    )
    for p in periods:
        m = {int(k): v for k, v in kept.keys(GRAINS[p.kind], p.first, "stairs.measures").items()}
        cells = counts_row([m.get(2, 0), m.get(3, 0), sum(m.get(s, 0) for s in sf.PLACEMENT_STEPS)])
        t.rows.append((_period_label(p), [*cells, share_cell(sum_of_shown(cells[:2]), cells[3])]))
    return t


def placements_table(kept: Kept, periods: list[sf.Period]) -> Table:
    t = Table(
        "anbringelser",
        _("Anbragte efter anbringelsessted ved periodens udgang"),
        str(SOURCE_VIVE) + " " + _("Anbringelsessteder efter barnets lov § 43, stk. 1."),
        [_("Periode"), *(str(name) for name, _types in PLACE_GROUPS), _("I alt")],
    )
    for p in periods:
        places = kept.keys(GRAINS[p.kind], p.first, "stairs.place")
        counts = [sum(places.get(t, 0) for t in types) for _name, types in PLACE_GROUPS]
        t.rows.append((_period_label(p), counts_row(counts)))
    return t


def consent_table(kept: Kept, periods: list[sf.Period]) -> Table:
    t = Table(
        "samtykke",
        _("Anbringelser med og uden samtykke ved periodens udgang"),
        str(SOURCE_VIVE) + " " + _("Barnets lov § 46 (med samtykke) og § 47 (uden samtykke)."),
        [_("Periode"), _("Med samtykke (§ 46)"), _("Uden samtykke (§ 47)"), _("I alt")],
    )
    for p in periods:
        grain = GRAINS[p.kind]
        counts = [kept.get(grain, p.first, "stairs.consent", k) for k in ("with", "without")]
        t.rows.append((_period_label(p), counts_row(counts)))
    return t


def band_names() -> list[str]:
    return [
        ngettext("%(lo)s–%(hi)s år", "%(lo)s–%(hi)s år", hi) % {"lo": lo, "hi": hi} for lo, hi in sf.AGE_BANDS
    ]


def ages_table(kept: Kept, today: dt.date) -> Table:
    t = Table(
        "alder",
        _("Alder ved anbringelse (anbringelser startet i året)"),
        str(SOURCE_VIVE) + " " + _("VIVE: «Børnene er yngre, når de anbringes»."),
        [_("År"), *band_names(), _("I alt")],
        notes=[
            _("Alder på anbringelsens første dag; anbringelser af børn uden kendt fødselsdato er ikke med.")
        ],
    )
    for p in sf.periods("year", today, YEARS):
        counts = [kept.get(Grain.YEAR, p.first, "stairs.age", str(i)) for i in range(len(sf.AGE_BANDS))]
        t.rows.append((p.label, counts_row(counts)))
    return t


def homecomings_table(kept: Kept, today: dt.date) -> Table:
    t = Table(
        "hjemgivelser",
        _("Hjemgivelser: anbringelser, der sluttede med at barnet kom hjem"),
        str(SOURCE_VIVE) + " " + _("VIVE: «Antallet af hjemgivelser er faldende»; barnets lov §§ 100–101."),
        [_("År"), _("Hjemgivet"), _("Andet ophør (ny anbringelse, 18 år)"), _("Anbringelser afsluttet")],
        notes=[
            _("Hjemgivet: barnet var under 18 år og var ikke anbragt dagen efter anbringelsens sidste dag.")
        ],
    )
    for p in sf.periods("year", today, YEARS):
        home, other = (kept.get(Grain.YEAR, p.first, "stairs.home", k) for k in ("home", "other"))
        t.rows.append((p.label, counts_row([home, other])))
    return t


def staircase_tables(scope: Scope, *, kind: str = "quarter", today: dt.date | None = None) -> list[Table]:
    """Every table of the page, from the kept facts: one query, whatever the number of measures."""
    today = today or timezone.localdate()
    periods = sf.periods(kind, today, PERIOD_KINDS[kind])
    quarters = sf.periods("quarter", today, QUARTERS + 1)
    years = sf.periods("year", today, YEARS)
    wanted: dict[str, list[dt.date]] = {Grain.QUARTER: [q.first for q in quarters]}
    wanted[Grain.YEAR] = [y.first for y in years]
    wanted.setdefault(GRAINS[kind], []).extend(p.first for p in periods)
    kept = Kept(scope, wanted, ("stairs.",))
    linked = Linked(kept, today)
    flows, matrix = flow_tables(linked)
    return [
        steps_table(linked, periods),
        flows,
        matrix,
        preventive_table(kept, periods),
        placements_table(kept, periods),
        consent_table(kept, periods),
        ages_table(kept, today),
        homecomings_table(kept, today),
    ]


def figure_of(table: Table):
    """The chart for each table (one definition for the page and any printed report)."""
    n = len(table.columns) - 2  # the value columns before the total
    if table.slug == "bevaegelser":
        names = table.columns[1:5]
        return table.figure(stacked, names, [0, 1, 2, 3], _("Børn"), sign=[1, 1, -1, -1])
    if table.slug == "fra-til":
        return table.figure(heatmap, table.columns[1:-1])
    if table.slug == "forebyggende-andel":
        return table.figure(share_line, 4, _("Andel forebyggende (%)"))
    if table.slug == "hjemgivelser":
        return table.figure(stacked, table.columns[1:3], [0, 1], _("Anbringelser"))
    y = _("Anbringelser") if table.slug in ("anbringelser", "samtykke", "alder") else _("Børn")
    return table.figure(stacked, table.columns[1 : n + 1], list(range(n)), y)
