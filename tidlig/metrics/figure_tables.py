"""What the staircase and spending pages share: whose figures a reader sees, and a table of suppressed
cells that becomes a core.charts Figure on the page, a CSV/Excel sheet and an API answer alike."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tidlig.core.charts import Figure, kept_html
from tidlig.core.exports import Sheet
from tidlig.organisation.models import Role, Staff, Team
from tidlig.rules import aggregates as agg

from .facts_stairs import COMMITTED_ASOF
from .models import Fact, Refresh

# ---------------------------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """The children whose figures a reader sees: the municipality's, or a team leader's team's (children
    whose caseworker was on the team when the facts were refreshed: `Fact.team`)."""

    municipality_id: int
    team_id: int | None = None
    label: str = ""


def scope_for(user: Staff) -> Scope:
    """Managers and analysts see the municipality; a team leader their team; anyone else nothing."""
    if user.role in (Role.MANAGER, Role.ANALYST):
        return Scope(user.municipality_id, None, user.municipality.name)
    if user.role == Role.TEAM_LEADER and user.team_id:
        team = Team.objects.get(pk=user.team_id)
        return Scope(user.municipality_id, team.pk, team.name)
    raise PermissionDenied(
        _(
            "Trappen og økonomien er for ledere, analytikere og teamledere. Bed din leder om adgang, hvis du har brug for den."
        )
    )


# ---------------------------------------------------------------------------------------------- kept facts


class Kept:
    """The kept facts (metrics.Fact, facts_stairs.py) of a scope for some periods, read in one query: the
    municipality's rows summed over districts and teams, or a team's rows. The pages read these only."""

    def __init__(self, scope: Scope, periods: dict[str, Iterable[dt.date]], prefixes: tuple[str, ...]):
        wanted = Q()
        for grain, starts in periods.items():
            wanted |= Q(grain=grain, start__in=sorted(set(starts)))
        measures = Q()
        for prefix in prefixes:
            measures |= Q(measure__startswith=prefix)
        qs = Fact.objects.filter(wanted, measures, municipality_id=scope.municipality_id)
        if scope.team_id is not None:
            # The team's rows; the day the committed cost was computed is kept for the municipality.
            qs = qs.filter(Q(team_id=scope.team_id) | Q(measure=COMMITTED_ASOF))
        self.data: dict[tuple[str, dt.date], dict[tuple[str, str], int]] = defaultdict(
            lambda: defaultdict(int)
        )
        # Summed over districts and teams by the database: a few hundred rows, whatever the size.
        rows = qs.values_list("grain", "start", "measure", "key").annotate(total=Sum("value")).order_by()
        for grain, start, measure, key, value in rows:
            self.data[(grain, start)][(measure, key)] += value

    def get(self, grain: str, start: dt.date, measure: str, key: str = "") -> int:
        return self.data.get((grain, start), {}).get((measure, key), 0)

    def keys(self, grain: str, start: dt.date, measure: str) -> dict[str, int]:
        return {k: v for (m, k), v in self.data.get((grain, start), {}).items() if m == measure}

    def has(self, grain: str, start: dt.date, measure: str) -> bool:
        return any(m == measure for m, _k in self.data.get((grain, start), {}))


def refreshed_at(municipality_id: int) -> dt.datetime | None:
    """When the municipality's facts were last refreshed (the running period is counted to that day)."""
    return last_refresh(municipality_id)[0]


def last_refresh(municipality_id: int) -> tuple[dt.datetime | None, uuid.UUID | None]:
    """When the municipality's facts were last refreshed and that refresh's stamp (one query)."""
    return Refresh.objects.filter(municipality_id=municipality_id).values_list(
        "refreshed_at", "stamp"
    ).first() or (None, None)


def figures_html(scope: Scope, stamp: uuid.UUID | None, page: str, params: Any, build) -> SafeString:
    """A page's figures as HTML (`build()`), kept by what they are drawn from: the facts' refresh stamp,
    the scope, the page and its parameters, the day (the running period and the periods shown follow
    it) and the language (core.charts.kept_html). A second visitor gets them without reading a fact or
    building a chart; after a refresh the stamp differs and they are drawn anew. Without any refresh
    there is nothing to keep."""
    if stamp is None:
        return mark_safe(build())  # noqa: S308 — a template's output
    key = [page, str(stamp), scope.municipality_id, scope.team_id, params, timezone.localdate()]
    return kept_html(key, build)


# ---------------------------------------------------------------------------------------------- cells


@dataclass(frozen=True)
class Cell:
    value: int | Decimal | None
    reason: str | None = None  # agg.SMALL or agg.COMPLEMENTARY when hidden
    kind: str = "count"  # count | money | share

    def shown(self) -> str | int:
        if self.kind == "share":
            return agg.share_mark(self.value if self.reason is None else None)
        if self.value is None or self.reason:
            return agg.mark(None, self.reason or agg.SMALL)
        if self.kind == "money":
            return f"{number_format(self.value, 0, force_grouping=True)}\u00a0kr."  # no break before kr.
        return number_format(self.value, 0, force_grouping=True)

    def exported(self) -> str | int:
        """As in a CSV or Excel cell: a number a spreadsheet can add (kroner without "kr."), or the mark."""
        if self.kind == "share" or self.value is None or self.reason:
            return self.shown()
        return int(self.value)

    def number(self) -> float | None:
        """The value for a chart or the API: None when hidden."""
        if self.value is None or self.reason:
            return None
        return float(self.value) if isinstance(self.value, Decimal) else self.value


def counts_row(counts: list[int]) -> list[Cell]:
    """Counts that add up to a total shown beside them: suppressed on the line, the total last."""
    row = agg.suppress_row(counts)
    return [Cell(v, why) for v, why in zip((*row.cells, row.total), row.hidden, strict=True)]


def amounts_row(amounts: list[Decimal], children: list[int], children_total: int) -> list[Cell]:
    row = agg.suppress_amounts([Decimal(a) for a in amounts], children, children_total)
    return [
        Cell(None if v is None else Decimal(v).quantize(Decimal(1)), why, "money")
        for v, why in zip((*row.cells, row.total), row.hidden, strict=True)
    ]


def share_cell(part: Cell, whole: Cell) -> Cell:
    """A share only of shown numbers (a hidden part or whole, or a whole of 0, gives "–")."""
    return Cell(agg.share(part.number(), whole.number()), None, "share")


def sum_of_shown(cells: list[Cell], kind: str = "count", true_sum: int | None = None) -> Cell:
    """The sum of cells the reader already sees; hidden if any of them is (so it gives nothing away):
    as small ("< 5") when the true sum of counts is 1–4, else as hidden to protect ("x")."""
    if any(c.number() is None for c in cells):
        small = true_sum is not None and agg.is_small(true_sum)
        return Cell(None, agg.SMALL if small else agg.COMPLEMENTARY, kind)
    return Cell(sum((c.value for c in cells), Decimal(0) if kind == "money" else 0), None, kind)


# ---------------------------------------------------------------------------------------------- tables


@dataclass
class Table:
    """One figure's numbers: a first column of labels and cells as suppressed."""

    slug: str
    title: str
    source: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def shown_rows(self) -> list[list[object]]:
        return [[label, *(c.shown() for c in cells)] for label, cells in self.rows]

    def all_notes(self, shown_rows: list[list[object]] | None = None) -> list[str]:
        used = agg.marks_in(self.shown_rows() if shown_rows is None else shown_rows)
        marks = [
            _(agg.NOTE_SMALL) if used["small"] else "",
            _(agg.NOTE_COMPLEMENTARY) if used["complementary"] else "",
            _(agg.NOTE_NO_SHARE) if used["no_share"] else "",
        ]
        if used["small"] or used["complementary"]:
            marks.append(_("Skjulte tal er ikke tegnet i figuren."))
        return [*self.notes, *(m for m in marks if m)]

    def figure(self, draw, *args, **kwargs) -> Figure:
        """The table's Figure with the chart `draw(self, *args, **kwargs)` (one of the chart functions of
        staircase.py or spending.py). The chart is built only when its SVG is not cached: the cache key is
        the function, its arguments and every cell it can read, so other numbers draw a new picture."""
        cells = [[label, [[c.value, c.reason, c.kind] for c in cells]] for label, cells in self.rows]
        rows = self.shown_rows()  # formatted once (number_format is most of a table's cost)
        return Figure(
            title=self.title,
            chart=lambda: draw(self, *args, **kwargs),
            key=[f"{draw.__module__}.{draw.__qualname__}", args, kwargs, self.slug, self.columns, cells],
            columns=self.columns,
            rows=rows,
            notes=self.all_notes(rows),
            slug=self.slug,
            source=self.source,
        )

    def sheet(self) -> Sheet:
        rows = [[label, *(c.exported() for c in cells)] for label, cells in self.rows]
        money = any(c.kind == "money" for _label, cells in self.rows for c in cells)
        notes = [*self.all_notes(), *([_("Beløb i kr.")] if money else []), self.source]
        return Sheet(self.title, self.columns, rows, notes)

    def api(self) -> dict:
        return {
            "slug": self.slug,
            "title": self.title,
            "source": self.source,
            "columns": self.columns[1:],
            "rows": [
                {
                    "label": label,
                    "values": [c.number() if c.kind != "share" else c.value for c in cells],
                    "hidden": {
                        self.columns[i + 1]: c.reason for i, c in enumerate(cells) if c.reason is not None
                    },
                }
                for label, cells in self.rows
            ],
        }
