"""The child's network pages: the genogram and the network map with their text lists, and the forms.
Thin: the selectors decide who sees (and log the read), the services decide and write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tidlig.cases.access import is_case_owner
from tidlig.core.forms import apply_errors, submit

from . import drawing, forms, selectors, services


def _back(child_id: int, anchor: str = "") -> str:
    return reverse("genogram:network", args=[child_id]) + anchor


def _editable(net: selectors.Network) -> None:
    if not net.can_edit:
        raise PermissionDenied(
            _("Kun barnets rådgiver og teamlederen kan gøre dette. Bed en af dem om at gøre det.")
        )


@login_required
def network(request, child_id: int):
    net = selectors.network_for(request.user, child_id)
    return render(
        request,
        "genogram/network.html",
        {
            "net": net,
            "child": net.child,
            "rows": _rows(net),
            "genogram": drawing.genogram_svg(net),
            "network_map": drawing.network_map_svg(net),
            "in_genogram": set((drawing.family_layout(net) or drawing.layout.Family()).x),
        },
    )


def _rows(net: selectors.Network) -> list[dict]:
    """The text list beside the drawings (for screen readers and print): one row per person."""
    rows = []
    for p in net.people:
        ties = []
        for kind, other in net.ties_of(p):
            ties.append(_tie_text(kind, other))
        rows.append({"p": p, "ties": ties, "marks": [long for _k, _s, long in drawing.marks(p)]})
    return rows


def _tie_text(kind: str, other) -> str:
    texts = {
        "parent:a": _("forælder til %(name)s"),
        "parent:b": _("barn af %(name)s"),
        "partner:a": _("par med %(name)s"),
        "partner:b": _("par med %(name)s"),
        "separated:a": _("gået fra %(name)s"),
        "separated:b": _("gået fra %(name)s"),
        "sibling:a": _("søskende til %(name)s"),
        "sibling:b": _("søskende til %(name)s"),
    }
    return texts[kind] % {"name": other.name}


@login_required
def person_new(request, child_id: int):
    net = selectors.network_for(request.user, child_id)
    _editable(net)
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.network_person_add(
                child=net.child, actor=request.user, **form.service_kwargs()
            ),
            _("Personen er tilføjet barnets netværk."),
        )
        if done:
            return redirect(_back(net.child.pk, "#people"))
        status = 422
    else:
        status = 200
    ctx = {"child": net.child, "form": form, "title": _("Tilføj person til netværket")}
    return render(request, "genogram/person_form.html", ctx, status=status)


@login_required
def person_edit(request, pk: int):
    person = selectors.network_person_for(request.user, pk)
    net_child = person.child
    if not is_case_owner(request.user, net_child):
        raise PermissionDenied(
            _("Kun barnets rådgiver og teamlederen kan gøre dette. Bed en af dem om at gøre det.")
        )
    form = forms.PersonForm(
        request.POST or None, initial=forms.PersonForm.initial_of(person), is_child=person.is_child
    )
    if request.method == "POST":

        def perform(_d):
            kwargs = {**forms.PersonForm.initial_of(person), "has_custody": person.has_custody}
            kwargs.pop("marks")
            kwargs.update(form.service_kwargs())
            return services.network_person_update(person=person, actor=request.user, **kwargs)

        if submit(request, form, perform, _("Personen er ændret.")):
            return redirect(_back(net_child.pk, "#people"))
        status = 422
    else:
        status = 200
    ctx = {
        "child": net_child,
        "form": form,
        "person": person,
        "title": _("Ret %(name)s") % {"name": person.name},
    }
    return render(request, "genogram/person_form.html", ctx, status=status)


@login_required
@require_POST
def person_remove(request, pk: int):
    person = selectors.network_person_for(request.user, pk)
    try:
        services.network_person_remove(person=person, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("%(name)s er fjernet fra netværket.") % {"name": person.name})
    return redirect(_back(person.child_id, "#people"))


@login_required
def relation_new(request, child_id: int):
    net = selectors.network_for(request.user, child_id)
    _editable(net)
    if len(net.people) < 2:
        messages.info(request, _("Tilføj først en person til netværket; så kan relationerne registreres."))
        return redirect(_back(net.child.pk))
    form = forms.RelationForm(request.POST or None, people=net.people)
    if request.method == "POST":
        if form.is_valid():
            kwargs = form.service_kwargs()
            try:
                services.relation_add(child=net.child, actor=request.user, **kwargs)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("Relationen er tilføjet."))
                return redirect(_back(net.child.pk, "#relations"))
        return render(request, "genogram/relation_form.html", {"child": net.child, "form": form}, status=422)
    return render(request, "genogram/relation_form.html", {"child": net.child, "form": form})


@login_required
@require_POST
def relation_remove(request, pk: int):
    relation = selectors.relation_for(request.user, pk)
    services.relation_remove(relation=relation, actor=request.user)
    messages.success(request, _("Relationen er fjernet."))
    return redirect(_back(relation.child_id, "#relations"))


@login_required
@require_POST
def from_register(request, child_id: int):
    net = selectors.network_for(request.user, child_id)
    added = services.network_from_register(child=net.child, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(n)s forælder fra registret er tilføjet netværket.",
            "%(n)s forældre fra registret er tilføjet netværket.",
            len(added),
        )
        % {"n": len(added)},
    )
    return redirect(_back(net.child.pk))
