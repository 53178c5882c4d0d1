"""Sagsgennemgang pages. Thin: selectors read, services write (the API twins call the same ones)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.core import exports
from tidlig.core.forms import submit
from tidlig.rules import aggregates as agg

from . import report, selectors, services
from .forms import AnswerForm, DrawForm, FindingsForm


def _index(request, form, status=200):
    reviews = selectors.reviews_for(request.user)
    return render(request, "review/index.html", {"reviews": reviews, "form": form}, status=status)


@login_required
def index(request):
    selectors.reviews_for(request.user)  # the role check
    return _index(request, DrawForm(initial={"size": 26}))


@login_required
@require_POST
def draw(request):
    selectors.reviews_for(request.user)
    form = DrawForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.review_draw(
            actor=request.user,
            title=d["title"],
            period_start=d["period_start"],
            period_end=d["period_end"],
            size=d["size"],
            seed=d["seed"],
            strata=d["strata"] or "",
        ),
        _("Stikprøven er trukket."),
    )
    if done:
        return redirect("review:review", review_id=done.pk)
    return _index(request, form, status=422)


@login_required
def review(request, review_id: int):
    r = selectors.review_get(request.user, review_id)
    return render(
        request, "review/review.html", {"review": r, "cases": selectors.review_cases(request.user, r)}
    )


def _case(request, case_id: int, *, bad=None, findings_form=None, status=200):
    case, rows = selectors.case_get(request.user, case_id)
    for row in rows:
        if bad is not None and bad[0] == row.row.pk:
            row.form = bad[1]
        else:
            row.form = AnswerForm(
                prefix=f"a{row.row.pk}",
                initial={"answer": row.effective or None, "reason": row.row.reason},
            )
    findings_form = findings_form or FindingsForm(initial={"findings": case.findings})
    context = {"case": case, "rows": rows, "findings_form": findings_form}
    return render(request, "review/case.html", context, status=status)


@login_required
def case(request, case_id: int):
    return _case(request, case_id)


@login_required
@require_POST
def answer(request, answer_id: int):
    row = selectors.answer_get(request.user, answer_id)
    form = AnswerForm(request.POST, prefix=f"a{row.pk}")
    done = submit(
        request,
        form,
        lambda d: services.answer_set(actor=request.user, answer=row, value=d["answer"], reason=d["reason"]),
        _("Svaret er gemt."),
    )
    if done:
        return redirect(f"{reverse('review:case', args=[row.case_id])}#cp-{row.checkpoint}")
    return _case(request, row.case_id, bad=(row.pk, form), status=422)


@login_required
@require_POST
def findings_send(request, case_id: int):
    row = selectors.case_for_findings(request.user, case_id)
    form = FindingsForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services.findings_send(actor=request.user, case=row, findings=d["findings"]),
        _("Fundene er sendt til teamlederen."),
    )
    if done:
        return redirect("review:case", case_id=row.pk)
    return _case(request, row.pk, findings_form=form, status=422)


@login_required
def results(request, review_id: int):
    r = selectors.review_get(request.user, review_id)
    rows = selectors.review_results(request.user, r)
    previous = rows[0].previous if rows else []
    return render(request, "review/results.html", {"review": r, "rows": rows, "previous": previous})


@login_required
def results_download(request, review_id: int, fmt: str):
    r = selectors.review_get(request.user, review_id)
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    rows = selectors.review_results(request.user, r)
    name = f"sagsgennemgang-{r.pk}.{fmt}"
    if fmt == "xlsx":
        return exports.xlsx_response(name, report.sheets(r, rows))
    response = HttpResponse(report.pdf(r, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def findings(request):
    return render(
        request, "review/findings.html", {"cases": selectors.findings_for_team_leader(request.user)}
    )


@login_required
def appeals(request):
    rows = selectors.appeal_figures(request.user)
    marks = agg.marks_in([[r.received, r.decided, r.changed, r.share] for r in rows])
    return render(request, "review/appeals.html", {"rows": rows, "marks": marks})
