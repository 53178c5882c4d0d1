"""The access-log pages: the quality role's search by child and by staff member, and "Min adgangslog".

Thin: forms check the input, selectors authorise, read and log. A child is looked up by CPR in a POST,
then the result has the child's id in its address, so no CPR ends up in a URL, a browser history or a
proxy's log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from tidlig.core.forms import apply_errors

from . import selectors
from .export import csv_response
from .forms import ChildSearchForm, PeriodForm, StaffSearchForm


def _period_query(form: PeriodForm) -> str:
    data = {k: form.data.get(k, "") for k in ("since", "until") if form.data.get(k)}
    return "?" + urlencode(data) if data else ""


def _index(request, child_form=None, staff_form=None, status=200):
    return render(
        request,
        "audit/index.html",
        {"child_form": child_form or ChildSearchForm(), "staff_form": staff_form or StaffSearchForm()},
        status=status,
    )


@login_required
def index(request):
    selectors.require_log_reader(request.user)
    return _index(request)


@login_required
@require_http_methods(["POST"])
def find_child(request):
    selectors.require_log_reader(request.user)
    form = ChildSearchForm(request.POST)
    valid = form.is_valid()
    d = form.cleaned_data
    child = None
    if "cpr" not in form.errors and "child_id" not in form.errors:  # the child is looked up in the same round
        try:
            child = selectors.child_to_search(request.user, cpr=d.get("cpr", ""), child_id=d.get("child_id"))
        except ValidationError as exc:
            apply_errors(form, exc)
    if valid and child is not None and not form.errors:
        return redirect(reverse("audit:child", args=[child.pk]) + _period_query(form))
    return _index(request, child_form=form, status=422)


@login_required
@require_http_methods(["POST"])
def find_staff(request):
    selectors.require_log_reader(request.user)
    form = StaffSearchForm(request.POST)
    valid = form.is_valid()
    person = None
    if form.cleaned_data.get("username"):  # the person is looked up in the same round as the period
        try:
            person = selectors.staff_to_search(request.user, username=form.cleaned_data["username"])
        except ValidationError as exc:
            apply_errors(form, exc)
    if valid and person is not None and not form.errors:
        return redirect(reverse("audit:staff", args=[person.pk]) + _period_query(form))
    return _index(request, staff_form=form, status=422)


def _page(request, qs):
    return Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))


def _stamp() -> str:
    return f"{timezone.localtime():%Y%m%d-%H%M}"


@login_required
def child(request, child_id: int):
    child = selectors.child_in_my_municipality(request.user, child_id)
    form = PeriodForm(request.GET)
    page = None
    if form.is_valid():
        page = _page(request, selectors.entries_about_child(request.user, child, form.cleaned_data["period"]))
    return render(
        request,
        "audit/results.html",
        {"child": child, "form": form, "page": page, "csv_url": reverse("audit:child_csv", args=[child.pk])},
        status=200 if page is not None else 422,
    )


@login_required
def child_csv(request, child_id: int):
    child = selectors.child_in_my_municipality(request.user, child_id)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return redirect(reverse("audit:child", args=[child.pk]) + _period_query(form))
    qs = selectors.entries_about_child(request.user, child, form.cleaned_data["period"])
    return csv_response(qs.iterator(chunk_size=2000), filename=f"adgangslog-barn-{child.pk}-{_stamp()}.csv")


@login_required
def staff(request, staff_id: int):
    person = selectors.staff_in_my_municipality(request.user, staff_id)
    form = PeriodForm(request.GET)
    page, children = None, {}
    if form.is_valid():
        page = _page(request, selectors.entries_by_staff(request.user, person, form.cleaned_data["period"]))
        children = selectors.children_named(request.user, page.object_list)
    return render(
        request,
        "audit/results.html",
        {
            "person": person,
            "form": form,
            "page": page,
            "children": children,
            "csv_url": reverse("audit:staff_csv", args=[person.pk]),
        },
        status=200 if page is not None else 422,
    )


@login_required
def staff_csv(request, staff_id: int):
    person = selectors.staff_in_my_municipality(request.user, staff_id)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return redirect(reverse("audit:staff", args=[person.pk]) + _period_query(form))
    rows = list(selectors.entries_by_staff(request.user, person, form.cleaned_data["period"]))
    children = selectors.children_named(request.user, rows)
    return csv_response(rows, filename=f"adgangslog-{person.username}-{_stamp()}.csv", children=children)


@login_required
def mine(request):
    form = PeriodForm(request.GET)
    page = None
    if form.is_valid():
        page = _page(request, selectors.my_reads(request.user, form.cleaned_data["period"]))
    return render(
        request,
        "audit/mine.html",
        {"form": form, "page": page},
        status=200 if page is not None else 422,
    )


@login_required
def mine_csv(request):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return redirect(reverse("audit:mine") + _period_query(form))
    qs = selectors.my_reads(request.user, form.cleaned_data["period"])
    return csv_response(qs.iterator(chunk_size=2000), filename=f"min-adgangslog-{_stamp()}.csv")
