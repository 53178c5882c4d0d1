"""The staircase in motion (issue 11): children on each step, flows between steps, preventive measures
against placements, placements by type and consent, age at placement, hjemgivelser.

Read from the measures table in one query (a measure's start, end, step, place and consent, and the
child's birth date; no names), then counted by the pure rules in rules/staircase_flows.py; every count is
suppressed by rules/aggregates.py. These are VIVE's key figures for 18 municipalities 2016–2019 and
Socialstyrelsen's indsatstrappe; each figure names its source.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import altair as alt
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidlig.interventions.models import Measure, PlaceType
from tidlig.rules import aggregates as agg
from tidlig.rules import staircase_flows as sf

from .figure_tables import Cell, Scope, Table, counts_row, share_cell, sum_of_shown

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


class Facts:
    """The measures of a scope, read once: per child its spans (start, end, step), and the placements."""

    def __init__(self, scope: Scope):
        rows = scope.measures(Measure.objects.filter(started_on__isnull=False)).values_list(
            "child_id",
            "started_on",
            "ended_on",
            "type__level",
            "place_type",
            "without_consent",
            "child__birth_date",
        )
        self.spans: dict[int, list[sf.Span]] = defaultdict(list)
        self.placements: list[tuple] = []
        self.birth: dict[int, dt.date | None] = {}
        for child, start, end, level, place, without, birth in rows:
            self.spans[child].append((start, end, level))
            self.birth[child] = birth
            if level in sf.PLACEMENT_STEPS:
                self.placements.append((child, start, end, level, place, without))

    def children(self):
        return self.spans.values()

    def running_on(self, day: dt.date):
        return [p for p in self.placements if p[1] <= day and (p[2] is None or p[2] >= day)]

    def measures_on(self, day: dt.date) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for spans in self.spans.values():
            for s, e, lvl in spans:
                if s <= day and (e is None or e >= day):
                    counts[lvl] += 1
        return counts


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

    def __init__(self, facts: Facts, today: dt.date):
        self.facts, self.today = facts, today
        self.quarters = sf.periods("quarter", today, QUARTERS)
        pairs = [(q.first - dt.timedelta(days=1), sf.counting_day(q, today)) for q in self.quarters]
        self.pairs = pairs
        self.values, lines = sf.linked_counts(list(facts.children()), pairs)
        self.hidden = agg.suppress_linked(self.values, lines)

    def cell(self, key: tuple) -> Cell:
        why = self.hidden[key]
        return Cell(None if why else self.values[key], why)

    def steps(self, day: dt.date) -> list[Cell]:
        """The steps on a day as in every table: jointly suppressed for a quarter's counting day, else a
        row of its own (a day no matrix shares)."""
        if ("steps", day) in self.values:
            return [*(self.cell(("step", day, s)) for s in sf.STEPS), self.cell(("steps", day))]
        counts = sf.steps_on(self.facts.children(), day)
        return counts_row([counts[s] for s in sf.STEPS])


def steps_table(linked: Linked, periods: list[sf.Period], today: dt.date) -> Table:
    t = Table(
        "trin",
        _("Børn på hvert trin ved periodens udgang"),
        str(SOURCE_STAIRCASE),
        [_("Periode"), *step_names(), _("I alt")],
        notes=[_("Den igangværende periode tælles til i dag.")],
    )
    for p in periods:
        t.rows.append((_period_label(p), linked.steps(sf.counting_day(p, today))))
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


def preventive_table(facts: Facts, periods: list[sf.Period], today: dt.date) -> Table:
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
        m = facts.measures_on(sf.counting_day(p, today))
        cells = counts_row([m.get(2, 0), m.get(3, 0), sum(m.get(s, 0) for s in sf.PLACEMENT_STEPS)])
        t.rows.append((_period_label(p), [*cells, share_cell(sum_of_shown(cells[:2]), cells[3])]))
    return t


def placements_table(facts: Facts, periods: list[sf.Period], today: dt.date) -> Table:
    t = Table(
        "anbringelser",
        _("Anbragte efter anbringelsessted ved periodens udgang"),
        str(SOURCE_VIVE) + " " + _("Anbringelsessteder efter barnets lov § 43, stk. 1."),
        [_("Periode"), *(str(name) for name, _types in PLACE_GROUPS), _("I alt")],
    )
    for p in periods:
        running = facts.running_on(sf.counting_day(p, today))
        counts = [sum(1 for r in running if r[4] in types) for _name, types in PLACE_GROUPS]
        t.rows.append((_period_label(p), counts_row(counts)))
    return t


def consent_table(facts: Facts, periods: list[sf.Period], today: dt.date) -> Table:
    t = Table(
        "samtykke",
        _("Anbringelser med og uden samtykke ved periodens udgang"),
        str(SOURCE_VIVE) + " " + _("Barnets lov § 46 (med samtykke) og § 47 (uden samtykke)."),
        [_("Periode"), _("Med samtykke (§ 46)"), _("Uden samtykke (§ 47)"), _("I alt")],
    )
    for p in periods:
        running = facts.running_on(sf.counting_day(p, today))
        without = sum(1 for r in running if r[5])
        t.rows.append((_period_label(p), counts_row([len(running) - without, without])))
    return t


def band_names() -> list[str]:
    return [_("%(lo)s–%(hi)s år") % {"lo": lo, "hi": hi} for lo, hi in sf.AGE_BANDS]


def ages_table(facts: Facts, today: dt.date) -> Table:
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
        counts = [0] * len(sf.AGE_BANDS)
        for child, start, _end, _lvl, _place, _without in facts.placements:
            birth = facts.birth.get(child)
            if birth and p.first <= start <= p.last:
                counts[sf.age_band(sf.age_on(birth, start))] += 1
        t.rows.append((p.label, counts_row(counts)))
    return t


def homecomings_table(facts: Facts, today: dt.date) -> Table:
    t = Table(
        "hjemgivelser",
        _("Hjemgivelser: anbringelser, der sluttede med at barnet kom hjem"),
        str(SOURCE_VIVE) + " " + _("VIVE: «Antallet af hjemgivelser er faldende»; barnets lov §§ 100–101."),
        [_("År"), _("Hjemgivet"), _("Andet ophør (ny anbringelse, 18 år)"), _("Anbringelser afsluttet")],
        notes=[
            _("Hjemgivet: barnet var under 18 år og var ikke anbragt dagen efter anbringelsens sidste dag.")
        ],
    )
    placed: dict[int, list[sf.Span]] = defaultdict(list)
    for child, start, end, lvl, _place, _without in facts.placements:
        placed[child].append((start, end, lvl))
    for p in sf.periods("year", today, YEARS):
        home = other = 0
        for child, start, end, lvl, _place, _without in facts.placements:
            if end is None or not p.first <= end <= p.last:
                continue
            others = [s for s in placed[child] if s != (start, end, lvl)]
            if sf.is_homecoming(end, others, facts.birth.get(child)):
                home += 1
            else:
                other += 1
        t.rows.append((p.label, counts_row([home, other])))
    return t


def staircase_tables(scope: Scope, *, kind: str = "quarter", today: dt.date | None = None) -> list[Table]:
    today = today or timezone.localdate()
    facts = Facts(scope)
    periods = sf.periods(kind, today, PERIOD_KINDS[kind])
    linked = Linked(facts, today)
    flows, matrix = flow_tables(linked)
    return [
        steps_table(linked, periods, today),
        flows,
        matrix,
        preventive_table(facts, periods, today),
        placements_table(facts, periods, today),
        consent_table(facts, periods, today),
        ages_table(facts, today),
        homecomings_table(facts, today),
    ]


def figure_of(table: Table):
    """The chart for each table (one definition for the page and any printed report)."""
    n = len(table.columns) - 2  # the value columns before the total
    if table.slug == "bevaegelser":
        names = table.columns[1:5]
        return table.figure(stacked(table, names, [0, 1, 2, 3], _("Børn"), sign=[1, 1, -1, -1]))
    if table.slug == "fra-til":
        return table.figure(heatmap(table, table.columns[1:-1]))
    if table.slug == "forebyggende-andel":
        return table.figure(share_line(table, 4, _("Andel forebyggende (%)")))
    if table.slug == "hjemgivelser":
        return table.figure(stacked(table, table.columns[1:3], [0, 1], _("Anbringelser")))
    y = _("Anbringelser") if table.slug in ("anbringelser", "samtykke", "alder") else _("Børn")
    return table.figure(stacked(table, table.columns[1 : n + 1], list(range(n)), y))
