"""One chart definition for the page and the printed report.

A figure is an Altair (Vega-Lite) chart plus the table it draws. The chart is rendered to SVG on the
server by vl-convert (Vega's own renderer, embedded; no Node.js and no JavaScript in the browser), so the
page, the PDF report and a screen reader's table all come from the same numbers. The SVG carries no
`style` attribute and no script, so it sits inline under the strict CSP. Rendering costs ~0.2 s, so
the SVG of a spec is cached (the spec is the key: the same numbers draw the same picture).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock

from django.utils.safestring import SafeString, mark_safe

# Danish number and date formats in axes and labels (1.234,5; "jan.").
FORMAT_LOCALE = "da-DK"
TIME_FORMAT_LOCALE = "da-DK"

# Tidlig's palette (matches tidlig/static/tidlig/app.css); colour is never the only carrier of meaning.
PALETTE = ["#1f5f8b", "#c8702a", "#3b8f5a", "#8e4c8f", "#b23b3b", "#6b7280"]

_CACHE_SIZE = 256
_cache: OrderedDict[str, str] = OrderedDict()
_lock = Lock()


def _key(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


def svg_of(spec: dict) -> str:
    """The SVG of a Vega-Lite spec (a dict), from the cache when the same spec was drawn before."""
    import vl_convert

    key = _key(spec)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    svg = vl_convert.vegalite_to_svg(spec, format_locale=FORMAT_LOCALE, time_format_locale=TIME_FORMAT_LOCALE)
    with _lock:
        _cache[key] = svg
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return svg


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

    `chart` is an Altair chart (not yet configured); `columns`/`rows` the table; `notes` explain marks
    and sources; `slug` names the downloads (CSV, Excel)."""

    title: str
    chart: object
    columns: list[str]
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)
    slug: str = "figur"
    source: str = ""

    def spec(self) -> dict:
        return theme(self.chart).to_dict()

    def svg(self) -> SafeString:
        """The chart as inline SVG, labelled for assistive technology (the table beside holds the values)."""
        svg = svg_of(self.spec())
        label = self.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
        return mark_safe(svg)  # noqa: S308 — vl-convert's own output, no user markup (labels are escaped by Vega)
