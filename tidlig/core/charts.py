"""One chart definition for the page and the printed report.

A figure is an Altair (Vega-Lite) chart plus the table it draws. The chart is rendered to SVG on the
server by vl-convert (Vega's own renderer, embedded; no Node.js and no JavaScript in the browser), so the
page, the PDF report and a screen reader's table all come from the same numbers. The SVG carries no
`style` attribute and no script, so it sits inline under the strict CSP. Rendering costs ~0.2 s, so
the SVG is cached. A figure that names what its chart is drawn from (`Figure.key`: the chart's kind and
its numbers, cheap to hash) finds its SVG by that key and the reader's language without building the Altair
chart at all (building and validating a chart's specification costs 10–20 ms, eight charts a page); one
without a key is looked up by its specification (the same spec draws the same picture).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Danish number and date formats in axes and labels (1.234,5; "jan.").
FORMAT_LOCALE = "da-DK"
TIME_FORMAT_LOCALE = "da-DK"

# Tidlig's palette (matches tidlig/static/tidlig/app.css); colour is never the only carrier of meaning.
PALETTE = ["#1f5f8b", "#c8702a", "#3b8f5a", "#8e4c8f", "#b23b3b", "#6b7280"]

_CACHE_SIZE = 512  # ~20 KB an SVG: about 10 MB; a page of eight figures per scope, grain and language
_cache: OrderedDict[str, str] = OrderedDict()
_lock = Lock()


def _key(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


def _cached(key: str) -> str | None:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    return None


def _keep(key: str, svg: str) -> None:
    with _lock:
        _cache[key] = svg
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


def _draw(spec: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(
        spec, format_locale=FORMAT_LOCALE, time_format_locale=TIME_FORMAT_LOCALE
    )


def svg_of(spec: dict) -> str:
    """The SVG of a Vega-Lite spec (a dict), from the cache when the same spec was drawn before."""
    key = _key(spec)
    svg = _cached(key)
    if svg is None:
        svg = _draw(spec)
        _keep(key, svg)
    return svg


def data_key(key: Any) -> str:
    """The cache key of a figure drawn from `key` (its kind and numbers, JSON-able; Decimals and dates as
    text) in the reader's language: axis titles and field names are translated, so they differ by language."""
    text = json.dumps([get_language(), key], sort_keys=True, default=str, separators=(",", ":"))
    return "data:" + hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def clear_cache() -> None:
    """Forget every drawn SVG and kept page of figures (tests; a deploy that changes a chart's definition
    restarts the process)."""
    with _lock:
        _cache.clear()
        _pages.clear()


# A page's figures written out (charts, tables, notes): ~100–200 KB each, so about 10 MB at most.
_PAGES_SIZE = 64
_pages: OrderedDict[str, SafeString] = OrderedDict()


def kept_html(key: Any, build) -> SafeString:
    """The HTML `build()` writes, kept by `key` and the reader's language. `key` must hold everything the
    HTML is made from (for a page of kept facts: the facts' refresh stamp, the scope, the parameters, the
    day), so that a second visitor gets it without reading a table, building a chart or running a template;
    numbers refreshed since give another key, and the page is written anew."""
    cache_key = data_key(["page", key])
    with _lock:
        if cache_key in _pages:
            _pages.move_to_end(cache_key)
            return _pages[cache_key]
    html = mark_safe(build())  # noqa: S308 — build() is a template's output, escaped by it
    with _lock:
        _pages[cache_key] = html
        while len(_pages) > _PAGES_SIZE:
            _pages.popitem(last=False)
    return html


def theme(chart):
    """Tidlig's look on any Altair chart: font, palette, no chart border, readable axes."""
    return (
        chart.configure(font="system-ui, sans-serif")
        .configure_range(category=PALETTE)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=True, gridColor="#e5e7eb")
    )


@dataclass
class Figure:
    """A chart and the table beside it (the same numbers, as shown: hidden counts carry their mark).

    `chart` is an Altair chart (not yet configured), or a function without arguments that builds one (or
    None when there is nothing to draw); `key` is what the chart is drawn from — its kind and every number
    and label it shows, JSON-able. With a key the SVG is cached by the key and the language, so a second
    page with the same numbers neither builds the chart nor validates its spec; the chart function must
    then depend on nothing but what the key holds (and the language). `columns`/`rows` the table; `notes`
    explain marks and sources; `slug` names the downloads (CSV, Excel)."""

    title: str
    chart: object
    columns: list[str]
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)
    slug: str = "figur"
    source: str = ""
    key: Any = None
    row_header: int = 0  # the column that names each row (a <th scope="row"> in the table)

    def tbody(self) -> SafeString:
        """The table's rows as HTML, as the template would write them (each value localized and escaped):
        one join instead of a template loop per cell, which cost more than the rest of a figure."""
        out = []
        for row in self.rows:
            cells = []
            for i, v in enumerate(row):
                text = conditional_escape(localize(v))
                if i == self.row_header:
                    cells.append(f'<th scope="row">{text}</th>')
                else:
                    cells.append(f'<td class="text-right">{text}</td>')
            out.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe("".join(out))  # noqa: S308 — every value escaped above

    def altair(self):
        """The Altair chart (built now when `chart` is a function), or None when there is nothing to draw."""
        return self.chart() if callable(self.chart) else self.chart

    def spec(self) -> dict:
        """The Vega-Lite specification with Tidlig's theme ({} when there is nothing to draw)."""
        chart = self.altair()
        return theme(chart).to_dict() if chart is not None else {}

    def _svg(self) -> str:
        if self.key is None:
            spec = self.spec()
            return svg_of(spec) if spec else ""
        key = data_key(self.key)
        svg = _cached(key)
        if svg is None:
            spec = self.spec()
            svg = _draw(spec) if spec else ""
            _keep(key, svg)
        return svg

    def svg(self) -> SafeString:
        """The chart as inline SVG, labelled for assistive technology (the table beside holds the values);
        empty when there is nothing to draw (every number hidden or none: the table says so)."""
        svg = self._svg()
        if not svg:
            return mark_safe("")
        label = self.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
        return mark_safe(svg)  # noqa: S308 — vl-convert's own output, no user markup (labels are escaped by Vega)


# The ranked chart's colours: the reader's own municipality, Tidlig's own figure among published ones, the rest.
RANK_MARKED = "#c8702a"
RANK_TIDLIG = "#3b8f5a"
RANK_OTHERS = "#9db8cc"


def ranked_chart(data: list[dict], unit: str, reference: float | None = None, reference_label: str = ""):
    """One bar per municipality, highest first (the one chart definition of every ranking: the comparison
    with Danmarks Statistik's 98 and the municipalities of one installation). `data` rows: navn, værdi,
    gruppe ("marked": the reader's own municipality, also marked by name in the table beside; "tidlig":
    Tidlig's own figure among published ones; "other"). `reference`, if given, is a dashed rule with its label
    (e.g. the whole country)."""
    import altair as alt

    order = [row["navn"] for row in data]
    bars = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            y=alt.Y("navn:N", sort=order, title=None, axis=alt.Axis(labelFontSize=9, labelLimit=140)),
            x=alt.X("værdi:Q", title=unit),
            color=alt.Color(
                "gruppe:N",
                scale=alt.Scale(
                    domain=["marked", "tidlig", "other"], range=[RANK_MARKED, RANK_TIDLIG, RANK_OTHERS]
                ),
                legend=None,
            ),
        )
    )
    chart = bars
    if reference is not None:
        rule = alt.Chart(alt.Data(values=[{"værdi": reference, "tekst": reference_label}]))
        chart = alt.layer(
            bars,
            rule.mark_rule(color="#1f2937", strokeDash=[4, 3]).encode(x="værdi:Q"),
            rule.mark_text(align="left", dx=4, dy=-4, color="#1f2937").encode(
                x="værdi:Q", y=alt.value(0), text="tekst:N"
            ),
        )
    return chart.properties(width=520, height=max(11 * len(data), 120))
