"""The three pages of single sign-on: start at the provider, come back from it, or be told why not."""

from __future__ import annotations

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import services
from .oidc import REFUSALS, enabled, setting


def refused_redirect(request, reason: str) -> HttpResponseRedirect:
    request.session["oidc_refusal"] = reason
    return HttpResponseRedirect(reverse("oidc_refused"))


class SignInStart(OIDCAuthenticationRequestView):
    """Send the person to the municipality's identity provider (state, nonce and PKCE by the library)."""

    get_settings = staticmethod(setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoints are looked up per request, below

    def get(self, request):
        if not enabled():
            raise Http404
        request.session.pop("oidc_refusal", None)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, KeyError, ValueError):
            return refused_redirect(request, "unavailable")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SignInCallback(OIDCAuthenticationCallbackView):
    """The provider sends the person back here with a code; the backend decides who they are."""

    get_settings = staticmethod(setting)

    @property
    def failure_url(self):
        return reverse("oidc_refused")

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state that this browser never started (replay, another tab, forged link).
            return refused_redirect(request, "failed")

    def login_failure(self):
        self.request.session.setdefault("oidc_refusal", "failed")
        return super().login_failure()

    def login_success(self):
        response = super().login_success()
        assertion = getattr(self.user, "idp_assertion", {})
        self.request.session.update(assertion)
        self.request.session["oidc_provider"] = settings.OIDC_PROVIDER_NAME
        services.idp_sign_in_recorded(
            staff=self.user,
            provider=settings.OIDC_PROVIDER_NAME,
            acr=assertion.get("oidc_acr", ""),
            amr=assertion.get("oidc_amr", []),
            mfa=assertion.get("mfa_via_idp", False),
        )
        return response


def sign_in_refused(request):
    reason = request.session.pop("oidc_refusal", "failed")
    message = REFUSALS.get(reason, REFUSALS["failed"])
    return render(request, "organisation/sso_refused.html", {"message": message}, status=403)
