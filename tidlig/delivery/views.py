"""Dataindberetning (bek. nr. 662 af 2025): choose a year, see the counts and the problems, download the
file. Thin: selectors build and check the delivery, export writes the file, access says who sees what."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from tidlig.cases.access import can_see_case

from . import export, selectors
from .access import PER_CHILD, check, check_per_child
from .fields import DEADLINE_NOTE, FIELDS, GAPS, KINDS
from .forms import YearForm
from .validate import RULES


def _year(request) -> tuple[YearForm, int]:
    years = selectors.years()
    form = YearForm(request.GET or None, years=years, initial={"aar": selectors.default_year()})
    year = form.cleaned_data["aar"] if request.GET and form.is_valid() else selectors.default_year()
    return form, year


@login_required
def page(request):
    check(request.user)
    form, year = _year(request)
    per_child = request.user.role in PER_CHILD
    d = (
        selectors.delivery(request.user, year, what="delivery_page")
        if per_child
        else selectors.summary(request.user, year)
    )
    by_rule = d.by_rule
    problem_children = (
        sorted(d.with_problems, key=lambda c: (-c.errors, c.child.display_name)) if per_child else []
    )
    for c in problem_children:  # the child page is linked only for whom it opens (else: the caseworker named)
        c.can_open = can_see_case(request.user, c.child)
    context = {
        "form": form,
        "year": year,
        "d": d,
        "kinds": [(KINDS[k], n) for k, n in d.counts.items()],
        "rules": [(RULES[r][0], RULES[r][1], n) for r, n in by_rule.most_common()],
        "per_child": per_child,
        "problem_children": problem_children,
        "fields": FIELDS,
        "gaps": GAPS,
        "deadline_note": DEADLINE_NOTE,
        "status": 422 if request.GET and not form.is_valid() else 200,
    }
    return render(request, "delivery/page.html", context, status=context["status"])


@login_required
def download(request, year: int, fmt: str):
    check_per_child(request.user)
    if fmt not in ("csv", "json") or year not in selectors.years():
        raise Http404
    d = selectors.delivery(request.user, year, what=f"delivery_file_{fmt}")
    name = f"dataindberetning-{d.municipality_code}-{year}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(export.csv_text(d), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            json.dumps(export.json_doc(d, request.user), ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def schema(request):
    check(request.user)
    return JsonResponse(export.SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 1})
