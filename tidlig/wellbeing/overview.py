"""Anonymous well-being overviews: joint ratings counted by unit, age band, sex and half-year, no names.

One aggregate query over `Rating` (values + Count, grouped by period, unit, age band, sex and colour)
and one for the movement between two half-years; no per-child reads, so the cost does not grow with
the number of children beyond the database's own counting. Suppression: tidlig/rules/aggregates.py.
Who sees what: `access.sees_overview_of` (leaders their institution, managers and analysts all).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, Count, Max, Q, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.organisation.models import District, Institution, Staff
from tidlig.people.models import Sex
from tidlig.rules import aggregates as agg
from tidlig.rules import wellbeing as rules

from .access import sees_overview_of
from .models import Colour, Group, Rating, RatingPeriod

LEVELS = ("municipality", "district", "institution", "group")
SEXES = (Sex.BOY, Sex.GIRL, Sex.UNKNOWN)


def level_titles() -> dict[str, str]:
    return {
        "municipality": _("Kommune"),
        "district": _("Distrikt"),
        "institution": _("Institution"),
        "group": _("Gruppe"),
    }


def half_year_label(key: str) -> str:
    msgid, year = rules.half_year_parts(key)
    return _(msgid) % {"year": year}


def _age_band_expr() -> Case:
    return Case(
        *[
            When(age_months__gte=low, age_months__lte=high, then=Value(key))
            for key, low, high in rules.AGE_BANDS
        ],
        default=Value(rules.UNKNOWN_BAND),
    )


def _row(label: str, r: agg.Row) -> dict:
    """A row for the page, the CSV and the API: the counts (None where hidden), the shares, why each
    hidden count is hidden (`hidden`: {"red": "small", "yellow": "complementary"}) and `shown`, the seven
    entries as printed ("< 5", "x", "–" for a share that is not given)."""
    out: dict = {"label": label, "hidden": {}}
    for colour, value, pct, why in zip(rules.COLOURS, r.cells, r.shares, r.reasons, strict=True):
        out[colour] = value
        out[f"{colour}_pct"] = pct
        if why:
            out["hidden"][colour] = why
    out["total"] = r.total
    if r.total_reason:
        out["hidden"]["total"] = r.total_reason
    out["shown"] = [
        *(agg.mark(v, why) for v, why in zip((*r.cells, r.total), r.hidden, strict=True)),
        *(agg.share_mark(p) for p in r.shares),
    ]
    return out


def scope_for(actor: Staff, *, institution_id: int | None) -> Institution | None:
    """The institution the overview is limited to (None: the whole municipality), or refuse."""
    seen = sees_overview_of(actor)
    if seen is None:
        raise PermissionDenied(
            _("Oversigten er for institutionsledere, ledere og analytikere. Bed din leder om hjælp.")
        )
    if seen == "institution":
        return Institution.objects.get(pk=actor.institution_id)
    if institution_id is None:
        return None
    inst = Institution.objects.filter(pk=institution_id, municipality_id=actor.municipality_id).first()
    if inst is None:
        raise Http404
    return inst


def allowed_levels(actor: Staff, institution: Institution | None) -> tuple[str, ...]:
    if sees_overview_of(actor) == "institution" or institution is not None:
        return ("institution", "group")
    return ("municipality", "district", "institution")


@dataclass
class Hierarchy:
    """The municipality's institutions (in table order) and districts, and which district each is in."""

    institutions: list[tuple[int, str]]
    districts: list[int]
    district_of: list[int]  # per institution: its district's index in `districts`

    @classmethod
    def of(cls, municipality_id: int) -> Hierarchy:
        rows = Institution.objects.filter(municipality_id=municipality_id).values_list(
            "pk", "name", "district_id"
        )
        rows = sorted(rows, key=lambda r: (r[1], r[0]))  # the order decides ties when hiding
        districts = sorted({d for _pk, _name, d in rows})
        index = {d: i for i, d in enumerate(districts)}
        return cls([(pk, name) for pk, name, _d in rows], districts, [index[d] for _pk, _name, d in rows])

    def suppress(self, counts: dict[int, list[int]]) -> agg.Nested:
        """Institutions and districts hidden together, as one reader sees both tables."""
        return agg.suppress_nested(
            [counts[pk] for pk, _name in self.institutions], self.district_of, len(self.districts)
        )


def _hidden_alike(
    per_inst: dict[str, dict[int, list[int]]], keys: list[str], hierarchy: Hierarchy
) -> dict[str, agg.Nested]:
    """Per half-year, the municipality's institution and district tables and totals as every page shows them.

    An institution's totals on its own page are its row in the municipality's table of institutions,
    which may hide more than its numbers alone would (to protect another institution's small count,
    or a district's): shown on the institution's own page, those extra cells would give it away.
    """
    return {key: hierarchy.suppress(per_inst[key]) for key in keys}


def _units(level: str, municipality_id: int, institution: Institution | None) -> dict:
    """{unit id: name} of every unit in scope, so units with no ratings show as 0 and not by absence."""
    if level == "group":
        qs = Group.objects.filter(institution=institution).values_list("pk", "name")
    elif level == "institution":
        qs = Institution.objects.filter(municipality_id=municipality_id)
        qs = (qs.filter(pk=institution.pk) if institution else qs).values_list("pk", "name")
    elif level == "district":
        qs = District.objects.filter(municipality_id=municipality_id).values_list("pk", "name")
    else:
        return {None: _("Hele kommunen")}
    return dict(qs)


def overview(
    actor: Staff,
    *,
    level: str = "",
    half_year: str = "",
    institution_id: int | None = None,
    movement: bool = False,
) -> dict:
    """The overview of the actor's scope. The movement between half-years costs a pass over two half-years
    of ratings, so for the whole municipality it is computed when asked for (`movement=True`)."""
    institution = scope_for(actor, institution_id=institution_id)
    levels = allowed_levels(actor, institution)
    level = level if level in levels else levels[0]
    m_id = actor.municipality_id
    half_of: dict[int, str] = {}  # every period of the municipality: its half-year and institution
    inst_of: dict[int, int] = {}
    halves: dict[str, list[int]] = defaultdict(list)  # the periods in scope, by half-year
    today = timezone.localdate()
    running: set[str] = set()  # half-years with a period in scope still open: their counts are partial
    for pk, opens_on, closes_on, inst_id in RatingPeriod.objects.filter(
        institution__municipality_id=m_id
    ).values_list("pk", "opens_on", "closes_on", "institution_id"):
        half_of[pk], inst_of[pk] = rules.half_year(opens_on.year, opens_on.month), inst_id
        if institution is None or inst_id == institution.pk:
            halves[half_of[pk]].append(pk)
            if closes_on >= today:
                running.add(half_of[pk])
    keys = sorted(halves)
    chosen = half_year if half_year in halves else (keys[-1] if keys else "")
    result = {
        "level": level,
        "levels": [(k, level_titles()[k]) for k in levels],
        "institution": institution,
        "half_years": [(k, half_year_label(k)) for k in keys],
        "half_year": chosen,
        "half_year_label": half_year_label(chosen) if chosen else "",
        "in_progress": chosen in running,
        "colours": [(c.value, c.label) for c in Colour],
    }
    if not chosen:
        return result | {
            "total": None,
            "by_unit": [],
            "by_age": [],
            "by_sex": [],
            "over_time": [],
            "movement": None,
        }

    # The periods are the municipality's (or the institution's), so the period filter scopes the ratings;
    # every column read is in the covering index `rating_overview_covering`, so no table row is read.
    scope = Q(kind=Rating.Kind.JOINT)
    if institution is not None:
        scope &= Q(institution=institution)
    col = {c: i for i, c in enumerate(rules.COLOURS)}
    # Counts by half-year and institution for the whole municipality: an institution's own totals are
    # hidden as its row in the municipality's table hides them (see `_margins`).
    per_inst: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for r in (
        Rating.objects.filter(kind=Rating.Kind.JOINT, period_id__in=list(half_of))
        .values("period_id", "colour")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_inst[half_of[r["period_id"]]][inst_of[r["period_id"]]][col[r["colour"]]] += r["n"]
    hierarchy = Hierarchy.of(m_id)
    hidden_alike = _hidden_alike(per_inst, keys, hierarchy)
    if institution is None:
        margins = {k: n.margin for k, n in hidden_alike.items()}
    else:
        at = [pk for pk, _name in hierarchy.institutions].index(institution.pk)
        margins = {k: n.parts[at] for k, n in hidden_alike.items()}

    # Groups come from the ratings; institutions and districts from the counts hidden alike above, so a
    # district's row is exactly the sum of its institutions' rows and hides what they make it hide.
    unit_field = "group_id" if level == "group" else None
    fields = ["band", "sex", "colour"] + ([unit_field] if unit_field else [])
    rows = (
        Rating.objects.filter(scope, period_id__in=halves[chosen])
        .annotate(band=_age_band_expr())
        .values(*fields)
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_unit: dict = defaultdict(lambda: [0, 0, 0])
    by_band: dict = defaultdict(lambda: [0, 0, 0])
    by_sex: dict = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        c, n = col[r["colour"]], r["n"]
        by_unit[r[unit_field] if unit_field else None][c] += n
        by_band[r["band"]][c] += n
        by_sex[r["sex"] if r["sex"] in (Sex.BOY, Sex.GIRL) else Sex.UNKNOWN][c] += n

    nested = hidden_alike[chosen]
    preset: dict = {}
    if level in ("institution", "district"):
        by_unit.clear()
        for (pk, _name), d, row in zip(
            hierarchy.institutions, hierarchy.district_of, nested.parts, strict=True
        ):
            if institution is not None and pk != institution.pk:
                continue  # a leader's own institution: its row alone
            unit = pk if level == "institution" else hierarchy.districts[d]
            counts = per_inst[chosen].get(pk, [0, 0, 0])
            by_unit[unit] = [a + b for a, b in zip(by_unit.get(unit, [0, 0, 0]), counts, strict=True)]
            if level == "institution":
                preset[pk] = row
        if level == "district":
            preset = dict(zip(hierarchy.districts, nested.parents, strict=True))
    units = _units(level, m_id, institution)
    for extra in set(by_unit) - set(units):  # ratings of a removed group or without a district
        units[extra] = _("Uden gruppe") if level == "group" else _("Uden distrikt")
    unit_ids = sorted(units, key=lambda u: (u is None, str(units[u]), u or 0))
    bands = [b for b, _low, _high in rules.AGE_BANDS] + [rules.UNKNOWN_BAND]
    tables = agg.suppress_tables(
        [
            [by_unit[u] for u in unit_ids],
            [by_band[b] for b in bands],
            [by_sex[s] for s in SEXES],
        ],
        margin=margins[chosen],
        preset=[[preset.get(u, agg.Row(cells=(0, 0, 0), total=0)) for u in unit_ids]] if preset else [],
    )
    unit_rows, band_rows, sex_rows = tables.tables
    # A manager sees the municipality's breakdowns by age, sex and movement; with every institution's
    # too, the one hidden count among them could be worked out by subtraction. So one institution's
    # breakdowns are for its own leader; the manager's view of it is its groups and half-years.
    drill_down = institution is not None and sees_overview_of(actor) == "municipality"
    if drill_down:
        band_rows = sex_rows = ()
    total = _row(_("I alt"), tables.margin)
    shown = {
        "by_unit": [_row(str(units[u]), r) for u, r in zip(unit_ids, unit_rows, strict=True)],
        "by_age": [_row(_(rules.AGE_BAND_TITLES[b]), r) for b, r in zip(bands, band_rows, strict=False)],
        "by_sex": [_row(str(s.label), r) for s, r in zip(SEXES, sex_rows, strict=False)],
        "over_time": [_row(half_year_label(k), margins[k]) | {"key": k} for k in keys],
    }
    moved = (
        _movement(scope, chosen, halves) if not drill_down and (movement or institution is not None) else None
    )
    marks = {k: agg.marks_in(r["shown"] for r in [*rows, total]) for k, rows in shown.items()}
    if moved:
        marks["movement"] = agg.marks_in(r["shown"] for r in [*moved["rows"], moved["total"]])
    return result | {
        "breakdowns_withheld": drill_down,
        "total": total,
        **shown,
        "movement": moved,
        "movement_on_demand": institution is None and not movement,
        "marks": marks,  # per table: which marks its note must explain
    }


def _movement(scope: Q, chosen: str, halves: dict[str, list[int]]) -> dict | None:
    """How many children went from one colour to another between the previous half-year and this one.

    One query: each child's colour in either half-year (grouped by child, from the covering index),
    then counted by (before, after). Only the nine counts leave the database.
    """
    before = rules.previous_half_year(chosen)
    if before not in halves:
        return None
    per_child = (
        Rating.objects.filter(scope, period_id__in=halves[before] + halves[chosen])
        .values("child_id")
        .annotate(
            was=Max(Case(When(period_id__in=halves[before], then="colour"))),
            now=Max(Case(When(period_id__in=halves[chosen], then="colour"))),
        )
        .order_by()
    )
    inner, params = per_child.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.was, t.now, COUNT(*) FROM ({inner}) t "  # noqa: S608 - the inner SQL is Django's own
            "WHERE t.was IS NOT NULL AND t.now IS NOT NULL GROUP BY t.was, t.now",
            params,
        )
        counted = cursor.fetchall()
    col = {c: i for i, c in enumerate(rules.COLOURS)}
    matrix = [[0, 0, 0] for _ in rules.COLOURS]
    for was, now, n in counted:
        matrix[col[was]][col[now]] += n
    tables = agg.suppress_tables([matrix])
    labels = dict(Colour.choices)
    return {
        "from": half_year_label(before),
        "to": half_year_label(chosen),
        "rows": [_row(str(labels[c]), r) for c, r in zip(rules.COLOURS, tables.tables[0], strict=True)],
        "total": _row(_("I alt"), tables.margin),
    }
