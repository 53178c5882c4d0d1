"""The key-figures page and its downloads: thin, the numbers come from keyfigures.keyfigures (kept facts)."""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict

import altair as alt
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidlig.core.charts import Figure, theme
from tidlig.core.exports import Sheet, csv_response, xlsx_response
from tidlig.core.forms import TidligForm
from tidlig.rules import aggregates as agg

from .keyfigures import Series, keyfigures
from .models import Grain

GRAINS = [
    (Grain.MONTH, gettext_lazy("Måned")),
    (Grain.QUARTER, gettext_lazy("Kvartal")),
    (Grain.YEAR, gettext_lazy("År")),
]


class PeriodForm(TidligForm):
    grain = forms.ChoiceField(label=gettext_lazy("Periode"), choices=GRAINS, required=False)
    first = forms.CharField(
        label=gettext_lazy("Fra (måned)"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-01"}),
    )
    last = forms.CharField(
        label=gettext_lazy("Til (måned)"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-12"}),
    )
    district = forms.TypedChoiceField(
        label=gettext_lazy("Distrikt"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, scope_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = list(scope_choices)

    @staticmethod
    def _month(value: str) -> dt.date | None:
        if not value:
            return None
        try:
            day = dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Skriv måneden som åååå-mm, fx 2025-03.")) from None
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Vælg en måned mellem år 2000 og 2100."))
        return day

    def clean_first(self):
        return self._month(self.cleaned_data.get("first", ""))

    def clean_last(self):
        return self._month(self.cleaned_data.get("last", ""))


def _filters(request, user) -> tuple[PeriodForm, dict]:
    """The period and district asked for; what is wrong is said on the form and the default is shown."""
    from tidlig.organisation.models import District

    districts = District.objects.filter(municipality_id=user.municipality_id).order_by("name")
    choices = [("", _("Hele kommunen"))] + [(str(d.pk), d.name) for d in districts]
    form = PeriodForm(request.GET or None, scope_choices=choices)
    args: dict = {}
    if form.is_bound and form.is_valid():
        args = {
            "grain": form.cleaned_data["grain"] or Grain.MONTH,
            "first": form.cleaned_data["first"],
            "last": form.cleaned_data["last"],
            "district_id": form.cleaned_data["district"],
        }
    return form, args


def chart_of(series: Series):
    """A line per number of the series over the periods (counts, shares or days; hidden points left out)."""
    wanted = series.chart or tuple(k for k, _l, _kind in series.columns)
    columns = [(key, label) for key, label, _kind in series.columns if key in wanted]
    kinds = {kind for key, _l, kind in series.columns if key in wanted}
    data = [
        {"periode": r["label"], "tal": r["values"][key], "serie": label, "orden": i}
        for i, r in enumerate(series.rows)
        for key, label in columns
        if r["values"].get(key) is not None and not r["hidden"].get(key)
    ]
    if not data:
        return None
    y_title = _("Andel, %") if kinds == {"share"} else _("Dage") if kinds == {"days"} else _("Antal")
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("periode:O", title=None, sort=alt.EncodingSortField(field="orden")),
        y=alt.Y("tal:Q", title=y_title),
        color=alt.Color("serie:N", title=None, legend=alt.Legend(orient="bottom", columns=2)),
    )
    chart = base.mark_bar() if series.slug in ("aarsager",) else base.mark_line(point=True)
    return chart.properties(width=520, height=220)


_SPECS: OrderedDict[str, dict] = OrderedDict()
_SPECS_SIZE = 256


class KeptFigure(Figure):
    """A Figure whose chart is built only when its numbers were not drawn before: building an Altair chart
    validates it against the Vega-Lite schema (~20 ms a chart), so the spec is cached by the series' own
    numbers and labels, like core.charts caches the SVG by the spec."""

    def __init__(self, *args, series: Series, **kwargs):
        super().__init__(*args, chart=None, **kwargs)
        self.series = series

    def spec(self) -> dict:
        s = self.series
        key = json.dumps([s.slug, s.title, s.columns, s.rows], sort_keys=True, default=str)
        spec = _SPECS.get(key)
        if spec is None:
            chart = chart_of(s)
            spec = theme(chart).to_dict() if chart is not None else {}
            _SPECS[key] = spec
            while len(_SPECS) > _SPECS_SIZE:
                _SPECS.popitem(last=False)
        return spec

    def svg(self) -> SafeString:
        """No chart when there is nothing to draw (every number hidden or none): the table says so."""
        return super().svg() if self.spec() else mark_safe("")


def figure_of(series: Series) -> Figure:
    notes = list(series.notes)
    used = agg.marks_in(series.shown())
    if used["small"]:
        notes.append(_(agg.NOTE_SMALL))
    if used["complementary"]:
        notes.append(_(agg.NOTE_COMPLEMENTARY))
    if used["no_share"]:
        notes.append(_(agg.NOTE_NO_SHARE))
    first = _("Årsag") if series.slug == "aarsager" else _("Periode")
    return KeptFigure(
        title=series.title,
        series=series,
        columns=[first, *(label for _k, label, _kind in series.columns)],
        rows=series.shown(),
        notes=notes,
        slug=series.slug,
        source=series.source,
    )


@login_required
def overview(request):
    form, args = _filters(request, request.user)
    data = keyfigures(request.user, **args)
    if not form.is_bound:  # show the range the page shows
        form.initial = {
            "grain": data["grain"],
            "first": f"{data['first']:%Y-%m}",
            "last": f"{data['last']:%Y-%m}",
            "district": data["scope"].district.pk if data["scope"].district else "",
        }
    query = request.GET.urlencode()
    figures = [
        {
            "figure": figure_of(s),
            "csv_url": f"{reverse('metrics:download', args=[s.slug, 'csv'])}?{query}",
            "xlsx_url": f"{reverse('metrics:download', args=[s.slug, 'xlsx'])}?{query}",
        }
        for s in data["series"]
        if s.rows and s.slug != "underrettere"  # shown as the table at the top (with its downloads)
    ]
    return render(
        request,
        "metrics/overview.html",
        data
        | {
            "form": form,
            "figures": figures,
            "query": query,
            "kinds_csv": f"{reverse('metrics:download', args=['underrettere', 'csv'])}?{query}",
            "kinds_xlsx": f"{reverse('metrics:download', args=['underrettere', 'xlsx'])}?{query}",
        },
    )


@login_required
def download(request, slug: str, fmt: str):
    """One table (or `alle`: every table) as CSV or Excel, exactly as the page shows it."""
    _form, args = _filters(request, request.user)
    data = keyfigures(request.user, **args)
    chosen = [s for s in data["series"] if slug in ("alle", s.slug)]
    if not chosen or fmt not in ("csv", "xlsx"):
        raise Http404
    sheets = [
        Sheet(title=s.title, columns=figure_of(s).columns, rows=s.shown(), notes=figure_of(s).notes)
        for s in chosen
    ]
    name = f"noegletal-{slug}-{data['grain']}-{data['first']:%Y-%m}-{data['last']:%Y-%m}.{fmt}"
    return csv_response(name, sheets) if fmt == "csv" else xlsx_response(name, sheets)
