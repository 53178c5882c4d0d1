"""Sammenligning: the municipality beside the country, its chosen peers and all 98 (DST) and beside
Tidlig's own live figure. Thin: selectors read, services write, figures draw."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.core import exports
from tidlig.core.forms import submit
from tidlig.rules import aggregates as agg

from . import figures, selectors, services
from .access import check
from .forms import SettingForm
from .measures import MEASURES, NOTIFIED


def _measure(request) -> str:
    slug = request.GET.get("maal", NOTIFIED.slug)
    return slug if slug in MEASURES else NOTIFIED.slug


def _form(user, data=None) -> SettingForm:
    basis, peers = selectors.setting_of(user.municipality)
    return SettingForm(
        data,
        areas=selectors.areas(),
        initial={"peers": [p.code for p in peers], "basis": basis.code if basis else ""},
    )


def _page(request, form, status=200):
    c = selectors.comparison(request.user.municipality, _measure(request))
    context = {
        "c": c,
        "measures": MEASURES.values(),
        "over_time": figures.over_time(c) if c.years else None,
        "ranked": figures.ranked(c) if c.ranking else None,
        "own_marks": figures.own_marks(c) if c.own else None,
        "own_note_marks": agg.marks_in([figures.own_marks(c)]) if c.own else None,
        "summary": figures.summary(c),
        "form": form,
        "can_edit": request.user.role in services.EDITORS,
    }
    return render(request, "comparison/page.html", context, status=status)


@login_required
def page(request):
    check(request.user)
    return _page(request, _form(request.user) if request.user.role in services.EDITORS else None)


@login_required
@require_POST
def setting(request):
    check(request.user)
    if request.user.role not in services.EDITORS:
        raise PermissionDenied(
            _("Kun en leder kan vælge kommunens sammenligning. Bed en leder om at vælge den.")
        )
    form = _form(request.user, request.POST)
    done = submit(
        request,
        form,
        lambda d: services.setting_update(actor=request.user, peers=d["peers"], basis=d["basis"] or None),
        _("Sammenligningen er gemt."),
    )
    if done:
        return redirect(f"{reverse('comparison:page')}?maal={_measure(request)}")
    return _page(request, form, status=422)


@login_required
def download(request, slug: str, fmt: str):
    check(request.user)
    if slug not in MEASURES or fmt not in ("csv", "xlsx"):
        raise Http404
    c = selectors.comparison(request.user.municipality, slug)
    sheets = figures.sheets(c)
    name = f"sammenligning-{slug}.{fmt}"
    return exports.csv_response(name, sheets) if fmt == "csv" else exports.xlsx_response(name, sheets)
