"""The shared chart and export helpers: what a reader of a key-figures page or its downloads would notice."""

from __future__ import annotations

import io
import re

import altair as alt
from openpyxl import load_workbook

from tidlig.core.charts import Figure, svg_of
from tidlig.core.exports import Sheet, csv_response, xlsx_bytes, xlsx_response


def _bars(values):
    data = alt.Data(values=[{"måned": m, "antal": n} for m, n in values])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(x=alt.X("måned:O", title="Måned"), y=alt.Y("antal:Q", title="Antal"))
    )


def test_a_figure_draws_one_bar_per_row_and_labels_itself_for_screen_readers():
    fig = Figure(
        title="Underretninger pr. måned",
        chart=_bars([("jan", 12), ("feb", 30), ("mar", 7)]),
        columns=["Måned", "Antal"],
        rows=[["jan", 12], ["feb", 30], ["mar", 7]],
    )
    svg = str(fig.svg())
    assert svg.startswith('<svg role="img" aria-label="Underretninger pr. måned"')
    # Every bar is there, each with its value for a reader that walks the chart.
    assert re.findall(r'aria-label="Måned: (\w+); Antal: (\d+)"', svg) == [
        ("jan", "12"),
        ("feb", "30"),
        ("mar", "7"),
    ]
    # Safe inline under the strict CSP: no script, no style attribute.
    assert "<script" not in svg and " style=" not in svg


def test_axis_numbers_are_written_the_danish_way():
    svg = svg_of(_bars([("2025", 12500), ("2026", 3000)]).to_dict())
    labels = re.findall(r">([0-9.,]+)</text>", svg)
    assert "12.000" in labels and "12,000" not in labels


def test_the_same_chart_is_drawn_once_and_then_comes_from_the_cache(monkeypatch):
    import vl_convert

    spec = _bars([("a", 1), ("b", 2)]).to_dict()
    first = svg_of(spec)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    assert svg_of(spec) == first


def test_a_second_page_with_the_same_numbers_does_not_build_the_chart_again():
    """A figure with a key (its kind and numbers) finds its SVG by the key: the Altair chart is built once;
    other numbers or another language draw a new picture."""
    from django.utils import translation

    from tidlig.core import charts

    charts.clear_cache()
    built = []

    def figure(values):
        def build():
            built.append(values)
            return _bars(values)

        return Figure(
            title="Underretninger",
            chart=build,
            key=["test-bars", values],
            columns=["Måned", "Antal"],
            rows=[list(v) for v in values],
        )

    first = str(figure([("jan", 12), ("feb", 30)]).svg())
    assert str(figure([("jan", 12), ("feb", 30)]).svg()) == first
    assert len(built) == 1

    changed = str(figure([("jan", 12), ("feb", 31)]).svg())
    assert len(built) == 2 and changed != first
    assert 'aria-label="Måned: feb; Antal: 31"' in changed and "Antal: 30" not in changed

    with translation.override("en"):
        figure([("jan", 12), ("feb", 30)]).svg()
    assert len(built) == 3  # axis titles and field names are translated: the language is in the key


def test_a_figure_with_nothing_to_draw_shows_no_chart():
    fig = Figure(title="Tom", chart=lambda: None, key=["test-empty"], columns=["x"], rows=[])
    assert str(fig.svg()) == ""


def test_the_table_beside_the_chart_escapes_its_cells_and_writes_numbers_the_danish_way():
    from django.template.loader import render_to_string

    fig = Figure(
        title="Tabel",
        chart=lambda: None,
        key=["test-table"],
        columns=["Område", "Antal"],
        rows=[["<b>Nord</b> & Syd", 1.5], ["Vest", "< 5"]],
    )
    page = render_to_string("core/figure.html", {"figure": fig})
    assert '<th scope="row">&lt;b&gt;Nord&lt;/b&gt; &amp; Syd</th><td class="text-right">1,5</td>' in page
    assert '<th scope="row">Vest</th><td class="text-right">&lt; 5</td>' in page
    assert "<b>" not in page


def test_a_title_with_markup_cannot_break_out_of_the_label():
    fig = Figure(title='Trin "2" <b>&', chart=_bars([("a", 1)]), columns=["x", "y"], rows=[["a", 1]])
    assert 'aria-label="Trin &quot;2&quot; &lt;b>&amp;"' in str(fig.svg())


def test_csv_opens_in_danish_excel_and_quotes_what_would_run_as_a_formula():
    response = csv_response(
        "noegletal.csv",
        [
            Sheet(
                "Underretninger",
                ["Måned", "Antal", "Note"],
                [["okt. 2025", "< 5", "=HYPERLINK(1)"], ["nov. 2025", -3, "-2"]],
                ["«< 5»: færre end 5"],
            )
        ],
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffUnderretninger")
    assert response["Content-Disposition"] == 'attachment; filename="noegletal.csv"'
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[1] == "Måned;Antal;Note"
    assert lines[2] == "okt. 2025;< 5;'=HYPERLINK(1)"
    assert lines[3] == "nov. 2025;-3;-2"  # numbers stay numbers
    assert lines[-1] == "«< 5»: færre end 5"


def test_excel_has_one_sheet_per_table_with_the_values_as_shown():
    sheets = [
        Sheet(
            "Trappen: børn pr. trin / kvartal",
            ["Trin", "Antal"],
            [["Trin 1", 120], ["Trin 6", "x"]],
            ["«x»: skjult"],
        ),
        Sheet("Trappen: børn pr. trin / kvartal", ["Trin", "Antal"], [["Trin 2", 7]]),
    ]
    book = load_workbook(io.BytesIO(xlsx_bytes(sheets)))
    # Excel's rules for sheet names: at most 31 characters, none of []:*?/\\, unique.
    assert book.sheetnames == ["Trappen- børn pr. trin - kva", "Trappen- børn pr. trin - k 2"]
    first = book.worksheets[0]
    assert [c.value for c in first[3]] == ["Trin 1", 120]
    assert [c.value for c in first[4]] == ["Trin 6", "x"]
    assert first["A6"].value == "«x»: skjult"
    response = xlsx_response("t.xlsx", sheets)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_server_process_freezes_its_start_up_for_the_garbage_collector():
    """tidlig/wsgi.py calls warm_and_freeze(): the views, Altair and its schema are loaded and frozen, so a
    full collection in a request no longer walks them (issue 11 §5: 350–390 ms tails on the dashboards)."""
    import gc

    from tidlig.core.warm import warm_and_freeze

    try:
        frozen = warm_and_freeze()
        # (a frozen object freed by its reference count leaves the permanent generation: the count may fall a little)
        assert frozen > 10_000 and gc.get_freeze_count() > 10_000
        import sys

        assert "tidlig.metrics.views" in sys.modules and "altair" in sys.modules
    finally:
        gc.unfreeze()
