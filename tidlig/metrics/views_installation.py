"""Every municipality of this installation ranked on Tidlig's own figure (/noegletal/kommunerne/), with the
chart, the table beside it and the table as CSV and Excel: a thin view over metrics.installation (one grouped
query over the kept facts). Managers, analysts and administrators only (installation.installation_figures)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tidlig.core.exports import csv_response, xlsx_response
from tidlig.core.forms import TidligForm
from tidlig.rules import aggregates as agg

from . import installation
from .figure_tables import refreshed_at


class YearForm(TidligForm):
    aar = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aar"].choices = [(y, str(y)) for y in years]


def _chosen(request) -> tuple[YearForm, int, list[int]]:
    """The year asked for (`?aar=`), else the last full calendar year (or the newest kept, if later none)."""
    years = installation.years()
    default = timezone.localdate().year - 1
    if years and default not in years:
        default = years[0]
    form = YearForm(request.GET or None, years=years)
    year = default
    if form.is_bound and form.is_valid() and form.cleaned_data["aar"]:
        year = form.cleaned_data["aar"]
    return form, year, years


@login_required
def installation_page(request):
    form, year, years = _chosen(request)
    rows = installation.installation_figures(request.user, year=year)
    own_code = request.user.municipality.code
    figure = installation.figure_of(rows, year=year, own_code=own_code)
    own = next((f for f in rows if f.code == own_code), None)
    query = f"?aar={year}"
    return render(
        request,
        "metrics/installation.html",
        {
            "form": form,
            "year": year,
            "years": years,
            "figure": figure,
            "own": own,
            "count": len(rows),
            "ranked": sum(1 for f in rows if f.rank is not None),
            "marks": agg.marks_in(figure.rows),
            "refreshed_at": refreshed_at(request.user.municipality_id),
            "csv_url": reverse("metrics:installation_download", args=["csv"]) + query,
            "xlsx_url": reverse("metrics:installation_download", args=["xlsx"]) + query,
        },
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def installation_download(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, year, _years = _chosen(request)
    rows = installation.installation_figures(request.user, year=year)
    sheet = installation.sheet_of(rows, year=year, own_code=request.user.municipality.code)
    name = f"kommunerne-{year}.{fmt}"
    return csv_response(name, [sheet]) if fmt == "csv" else xlsx_response(name, [sheet])
