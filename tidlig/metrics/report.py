"""The committee report (issue 11 §3): "Nøgletal for Børne- og Ungeudvalget, 3. kvartal 2026" as PDF.

One document from the pages' own builders — the key figures (keyfigures.keyfigures), the staircase
(staircase.staircase_tables), spending (spending.cost_tables) and the comparison with Danmarks Statistik
(comparison/report.py, read through core.report_sections: nothing imports comparison) — each a
core.charts Figure (the chart as static SVG, the table under it),
with short sentences from report_text. The reader sees what the pages show them and no more: managers
and analysts the municipality (and the comparison), team leaders their district's key figures and their
team's staircase and spending. No name, no child.

The PDF is WeasyPrint's rendering of the same HTML the browser shows at /noegletal/rapport/; its
stylesheet (static tidlig/report.css) is read from disk by `StaticFetcher`, never over HTTP, and any other
address is refused, so rendering touches no network.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.core import report_sections
from tidlig.core.report_sections import ReportSection
from tidlig.organisation.models import Staff

from . import report_text as text
from . import spending, staircase
from .facts import add_months
from .figure_tables import scope_for as table_scope_for
from .keyfigures import keyfigures
from .models import Grain
from .series_figures import figure_of

KINDS = {"Q": "quarter", "H": "half", "Y": "year"}
PERIOD_RE = re.compile(r"^(?P<year>\d{4})(-(?P<kind>[QH])(?P<n>\d))?$")
MONTHS = {"quarter": 3, "half": 6, "year": 12}
HISTORY = {"quarter": 8, "half": 6, "year": 5}  # periods drawn in the key figures, the chosen one last


@dataclass(frozen=True)
class Period:
    """A quarter, half-year or year: `code` is how the URL says it (2026-Q3, 2026-H1, 2026)."""

    kind: str  # quarter | half | year
    year: int
    n: int = 1

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 1 + (self.n - 1) * MONTHS[self.kind], 1)

    @property
    def last(self) -> dt.date:
        return add_months(self.first, MONTHS[self.kind]) - dt.timedelta(days=1)

    @property
    def code(self) -> str:
        if self.kind == "year":
            return str(self.year)
        return f"{self.year}-{'Q' if self.kind == 'quarter' else 'H'}{self.n}"

    @property
    def grain(self) -> str:
        return {"quarter": Grain.QUARTER, "half": Grain.HALF_YEAR, "year": Grain.YEAR}[self.kind]

    def label(self) -> str:
        if self.kind == "quarter":
            return _("%(n)s. kvartal %(year)s") % {"n": self.n, "year": self.year}
        if self.kind == "half":
            return _("%(n)s. halvår %(year)s") % {"n": self.n, "year": self.year}
        return str(self.year)

    def shifted(self, k: int) -> Period:
        """The period k periods later (k < 0: earlier)."""
        per_year = 12 // MONTHS[self.kind]
        index = self.year * per_year + self.n - 1 + k
        return Period(self.kind, index // per_year, index % per_year + 1)


def last_full_quarter(today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period("quarter", today.year, (today.month - 1) // 3 + 1).shifted(-1)


def choices(today: dt.date | None = None) -> list[Period]:
    """The periods one can choose: the last 8 whole quarters, 4 whole half-years and 5 whole years."""
    today = today or timezone.localdate()
    q = last_full_quarter(today)
    h = Period("half", today.year, 1 if today.month <= 6 else 2).shifted(-1)
    y = Period("year", today.year - 1)
    return [
        *(q.shifted(-i) for i in range(8)),
        *(h.shifted(-i) for i in range(4)),
        *(y.shifted(-i) for i in range(5)),
    ]


def parse_period(value: str, today: dt.date | None = None) -> Period:
    """A period from its code; ValidationError in Danish when it is not one or has not ended yet."""
    today = today or timezone.localdate()
    m = PERIOD_RE.match((value or "").strip())
    if m is None:
        raise ValidationError(
            _("Skriv perioden som et år (2026), et halvår (2026-H1) eller et kvartal (2026-Q3).")
        )
    year, kind = int(m["year"]), m["kind"]
    n = int(m["n"]) if m["n"] else 1
    period = Period("year", year) if kind is None else Period(KINDS[kind], year, n)
    if (kind == "Q" and not 1 <= n <= 4) or (kind == "H" and not 1 <= n <= 2):
        raise ValidationError(_("Et år har fire kvartaler (Q1–Q4) og to halvår (H1–H2). Vælg en af dem."))
    if year < 2000:
        raise ValidationError(_("Vælg en periode fra år 2000 eller senere."))
    if period.last >= today:
        raise ValidationError(_("Perioden er ikke slut endnu; vælg en afsluttet periode."))
    return period


# ---------------------------------------------------------------------------------------------- content


Section = ReportSection  # a part of the report: a heading, Figures and their sentences (core.report_sections)


@dataclass
class Report:
    title: str
    period: Period
    previous: Period
    municipality: str
    scope: str
    made: dt.datetime
    sentences: list[str]
    sections: list[Section]


def _row(series, back: int) -> dict | None:
    rows = series.rows
    return rows[-1 - back] if len(rows) > back else None


def _series_change(series, key: str, subject: str, *, unit: str = "") -> str | None:
    now, before = _row(series, 0), _row(series, 1)
    if now is None or before is None or now["hidden"].get(key) or before["hidden"].get(key):
        return None
    return text.count_change(subject, before["values"].get(key), now["values"].get(key), unit=unit)


def _key_figures(user: Staff, period: Period) -> tuple[Section, dict]:
    first = period.shifted(1 - HISTORY[period.kind]).first
    data = keyfigures(user, grain=period.grain, first=first, last=period.first)
    by_slug = {s.slug: s for s in data["series"]}
    wanted = ("underretninger", "udfald", "tid-til-indsats", "frister", "sagsstamme")
    section = Section(
        _("Underretninger og frister"),
        figures=[
            figure_of(by_slug[s]) for s in wanted if s in by_slug and by_slug[s].rows and by_slug[s].columns
        ],
    )
    notifications, days = by_slug.get("underretninger"), by_slug.get("tid-til-indsats")
    if notifications is not None:
        section.sentences += [
            _series_change(notifications, "total", _("Antallet af underretninger")),
            _series_change(notifications, "children", _("Antallet af børn, der blev underrettet om")),
        ]
    if days is not None:
        section.sentences.append(
            _series_change(
                days, "median", _("Mediantiden fra første underretning til første indsats"), unit=_("dage")
            )
        )
    section.sentences = [s for s in section.sentences if s]
    return section, data


def _cells(table, back: int):
    return table.rows[-1 - back][1] if len(table.rows) > back else None


def _team_note(scope) -> str:
    """A team leader's staircase and spending are their team's (as on the pages), not the district's."""
    return _("Børn, hvis rådgiver er på %(team)s.") % {"team": scope.label} if scope.team_id else ""


def _staircase(user: Staff, period: Period) -> Section | None:
    try:
        scope = table_scope_for(user)
    except PermissionDenied:
        return None
    kind = "year" if period.kind == "year" else "quarter"
    back = 2 if period.kind == "half" else 1
    tables = staircase.staircase_tables(scope, kind=kind, today=period.last)
    by_slug = {t.slug: t for t in tables}
    wanted = (
        "trin",
        "bevaegelser",
        "forebyggende-andel",
        "anbringelser",
        "samtykke",
        "alder",
        "hjemgivelser",
    )
    section = Section(
        _("Trappen i bevægelse"),
        intro=_team_note(scope),
        figures=[staircase.figure_of(by_slug[s]) for s in wanted if s in by_slug],
    )
    places, preventive = by_slug.get("anbringelser"), by_slug.get("forebyggende-andel")
    if places is not None and _cells(places, back) is not None:
        now, before = _cells(places, 0), _cells(places, back)
        section.sentences.append(
            text.count_change(_("Antallet af anbragte børn"), before[-1].number(), now[-1].number())
        )
        section.sentences.append(
            text.share_change(
                _("Andelen af anbragte i netværkspleje"),
                before[0].number(),
                before[-1].number(),
                now[0].number(),
                now[-1].number(),
            )
        )
    if preventive is not None and _cells(preventive, back) is not None:
        now, before = _cells(preventive, 0), _cells(preventive, back)
        section.sentences.append(
            text.percent_change(
                _("Andelen af indsatser, der er forebyggende"), before[-1].value, now[-1].value
            )
        )
    section.sentences += _over_the_years(by_slug.get("alder"), by_slug.get("hjemgivelser"), period)
    section.sentences = [s for s in section.sentences if s]
    return section


def _over_the_years(ages, homecomings, period: Period) -> list[str | None]:
    """VIVE's "younger at placement" and "fewer hjemgivelser", said over the tables' years: the first year
    with any against the last full one (a year still running to the period's end would count fewer)."""
    out: list[str | None] = []

    def ends(table):
        """The first year with any (its total shown and not 0: before it Tidlig may not have been used)
        and the last full one."""
        if table is None:
            return None
        rows = table.rows if (period.last.month, period.last.day) == (12, 31) else table.rows[:-1]
        rows = rows[next((i for i, (_y, cells) in enumerate(rows) if cells[-1].number()), len(rows)) :]
        return (rows[0], rows[-1]) if len(rows) >= 2 else None

    rows = ends(ages)
    if rows is not None:  # bands 0–5 and 6–11 of staircase_flows.AGE_BANDS, of every placement begun
        (y0, first), (y1, last) = rows

        def young(cells):
            parts = [cells[0].number(), cells[1].number()]
            return None if None in parts else int(sum(parts))

        out.append(
            text.share_change_years(
                _("Andelen af nye anbringelser, hvor barnet var under 12 år,"),
                (y0, young(first), first[-1].number()),
                (y1, young(last), last[-1].number()),
            )
        )
    rows = ends(homecomings)
    if rows is not None:
        (y0, first), (y1, last) = rows
        out.append(
            text.count_change_years(
                _("Antallet af hjemgivelser"), (y0, first[0].number()), (y1, last[0].number())
            )
        )
    return out


def _spending(user: Staff, period: Period) -> Section | None:
    try:
        scope = table_scope_for(user)
    except PermissionDenied:
        return None
    tables = spending.cost_tables(scope, today=period.last)
    by_slug = {t.slug: t for t in tables}
    wanted = ("udgift-trin", "forebyggelse-andel")
    section = Section(
        _("Økonomi"),
        intro=" ".join(filter(None, [_("De sidste 12 måneder til periodens udgang."), _team_note(scope)])),
        figures=[spending.figure_of(by_slug[s]) for s in wanted if s in by_slug],
    )
    share = by_slug.get("forebyggelse-andel")
    back = MONTHS[period.kind]
    if share is not None and _cells(share, back) is not None:
        now, before = _cells(share, 0), _cells(share, back)
        section.sentences.append(
            text.percent_change(
                _("Andelen af månedens udgift brugt på forebyggelse"), before[-1].value, now[-1].value
            )
        )
    section.sentences = [s for s in section.sentences if s]
    return section


def build(user: Staff, period: Period) -> Report:
    """The report the reader may see for the period (PermissionDenied for anyone the key figures refuse)."""
    key, data = _key_figures(user, period)
    sections = [key, _staircase(user, period), _spending(user, period), *report_sections.sections_for(user)]
    sections = [s for s in sections if s is not None]
    scope = data["scope"]
    return Report(
        title=_("Nøgletal for Børne- og Ungeudvalget, %(period)s") % {"period": period.label()},
        period=period,
        previous=period.shifted(-1),
        municipality=user.municipality.name,
        scope=scope.district.name if scope.district else _("Hele kommunen"),
        made=timezone.localtime(),
        sentences=[s for section in sections for s in section.sentences],
        sections=sections,
    )


def html(report: Report) -> str:
    return render_to_string("metrics/report.html", {"report": report})


# ---------------------------------------------------------------------------------------------- PDF


def _static_file(path: str) -> Path | None:
    """A static file by its URL path, from the app's static folders or STATIC_ROOT; None if none."""
    from django.contrib.staticfiles import finders

    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        return None
    name = path.removeprefix(prefix)
    if ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / name
    return candidate if candidate.is_file() else None


BASE_URL = "https://rapport.tidlig.invalid/"


def _fetcher():
    from urllib.parse import urlsplit

    import weasyprint

    class StaticFetcher(weasyprint.urls.URLFetcher):
        """Serves the report's static files from disk; refuses every other address (no network)."""

        def fetch(self, url, headers=None):
            if url.startswith(
                "data:image/svg+xml;base64,"
            ):  # a chart of the report itself (_charts_as_images)
                return super().fetch(url, headers)
            parts = urlsplit(url)
            found = None
            if f"{parts.scheme}://{parts.netloc}/" == BASE_URL:
                found = _static_file(parts.path)
            if found is None:
                raise ValueError(f"not fetched: {url}")
            return weasyprint.urls.URLFetcherResponse(
                url,
                found.read_bytes(),
                headers={"Content-Type": "text/css" if found.suffix == ".css" else ""},
            )

    return StaticFetcher()


_INLINE_SVG = re.compile(r'<svg role="img" aria-label="([^"]*)" .*?</svg>', flags=re.S)


def _charts_as_images(document: str) -> str:
    """The inline SVG charts as images of the same SVG (still vector drawings with their text) for
    WeasyPrint: inline, each of their ~thousand elements went through its pure-Python HTML parser and the
    CSS cascade, three quarters of a report's rendering time; as an image the SVG is parsed by ElementTree
    and styled by itself (issue 11 §5: the committee PDF under 3 s)."""

    def image(m: re.Match) -> str:
        svg = m.group(0)
        width = re.search(r'width="([\d.]+)"', svg)
        style = f' style="width: {width.group(1)}px"' if width else ""
        data = base64.b64encode(svg.encode()).decode()
        return f'<img alt="{m.group(1)}"{style} src="data:image/svg+xml;base64,{data}">'

    return _INLINE_SVG.sub(image, document)


_PDF_CACHE_SIZE = 16
_pdfs: OrderedDict[str, bytes] = OrderedDict()
_pdfs_lock = Lock()


def pdf(report: Report) -> bytes:
    """The PDF of the report's HTML. WeasyPrint takes seconds; the same HTML (the same numbers, words,
    language and day) gives the same PDF, so it is kept by the hash of the HTML, like core.charts keeps
    the SVG of a spec: asking again for the same period is served from memory."""
    document = html(report)
    key = hashlib.sha256(document.encode()).hexdigest()
    with _pdfs_lock:
        if key in _pdfs:
            _pdfs.move_to_end(key)
            return _pdfs[key]
    import weasyprint  # heavy; only the PDF needs it

    rendered = weasyprint.HTML(
        string=_charts_as_images(document), base_url=BASE_URL, url_fetcher=_fetcher()
    ).write_pdf()
    with _pdfs_lock:
        _pdfs[key] = rendered
        while len(_pdfs) > _PDF_CACHE_SIZE:
            _pdfs.popitem(last=False)
    return rendered


def clear_cache() -> None:
    """Forget the kept PDFs (the benchmark times a render from scratch with it)."""
    with _pdfs_lock:
        _pdfs.clear()


def filename(report: Report) -> str:
    return f"noegletal-udvalg-{report.period.code}.pdf"
