"""Finding a child by CPR or name. Thin: the selector decides whom the user may find and logs the read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import selectors
from .forms import ChildSearchForm


@login_required
def search(request):
    actor = request.user
    if not selectors.sees_case_handling(actor):
        raise PermissionDenied(
            _("Siden er ikke for din rolle. Gå til din forside, eller bed din leder om adgang.")
        )
    form = ChildSearchForm(request.GET or None)
    result = None
    if form.is_valid():
        try:
            result = selectors.children_search(actor, form.cleaned_data["q"], limit=selectors.SEARCH_LIMIT)
        except ValidationError as e:
            form.add_error("q", e.messages)
    return render(request, "people/search.html", {"form": form, "result": result})
