"""The outbox page: the caseworker's letters to citizens and what became of them. Thin: selectors read,
services write (the API twins in api.py call the same ones)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tidlig.core.forms import TidligForm, submit

from . import selectors, services
from .access import writes_letters
from .forms import PaperForm
from .models import Letter


def _page(request, *, paper_form=None, paper_for=None, retry_form=None, status=200):
    if not writes_letters(request.user):
        raise PermissionDenied
    shown = request.GET.get("status", "")
    if shown not in Letter.Status.values:
        shown = ""
    letters = selectors.outbox_for(request.user, status=shown)
    for x in letters:  # one small form per letter that may still go by paper (ids unique on the page)
        if x.status in (Letter.Status.FAILED, Letter.Status.QUEUED, Letter.Status.PAPER_DUE):
            x.paper_form = paper_form if paper_for == x.pk else PaperForm(auto_id=f"id_{x.pk}_%s")
    context = {
        "letters": letters,
        "shown": shown,
        "statuses": Letter.Status.choices,
        "paper_for": paper_for,
        "retry_form": retry_form,
        "needs_paper": selectors.needs_paper_count(request.user),
    }
    return render(request, "post/outbox.html", context, status=status)


@login_required
@require_GET
def outbox(request):
    return _page(request)


@login_required
@require_POST
def retry(request, letter_id: int):
    letter = selectors.letter_for(request.user, letter_id)
    form = TidligForm(request.POST)
    if submit(
        request,
        form,
        lambda d: services.letter_retry(actor=request.user, letter=letter),
        _("Brevet sendes igen."),
    ):
        return redirect("post:outbox")
    return _page(request, retry_form=form, status=422)


@login_required
@require_POST
def paper(request, letter_id: int):
    letter = selectors.letter_for(request.user, letter_id)
    form = PaperForm(request.POST, auto_id=f"id_{letter.pk}_%s")
    if submit(
        request,
        form,
        lambda d: services.letter_paper_record(actor=request.user, letter=letter, sent_on=d["sent_on"]),
        _("Brevet er registreret som sendt med posten."),
    ):
        return redirect("post:outbox")
    return _page(request, paper_form=form, paper_for=letter.pk, status=422)


@login_required
@require_GET
def document(request, letter_id: int):
    """The letter itself, to print for paper post: its PDF when it has one, else its HTML."""
    letter = selectors.letter_document(request.user, letter_id)
    name = f"brev-{letter.pk}"
    if letter.pdf:
        return HttpResponse(
            bytes(letter.pdf),
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )
    return HttpResponse(
        letter.html,
        content_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.html"'},
    )
