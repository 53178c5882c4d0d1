"""Pages for the second factor, the session keep-alive and a person's API tokens."""

from __future__ import annotations

import base64
import time

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from tidlig.audit import services as audit
from tidlig.core.forms import apply_errors
from tidlig.organisation.services import api_token_create, api_token_revoke, api_tokens_visible_to

from . import services
from .forms import ApiTokenForm, CodeForm
from .middleware import mfa_satisfied
from .signals import LAST_SEEN


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@login_required
def mfa_enrol(request):
    """First sign-in: scan the QR code (or type the key) into an authenticator app, confirm with a code."""
    if request.user.totpdevice_set.filter(confirmed=True).exists():
        return redirect(f"{reverse('accounts:mfa_verify')}?{urlencode({'next': _next(request)})}")
    device = services.totp_device_pending(staff=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_enrol(
                staff=request.user, device=device, code=form.cleaned_data["code"], request=request
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            otp_login(request, device)
            messages.success(
                request, _("Din godkendelses-app er sat op. Du skal bruge den, hver gang du logger ind.")
            )
            return redirect(_next(request))
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR-kode til godkendelses-appen")
    )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/mfa_enrol.html",
        {
            "form": form,
            "qr": mark_safe(qr),  # noqa: S308 segno's own SVG markup; the URL inside is escaped by segno
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request),
        },
    )


@login_required
def mfa_verify(request):
    """Every sign-in: the code from the authenticator app."""
    if mfa_satisfied(request):
        return redirect(_next(request))
    if not request.user.totpdevice_set.filter(confirmed=True).exists():
        return redirect(f"{reverse('accounts:mfa_enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_verify(staff=request.user, code=form.cleaned_data["code"], request=request)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next(request)}, status=200)


@require_POST
@login_required
def keepalive(request):
    """The idle-timeout warning's "continue" button: counts as activity (SessionTimeoutMiddleware)."""
    request.session[LAST_SEEN] = int(time.time())
    return HttpResponse(status=204)


@login_required
def api_tokens(request):
    """Mine API-nøgler: list, create (the secret is shown once, on this answer only) and revoke."""
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            secret = api_token_create(
                staff=request.user,
                label=form.cleaned_data["label"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
            )
        except ValidationError as e:
            if hasattr(e, "error_dict") and "expires_at" in e.error_dict:
                e = ValidationError(
                    {("expires_on" if k == "expires_at" else k): v for k, v in e.error_dict.items()}
                )
            apply_errors(form, e)
        else:
            messages.success(request, _("API-nøglen er lavet. Kopiér den nu: den vises ikke igen."))
            form = ApiTokenForm()
    tokens = api_tokens_visible_to(request.user).filter(staff=request.user)
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "secret": secret, "tokens": tokens, "now": timezone.now()},
    )


@require_POST
@login_required
def api_token_revoke_view(request, token_id: int):
    token = get_object_or_404(api_tokens_visible_to(request.user), pk=token_id)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, format_html(_("API-nøglen “{}” er tilbagekaldt."), token.label))
    return redirect("accounts:api_tokens")


class PasswordChange(PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        # Django's form writes the password; the audit row goes in the same transaction (ASVS 7.1.3).
        with transaction.atomic():
            response = super().form_valid(form)
            audit.record(actor=self.request.user, action="auth.password.changed")
        messages.success(self.request, gettext_lazy("Din adgangskode er skiftet."))
        return response
