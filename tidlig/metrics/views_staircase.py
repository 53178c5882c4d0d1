"""The staircase in motion (/noegletal/trappen/) and spending (/noegletal/oekonomi/): thin views over
metrics.staircase and metrics.spending; every table as CSV and Excel too."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.core.exports import csv_response, xlsx_response

from . import spending, staircase
from .figure_tables import figures_html, last_refresh, scope_for

PERIOD_CHOICES = (
    ("month", gettext_noop("Måned")),
    ("quarter", gettext_noop("Kvartal")),
    ("year", gettext_noop("År")),
)


def _kind(request) -> str:
    kind = request.GET.get("periode", "quarter")
    return kind if kind in staircase.PERIOD_KINDS else "quarter"


def _figures(tables, figure_of, url_name: str, query: str) -> str:
    """The page's figures (charts, tables, downloads) written out, as kept by figures_html."""
    figures = [
        {
            "figure": figure_of(t),
            "csv_url": reverse(url_name, args=[t.slug, "csv"]) + query,
            "xlsx_url": reverse(url_name, args=[t.slug, "xlsx"]) + query,
        }
        for t in tables
    ]
    return render_to_string("metrics/_figures.html", {"figures": figures})


def _download(tables, slug: str, fmt: str, name: str):
    chosen = tables if slug == "alle" else [t for t in tables if t.slug == slug]
    if not chosen:
        raise Http404
    sheets = [t.sheet() for t in chosen]
    filename = f"{name}-{slug}.{fmt}"
    return csv_response(filename, sheets) if fmt == "csv" else xlsx_response(filename, sheets)


@login_required
def staircase_page(request):
    scope = scope_for(request.user)
    kind = _kind(request)
    query = f"?periode={kind}"
    refreshed, stamp = last_refresh(scope.municipality_id)
    figures = figures_html(
        scope,
        stamp,
        "staircase",
        kind,
        lambda: _figures(
            staircase.staircase_tables(scope, kind=kind),
            staircase.figure_of,
            "metrics:staircase_download",
            query,
        ),
    )
    return render(
        request,
        "metrics/staircase.html",
        {
            "scope": scope,
            "refreshed_at": refreshed,
            "kind": kind,
            "kinds": [(k, _(label)) for k, label in PERIOD_CHOICES],
            "figures": figures,
            "all_csv": reverse("metrics:staircase_download", args=["alle", "csv"]) + query,
            "all_xlsx": reverse("metrics:staircase_download", args=["alle", "xlsx"]) + query,
        },
    )


@login_required
def staircase_download(request, slug: str, fmt: str):
    tables = staircase.staircase_tables(scope_for(request.user), kind=_kind(request))
    return _download(tables, slug, fmt, "trappen")


@login_required
def spending_page(request):
    scope = scope_for(request.user)
    refreshed, stamp = last_refresh(scope.municipality_id)
    figures = figures_html(
        scope,
        stamp,
        "spending",
        None,
        lambda: _figures(spending.cost_tables(scope), spending.figure_of, "metrics:spending_download", ""),
    )
    return render(
        request,
        "metrics/spending.html",
        {
            "scope": scope,
            "refreshed_at": refreshed,
            "figures": figures,
            "all_csv": reverse("metrics:spending_download", args=["alle", "csv"]),
            "all_xlsx": reverse("metrics:spending_download", args=["alle", "xlsx"]),
        },
    )


@login_required
def spending_download(request, slug: str, fmt: str):
    return _download(spending.cost_tables(scope_for(request.user)), slug, fmt, "oekonomi")
