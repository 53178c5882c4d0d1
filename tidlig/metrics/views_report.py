"""The committee report: the period picker's form, the report as a page (/noegletal/rapport/) and as PDF
(/noegletal/rapport.pdf). Thin: metrics.report builds it, the API twin (api_report.py) calls the same."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from tidlig.core.forms import TidligForm

from . import report
from .keyfigures import scope_for


class ReportForm(TidligForm):
    """The period of the committee report: a whole quarter, half-year or year (default: the last quarter)."""

    period = forms.CharField(
        label=gettext_lazy("Rapportens periode"),
        max_length=20,
        required=False,
        widget=forms.Select(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.choices = [(p.code, p.label()) for p in report.choices()]
        self.fields["period"].initial = report.last_full_quarter().code

    def clean_period(self) -> report.Period:
        value = self.cleaned_data.get("period") or report.last_full_quarter().code
        try:
            return report.parse_period(value)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


def _chosen(request):
    """The period asked for, or the form with its errors (in Danish, what was typed kept)."""
    scope_for(request.user, None)  # the key figures' access: 403 for anyone who may not see them
    form = ReportForm(request.GET)
    return form, (form.cleaned_data["period"] if form.is_valid() else None)


def _refused(request, form):
    return render(request, "metrics/report_period.html", {"report_form": form}, status=422)


@login_required
def report_page(request):
    form, period = _chosen(request)
    if period is None:
        return _refused(request, form)
    return HttpResponse(report.html(report.build(request.user, period)))


@login_required
def report_pdf(request):
    form, period = _chosen(request)
    if period is None:
        return _refused(request, form)
    made = report.build(request.user, period)
    return HttpResponse(
        report.pdf(made),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{report.filename(made)}"'},
    )
