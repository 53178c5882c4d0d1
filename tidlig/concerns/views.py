"""Concern pages. Thin: forms check the input, services write, selectors read and log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.core import prefill
from tidlig.core.forms import apply_errors
from tidlig.core.limits import int_param
from tidlig.intake import permissions as intake_permissions
from tidlig.intake.services import IdempotencyConflict

from . import forms, selectors, services
from .models import Concern, GuideStep


def _require_raiser(request) -> None:
    if not selectors.may_work_with_concerns(request.user):
        raise PermissionDenied(
            _(
                "Bekymringer er for pædagoger, lærere, ledere af dagtilbud og skoler og sundhedsplejersker. "
                "Bed din leder om adgang, hvis du har brug for den."
            )
        )


def propose_url(concern: Concern) -> str | None:
    """The cross-disciplinary team's proposal page for this concern, if that page exists."""
    try:
        return reverse("crossteam:propose") + f"?concern={concern.pk}"
    except NoReverseMatch:
        return None


@login_required
def index(request):
    _require_raiser(request)
    today = timezone.localdate()
    rows = selectors.open_concerns(request.user, today=today)
    closed = selectors.closed_concerns(request.user, today=today)
    return render(request, "concerns/index.html", {"rows": rows, "closed": closed, "today": today})


@login_required
def new(request):
    _require_raiser(request)
    children = selectors.children_for_new_concern(request.user)
    initial = {}
    if wanted := int_param(request.GET.get("barn")):
        initial["child"] = wanted
    form = forms.ConcernForm(request.POST or None, children=children, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            child = next((c for c in children if c.pk == d["child"]), None)
            if child is None:
                form.add_error("child", _("Vælg et barn fra listen."))
            else:
                try:
                    concern = services.concern_raise(
                        actor=request.user,
                        child=child,
                        observation=d["observation"],
                        observed_on=d["observed_on"],
                        follow_up_on=d["follow_up_on"],
                    )
                except ValidationError as e:
                    apply_errors(form, e)
                else:
                    messages.success(request, _("Bekymringen er gemt. Handleguiden står ved siden af."))
                    return redirect("concerns:detail", concern.pk)
        return render(request, "concerns/new.html", {"form": form}, status=422)
    return render(request, "concerns/new.html", {"form": form})


def _detail(request, concern: Concern, *, entry_form=None, close_form=None, status=200):
    entries = selectors.entries_of(concern)
    guide = selectors.guide_with_progress(concern, entries)
    is_open = concern.status == Concern.Status.OPEN
    ctx = {
        "concern": concern,
        "entries": entries,
        "guide": guide,
        "acute_steps": [s for s, _done in guide if s.kind == GuideStep.Kind.ACUTE],
        "is_open": is_open,
        "today": timezone.localdate(),
        "propose_url": propose_url(concern) if is_open else None,
        "can_notify": is_open and intake_permissions.can_submit_notification(request.user),
        "acute_phone": concern.municipality.acute_phone,
    }
    if is_open:
        ctx["entry_form"] = entry_form or forms.EntryForm(steps=[s for s, _done in guide], prefix="entry")
        ctx["close_form"] = close_form or forms.CloseForm(prefix="close")
    return render(request, "concerns/detail.html", ctx, status=status)


@login_required
def detail(request, pk: int):
    _require_raiser(request)
    return _detail(request, selectors.concern_for(request.user, pk))


@login_required
@require_POST
def add_entry(request, pk: int):
    _require_raiser(request)
    concern = selectors.concern_for(request.user, pk, what="concern_entry")
    steps = selectors.guide_steps(concern.municipality)
    form = forms.EntryForm(request.POST, steps=steps, prefix="entry")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.concern_add_entry(
                actor=request.user,
                concern=concern,
                text=d["text"],
                happened_on=d["happened_on"],
                step=form.steps.get(d["step"]) if d["step"] else None,
                follow_up_on=d["follow_up_on"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Notatet er gemt."))
            return redirect(reverse("concerns:detail", args=[concern.pk]) + "#entries")
    return _detail(request, concern, entry_form=form, status=422)


@login_required
@require_POST
def close(request, pk: int):
    _require_raiser(request)
    concern = selectors.concern_for(request.user, pk, what="concern_close")
    form = forms.CloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            services.concern_close(
                actor=request.user,
                concern=concern,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Bekymringen er afsluttet."))
            return redirect("concerns:detail", concern.pk)
    return _detail(request, concern, close_form=form, status=422)


@login_required
def notify(request, pk: int):
    """Skriv dialogbaseret underretning: with the parents present, straight into intake."""
    _require_raiser(request)
    concern = selectors.concern_for(request.user, pk, what="concern_notification")
    if not intake_permissions.can_submit_notification(request.user):
        raise PermissionDenied(
            _("Du kan ikke registrere underretninger. Bed din leder om adgang, hvis du har brug for den.")
        )
    form = forms.DialogNotificationForm(request.POST or None, initial={"text": concern.observation})
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                _n, created = services.concern_notify_dialog(
                    actor=request.user,
                    concern=concern,
                    text=d["text"],
                    dialog_participants=d["dialog_participants"],
                    dialog_parents_view=d["dialog_parents_view"],
                    reasons=d["reasons"],
                    idempotency_key=d["idempotency_key"],
                )
            except ValidationError as e:
                apply_errors(form, e)
            except IdempotencyConflict:
                form.add_error(None, _("Formularen er allerede sendt med andet indhold. Genindlæs siden."))
            else:
                messages.success(
                    request,
                    _("Den dialogbaserede underretning er sendt til kommunen.")
                    if created
                    else _("Underretningen var allerede sendt; den er ikke sendt to gange."),
                )
                return redirect("concerns:detail", concern.pk)
        return render(request, "concerns/notify.html", {"concern": concern, "form": form}, status=422)
    if concern.status != Concern.Status.OPEN:
        return redirect("concerns:detail", concern.pk)
    return render(request, "concerns/notify.html", {"concern": concern, "form": form})


@login_required
def notify_plain(request, pk: int):
    """Skriv underretning (the ordinary route, without the parents): the notification form with the
    child and the observation carried over (tidlig.core.prefill). For a worry of violence or abuse by
    the parents this is the route: they must not be warned, and the child is heard without their
    consent or presence (barnets lov § 133, stk. 1, nr. 4; § 137, stk. 3)."""
    _require_raiser(request)
    concern = selectors.concern_for(request.user, pk, what="concern_notification")
    if not intake_permissions.can_submit_notification(request.user):
        raise PermissionDenied(
            _("Du kan ikke registrere underretninger. Bed din leder om adgang, hvis du har brug for den.")
        )
    prefill.stash(request, form="intake:new", child_id=concern.child_id, text=concern.observation)
    return redirect(reverse("intake:new") + f"?barn={concern.child_id}")


@login_required
def guide(request):
    """The handleguide on its own: no child's data, for everyone in the municipality."""
    municipality = request.user.municipality
    if municipality is None:
        raise PermissionDenied(
            _("Du er ikke knyttet til en kommune. Bed din leder om at knytte dig til kommunen.")
        )
    steps = selectors.guide_steps(municipality)
    return render(
        request,
        "concerns/guide.html",
        {
            "guide": [(s, False) for s in steps],
            "acute_steps": [s for s in steps if s.kind == GuideStep.Kind.ACUTE],
            "acute_phone": municipality.acute_phone,
        },
    )
