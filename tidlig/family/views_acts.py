"""The family's own actions as pages (issue 14 §§ 2–3), thin: `acts` reads and writes, these only render.

"Jeres samtykker" (list, and a confirm step that shows what withdrawing does), "Skriv til jeres rådgiver"
(all errors in one round, a receipt), the notes shown to the family, and FIT from home (the same sliders as the
one-time link, on a phone-sized screen).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tidlig.core.consents import KINDS
from tidlig.core.forms import apply_errors
from tidlig.fit import selectors as fit_selectors

from . import acts
from .access import citizen_required
from .forms_acts import ItemsForm, MessageForm


@citizen_required
@require_GET
def consents(request, child_id: int):
    access, rows = acts.consents_page(request.citizen, child_id)
    return render(
        request,
        "family/consents.html",
        {
            "access": access,
            "child": access.child,
            "active": [c for c in rows if not c.withdrawn],
            "withdrawn": [c for c in rows if c.withdrawn],
        },
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, child_id: int, kind: str, consent_id: int):
    if kind not in KINDS:
        raise Http404
    access, _person, consent = acts.consent_for(request.citizen, child_id, kind, consent_id)
    error = ""
    if request.method == "POST":
        try:
            done = acts.consent_withdraw(request.citizen, child_id, kind, consent_id)
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(request, _("Samtykket er trukket tilbage. %(effect)s") % {"effect": done.effect})
            return redirect("family:consents", child_id=access.child.pk)
    return render(
        request,
        "family/consent_withdraw.html",
        {"access": access, "child": access.child, "consent": consent, "error": error},
        status=422 if error else 200,
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def message(request, child_id: int):
    access, _person = acts.parent_for(request.citizen, child_id, what="family.message_form")
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            note = acts.message_send(request.citizen, child_id, text=form.cleaned_data["text"])
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect("family:message_sent", child_id=access.child.pk, note_id=note.pk)
    return render(
        request,
        "family/message.html",
        {"access": access, "child": access.child, "form": form},
        status=422 if form.errors else 200,
    )


@citizen_required
@require_GET
def message_sent(request, child_id: int, note_id: int):
    access, note = acts.message_sent(request.citizen, child_id, note_id)
    return render(
        request, "family/message_sent.html", {"access": access, "child": access.child, "note": note}
    )


@citizen_required
@require_GET
def notes(request, child_id: int):
    access, rows = acts.notes_page(request.citizen, child_id)
    return render(request, "family/notes.html", {"access": access, "child": access.child, "notes": rows})


@citizen_required
@require_GET
def fit(request, child_id: int):
    page = acts.fit_page(request.citizen, child_id)
    return render(
        request, "family/fit.html", {"access": page.access, "child": page.access.child, "page": page}
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def fit_answer(request, child_id: int, rating_id: int, part: str):
    page, open_part = acts.fit_part(request.citizen, child_id, rating_id, part)
    form = ItemsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            acts.fit_answer(request.citizen, child_id, rating_id, part, form.items())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Tak. Jeres svar er sendt til fagpersonen."))
            return redirect("family:fit", child_id=page.access.child.pk)
    rating = open_part.rating
    items = fit_selectors.wording(rating.session.municipality_id, rating.instrument(part))
    for it in items:
        name = f"item{it['n']}"
        raw = form.data.get(name) if form.is_bound else None
        it.update(name=name, value=raw if raw not in (None, "") else "5.0", errors=form.errors.get(name, []))
        form.fields[name].label = it["label"]  # the error summary names the item as the page does
    return render(
        request,
        "family/fit_answer.html",
        {
            "access": page.access,
            "child": page.access.child,
            "form": form,
            "items": items,
            "first_name": rating.respondent.first_name,
            "is_alliance": part == "alliance",
            "session": rating.session,
        },
        status=422 if form.errors else 200,
    )
