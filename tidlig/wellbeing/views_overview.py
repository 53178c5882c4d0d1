"""The anonymous overview page and its CSV export. Thin: overview.py counts and suppresses."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tidlig.core.limits import int_param
from tidlig.organisation.models import Institution
from tidlig.rules import aggregates as agg

from .access import sees_overview_of
from .overview import overview


def _filters(request) -> dict:
    raw = request.GET.get("institution", "")
    return {
        "level": request.GET.get("level", ""),
        "half_year": request.GET.get("period", ""),
        "institution_id": int_param(raw),
        "movement": request.GET.get("movement") == "1",
    }


@login_required
def overview_page(request):
    data = overview(request.user, **_filters(request))
    institutions = (
        Institution.objects.filter(municipality_id=request.user.municipality_id).order_by("name")
        if sees_overview_of(request.user) == "municipality"
        else None
    )
    return render(
        request,
        "wellbeing/overview.html",
        data | {"institutions": institutions, "query": request.GET.urlencode()},
    )


def _cells(row: dict) -> list:
    """The counts as marked on the page; the shares as bare numbers (the heading says %), "–" if none."""
    pcts = [row[f"{c}_pct"] for c in ("green", "yellow", "red")]
    return [*row["shown"][:4], *(agg.NO_SHARE_MARK if p is None else p for p in pcts)]


@login_required
def overview_csv(request):
    data = overview(request.user, **_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"trivsel-{data['half_year'] or 'ingen'}-{data['level']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so Excel reads æøå
    w = csv.writer(response, delimiter=";")
    head = [_("Grøn"), _("Gul"), _("Rød"), _("I alt"), _("Grøn %"), _("Gul %"), _("Rød %")]
    w.writerow(
        [
            _("Trivsel uden navne"),
            data["half_year_label"],
            _(agg.NOTE_SMALL),
            _(agg.NOTE_COMPLEMENTARY),
            _(agg.NOTE_NO_SHARE),
        ]
    )
    total = data["total"]
    sections = [
        (_("Enhed"), data["by_unit"], total),
        (_("Alder"), data["by_age"], total),
        (_("Køn"), data["by_sex"], total),
        (_("Halvår"), data["over_time"], None),
    ]
    if data["movement"]:
        sections.append((_("Fra (tidligere halvår)"), data["movement"]["rows"], data["movement"]["total"]))
    for title, rows, sums in (s for s in sections if s[1]):
        w.writerow([])
        w.writerow([title, *head])
        for row in rows:
            w.writerow([row["label"], *_cells(row)])
        if sums:
            w.writerow([_("I alt"), *_cells(sums)])
    return response
