"""Key figures over time, read from the kept facts (models.Fact) only, suppressed by rules/aggregates.

One function, `keyfigures`, serves the page, its CSV/Excel downloads and the API: it returns series —
per period a row of values (None where hidden or not a number) with the reasons of what is hidden — and
the page turns each into a core.charts Figure. No name, no child: only counts and what is derived from them.

Who sees what (issue 11): managers, analysts and administrators the municipality and each district; a
team leader the district of their team (a team without a district, the reception, serves the whole
municipality: its leader sees the municipality). Tidlig has no district-leader role (organisation.Role).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tidlig.intake.models import NotifierKindChoices, Reason, ScreeningDecision
from tidlig.organisation.models import District, Role, Staff
from tidlig.rules import aggregates as agg
from tidlig.timeline.models import ALL_TYPES as OBLIGATION_TYPES
from tidlig.wellbeing.models import Colour

from .facts import add_months, month_start, period_end, period_start
from .models import Fact, Grain, Refresh

VIEWERS = {Role.ANALYST, Role.MANAGER, Role.TEAM_LEADER, Role.ADMINISTRATOR}
WHOLE_VIEWERS = {Role.ANALYST, Role.MANAGER, Role.ADMINISTRATOR}
KINDS = tuple(NotifierKindChoices.values)
SCREENING = (*ScreeningDecision.values, "pending")
SOURCE_TIDLIG = _("Tidligs egne registreringer (beholdte nøgletal)")


@dataclass
class Scope:
    """What the reader may see: the whole municipality (district None) or one district."""

    municipality_id: int
    district: District | None
    districts: list[District]  # the choices the reader has
    whole_allowed: bool


def scope_for(user: Staff, district_id: int | None) -> Scope:
    if user.role not in VIEWERS:
        raise PermissionDenied(gettext("Nøgletal er for ledere og analytikere."))
    all_districts = list(District.objects.filter(municipality_id=user.municipality_id).order_by("name"))
    if user.role in WHOLE_VIEWERS:
        allowed, whole = all_districts, True
    else:  # team leader
        own = user.team.district_id if user.team_id else None
        allowed = [d for d in all_districts if d.pk == own]
        whole = user.team_id is not None and own is None
    if district_id is None:
        if whole:
            return Scope(user.municipality_id, None, allowed, whole)
        if allowed:
            return Scope(user.municipality_id, allowed[0], allowed, whole)
        raise PermissionDenied(gettext("Du er ikke knyttet til et distrikt eller team."))
    chosen = next((d for d in allowed if d.pk == district_id), None)
    if chosen is None:
        raise PermissionDenied(gettext("Du kan ikke se nøgletal for dette distrikt."))
    return Scope(user.municipality_id, chosen, allowed, whole)


def period_label(grain: str, start: dt.date) -> str:
    if grain == Grain.MONTH:
        return f"{start:%m.%Y}"
    if grain == Grain.QUARTER:
        return gettext("%(q)d. kvt. %(y)d") % {"q": (start.month - 1) // 3 + 1, "y": start.year}
    if grain == Grain.HALF_YEAR:
        return gettext("%(h)d. halvår %(y)d") % {"h": 1 if start.month <= 6 else 2, "y": start.year}
    return str(start.year)


def periods(grain: str, first: dt.date, last: dt.date) -> list[dt.date]:
    out, p = [], period_start(grain, first)
    while p <= last:
        out.append(p)
        p = period_end(grain, p)
    return out


def quantile(histogram: dict[int, int], p: float) -> int | None:
    """The nearest-rank p-quantile of a histogram {days: count}: the smallest value with at least p of the
    observations at or below it (median p=0.5: of 1, 2, 3, 10 it is 2)."""
    n = sum(histogram.values())
    if not n:
        return None
    rank, seen = max(1, math.ceil(p * n - 1e-9)), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None


@dataclass
class Series:
    """One figure's numbers: `columns` (key, label, kind: count | rate | share | days | ratio), and per
    row a label, the values (None where hidden or no number) and why each hidden one is hidden."""

    slug: str
    title: str
    columns: list[tuple[str, str, str]]
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""
    chart: tuple[str, ...] = ()  # the columns drawn (one line each); all when empty

    def add(self, label: str, values: dict, hidden: dict | None = None) -> None:
        self.rows.append({"label": label, "values": values, "hidden": hidden or {}})

    def shown(self) -> list[list[object]]:
        out = []
        for r in self.rows:
            line: list[object] = [r["label"]]
            for key, _label, kind in self.columns:
                v, why = r["values"].get(key), r["hidden"].get(key)
                if why and kind != "count":
                    line.append(agg.NO_SHARE_MARK)  # a rate or median of a hidden count: no number
                elif why:
                    line.append(agg.mark(None, why))
                elif v is None:
                    line.append(agg.NO_SHARE_MARK)
                elif kind == "share":
                    line.append(f"{v} %")
                elif isinstance(v, float):
                    line.append(f"{v:.1f}".replace(".", ","))
                else:
                    line.append(v)
            out.append(line)
        return out


def _count(value: int) -> tuple[int | None, str | None]:
    return agg.suppress(value), agg.reason_of(value)


def _rate(count: int, population: int) -> float | None:
    """Per 1,000 children 0–17; hidden with the count (1–4) so the rate does not give it back."""
    if agg.is_small(count) or not population:
        return None
    return round(1000 * count / population, 1)


class Facts:
    """The kept facts of one grain and range, for the whole municipality or one district."""

    def __init__(self, scope: Scope, grain: str, first: dt.date, last: dt.date):
        qs = Fact.objects.filter(
            municipality_id=scope.municipality_id, grain=grain, start__gte=first, start__lte=last
        )
        if scope.district is not None:
            qs = qs.filter(district=scope.district)
        self.data: dict[dt.date, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
        for start, measure, key, value in qs.values_list("start", "measure", "key", "value"):
            self.data[start][(measure, key)] += value

    def get(self, start: dt.date, measure: str, key: str = "") -> int:
        return self.data.get(start, {}).get((measure, key), 0)

    def keys(self, start: dt.date, measure: str) -> dict[str, int]:
        return {k: v for (m, k), v in self.data.get(start, {}).items() if m == measure}


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


def _days(histogram: dict[str, int]) -> dict[int, int]:
    return {int(k): v for k, v in histogram.items()}


def _time_series(
    f: Facts, grain: str, starts: list[dt.date], measure: str, slug: str, title: str, note: str
) -> Series:
    s = Series(
        slug,
        title,
        [
            ("children", gettext("Børn"), "count"),
            ("median", gettext("Median, dage"), "days"),
            ("p80", gettext("80 %-fraktil, dage"), "days"),
        ],
        notes=[note, gettext("Median og fraktil vises først fra 5 børn.")],
        source=str(SOURCE_TIDLIG),
        chart=("median", "p80"),
    )
    for p in starts:
        hist = _days(f.keys(p, measure))
        n = sum(hist.values())
        values, hidden = {"children": agg.suppress(n)}, {}
        if agg.is_small(n):
            hidden = {"children": agg.SMALL, "median": agg.SMALL, "p80": agg.SMALL}
            values |= {"median": None, "p80": None}
        else:
            values |= {"median": quantile(hist, 0.5), "p80": quantile(hist, 0.8)}
        s.add(period_label(grain, p), values, hidden)
    return s


def _timeliness_over_time(f: Facts, grain: str, starts: list[dt.date]) -> Series:
    codes = sorted({k for p in starts for k in f.keys(p, "obligation.due")})
    s = Series(
        "frister",
        gettext("Frister overholdt over tid (andel)"),
        [(c, gettext(OBLIGATION_TYPES[c].title) if c in OBLIGATION_TYPES else c, "share") for c in codes],
        notes=[
            gettext("Andelen af frister med forfald i perioden, der blev overholdt; «–» under 5 frister.")
        ],
        source=str(SOURCE_TIDLIG),
    )
    for p in starts:
        values, hidden = {}, {}
        for c in codes:
            due, on_time = (
                agg.suppress(f.get(p, "obligation.due", c)),
                agg.suppress(f.get(p, "obligation.on_time", c)),
            )
            values[c] = agg.share(on_time, due)
        s.add(period_label(grain, p), values, hidden)
    return s


def _timeliness_total(f: Facts, starts: list[dt.date]) -> list[dict]:
    due: dict[str, int] = defaultdict(int)
    on_time: dict[str, int] = defaultdict(int)
    for p in starts:
        for k, v in f.keys(p, "obligation.due").items():
            due[k] += v
        for k, v in f.keys(p, "obligation.on_time").items():
            on_time[k] += v
    out = []
    for code in sorted(due):
        shown_due, shown_on_time = agg.suppress(due[code]), agg.suppress(on_time[code])
        hidden = {k: agg.SMALL for k, v in (("due", shown_due), ("on_time", shown_on_time)) if v is None}
        title = gettext(OBLIGATION_TYPES[code].title) if code in OBLIGATION_TYPES else code
        out.append(
            {
                "code": code,
                "title": title,
                "due": shown_due,
                "on_time": shown_on_time,
                "share": agg.share(shown_on_time, shown_due),
                "hidden": hidden,
                "shown": {
                    "due": agg.mark(shown_due, hidden.get("due")),
                    "on_time": agg.mark(shown_on_time, hidden.get("on_time")),
                    "share": agg.share_mark(agg.share(shown_on_time, shown_due)),
                },
            }
        )
    return out


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


def _caseload(f: Facts, grain: str, starts: list[dt.date]) -> Series:
    s = Series(
        "sagsstamme",
        gettext("Sagsstamme og ledelsesspænd"),
        [
            ("children", gettext("Børn med rådgiver"), "count"),
            ("caseworkers", gettext("Rådgivere"), "count"),
            ("per_caseworker", gettext("Børn pr. rådgiver"), "ratio"),
            ("leaders", gettext("Teamledere"), "count"),
            ("span", gettext("Medarbejdere pr. teamleder"), "ratio"),
        ],
        chart=("per_caseworker", "span"),
        notes=[
            gettext(
                "Et øjebliksbillede, gemt for den periode, der løb, da nøgletallene blev opdateret "
                "(registret kender kun barnets nuværende rådgiver); distrikt efter rådgiverens team."
            )
        ],
        source=str(SOURCE_TIDLIG),
    )
    for p in starts:
        children, workers = f.get(p, "caseload.children"), f.get(p, "caseload.caseworkers")
        leaders, staff = f.get(p, "span.leaders"), f.get(p, "span.staff")
        if not (children or workers or leaders):
            continue
        values, hidden = {}, {}
        values["children"], why = _count(children)
        if why:
            hidden["children"] = why
        values["caseworkers"] = workers
        values["per_caseworker"] = round(children / workers, 1) if workers and not why else None
        if why:
            hidden["per_caseworker"] = why
        values["leaders"] = leaders
        values["span"] = round(staff / leaders, 1) if leaders else None
        s.add(period_label(grain, p), values, hidden)
    return s


def default_range(grain: str, now: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    today = timezone.localdate(now or timezone.now())
    back = {Grain.MONTH: 14, Grain.QUARTER: 21, Grain.HALF_YEAR: 30, Grain.YEAR: 48}[
        grain
    ]  # 15 m., 8 q., 6 h., 5 y.
    return period_start(grain, add_months(month_start(today), -back)), period_start(grain, today)


def keyfigures(
    user: Staff,
    *,
    grain: str = Grain.MONTH,
    first: dt.date | None = None,
    last: dt.date | None = None,
    district_id: int | None = None,
) -> dict:
    """The key figures the reader may see, from the kept facts: a handful of queries, whatever the size."""
    scope = scope_for(user, district_id)
    d_first, d_last = default_range(grain)
    first = period_start(grain, first or d_first)
    last = period_start(grain, last or d_last)
    if last < first:
        first, last = last, first
    starts = periods(grain, first, last)
    f = Facts(scope, grain, first, last)
    halves = periods(Grain.HALF_YEAR, first, period_end(grain, last) - dt.timedelta(days=1))
    h = Facts(scope, Grain.HALF_YEAR, halves[0], halves[-1]) if halves else None
    months = _kinds_months(f, grain, starts)
    series = [
        _notifications(f, grain, starts),
        _kinds(months),
        _reasons(f, starts),
        _outcomes(f, grain, starts),
        _time_series(
            f,
            grain,
            starts,
            "concern_to_measure.days",
            "tid-til-indsats",
            gettext("Fra første underretning til første indsats"),
            gettext(
                "Børn, hvis første indsats blev besluttet i perioden: dage fra barnets første underretning."
            ),
        ),
        _time_series(
            f,
            grain,
            starts,
            "sign_to_measure.days",
            "tid-fra-foerste-tegn",
            gettext("Fra første tegn til første indsats"),
            gettext(
                "Børn, hvis første indsats blev besluttet i perioden: dage fra det første tegn — en underretning, "
                "en rød fælles trivselsvurdering eller en bekymring i dagtilbud eller skole."
            ),
        ),
        _timeliness_over_time(f, grain, starts),
        _early(h, halves) if h else None,
        _caseload(f, grain, starts),
    ]
    refreshed = (
        Refresh.objects.filter(municipality_id=scope.municipality_id)
        .values_list("refreshed_at", flat=True)
        .first()
    )
    return {
        "scope": scope,
        "grain": grain,
        "first": first,
        "last": last,
        "months": months,
        "timeliness": _timeliness_total(f, starts),
        "series": [s for s in series if s is not None],
        "refreshed_at": refreshed,
    }
