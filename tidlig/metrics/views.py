"""The key-figures page and its downloads: thin, the numbers come from keyfigures.keyfigures (kept facts)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidlig.core.exports import Sheet, csv_response, xlsx_response
from tidlig.core.forms import TidligForm

from .keyfigures import keyfigures
from .models import Grain
from .series_figures import chart_of, figure_of  # noqa: F401 (importable from here as before)
from .views_report import ReportForm

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
            "report_form": ReportForm(),
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
