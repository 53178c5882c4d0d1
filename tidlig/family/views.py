"""The family's pages (thin): sign in, "Mine børn", one child. Reads go through selectors.py and access.py."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from tidlig.accounts.network import client_ip

from . import citizen as citizens
from . import oidc, selectors, services
from .access import citizen_required
from .models import DemoCitizen

NEXT_KEY = "tidlig_citizen_next"
REFUSAL_KEY = "tidlig_citizen_refusal"


def _safe_next(request, value: str | None) -> str:
    """Only a family page may be the place to go after signing in."""
    home = reverse("family:home")
    if (
        value
        and value.startswith(home)
        and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False)
    ):
        return value
    return home


def _refused(request, reason: str) -> HttpResponseRedirect:
    services.sign_in_refused(reason=reason, ip=client_ip(request))
    request.session[REFUSAL_KEY] = reason
    return HttpResponseRedirect(reverse("family:refused"))


@require_GET
def sign_in(request):
    """Where a family starts: sign in with MitID (or, in the demo, as a synthetic person)."""
    if citizens.current(request) is not None:
        return redirect("family:home")
    ended = request.session.pop(citizens.ENDED_KEY, "")
    next_url = _safe_next(request, request.GET.get("next"))
    return render(
        request,
        "family/sign_in.html",
        {
            "oidc_enabled": oidc.enabled(),
            "demo_enabled": settings.CITIZEN_DEMO_LOGIN,
            "provider": settings.CITIZEN_OIDC_PROVIDER_NAME,
            "ended": ended,
            "next": next_url,
        },
    )


class OidcStart(OIDCAuthenticationRequestView):
    """Send the citizen to the broker (state, nonce and PKCE by the library), counted for the rate limit."""

    get_settings = staticmethod(oidc.setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # endpoints are looked up per request

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            services.sign_in_start(ip=client_ip(request), via="oidc")
        except services.TooManyAttempts:
            return render(request, "family/refused.html", {"message": oidc.REFUSALS["too_many"]}, status=429)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except Exception:  # noqa: BLE001 — the broker's discovery document is unreachable or broken
            return _refused(request, "unavailable")
        self.OIDC_RP_CLIENT_ID = settings.CITIZEN_OIDC_RP_CLIENT_ID
        request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
        response = super().get(request)
        request.session.pop("oidc_login_next", None)  # the staff flow's key: never used for a citizen
        return response


@require_GET
def oidc_callback(request):
    """The broker sends the citizen back with a code; the tokens are checked and the CPR read (oidc.py)."""
    if not oidc.enabled():
        raise Http404
    state, code = request.GET.get("state"), request.GET.get("code")
    states = request.session.get("oidc_states") or {}
    entry = states.pop(state, None) if isinstance(state, str) else None
    if entry is not None:
        request.session["oidc_states"] = states  # used once: a replayed callback fails
    if request.GET.get("error") or not code or entry is None:
        return _refused(request, "failed")
    try:
        person = oidc.authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except oidc.Refused as refused:
        return _refused(request, refused.reason)
    except SuspiciousOperation:
        return _refused(request, "failed")
    next_url = request.session.get(NEXT_KEY) or reverse("family:home")
    citizen = citizens.sign_in(request, cpr=person["cpr"], name=person["name"], via="oidc")
    services.sign_in_record(citizen=citizen, acr=person.get("acr", ""))
    return HttpResponseRedirect(_safe_next(request, next_url))


@require_GET
def refused(request):
    reason = request.session.pop(REFUSAL_KEY, "failed")
    message = oidc.REFUSALS.get(reason, oidc.REFUSALS["failed"])
    return render(request, "family/refused.html", {"message": message}, status=403)


@require_POST
def sign_out(request):
    citizen = citizens.current(request)
    if citizen is not None:
        services.signed_out(citizen=citizen, reason="user")
    citizens.sign_out(request, "signed_out")
    return redirect("family:sign_in")


@require_http_methods(["GET", "POST"])
def demo_sign_in(request):
    """The demo's sign-in without a provider: pick a synthetic person. Only with DEBUG or CITIZEN_DEMO_LOGIN."""
    if not settings.CITIZEN_DEMO_LOGIN:
        raise Http404
    people = list(DemoCitizen.objects.all())
    if request.method == "POST":
        chosen = next((p for p in people if p.cpr == request.POST.get("cpr")), None)
        if chosen is not None:
            try:
                services.sign_in_start(ip=client_ip(request), via="demo")
            except services.TooManyAttempts:
                return render(
                    request, "family/refused.html", {"message": oidc.REFUSALS["too_many"]}, status=429
                )
            citizen = citizens.sign_in(request, cpr=chosen.cpr, name=chosen.name, via="demo")
            services.sign_in_record(citizen=citizen)
            return redirect("family:home")
    return render(request, "family/demo.html", {"people": people})


@citizen_required
@require_GET
def home(request):
    """ "Mine børn": the children the citizen may see, each with what they may see."""
    return render(request, "family/home.html", {"page": selectors.home_page(request.citizen)})


@citizen_required
@require_GET
def child(request, child_id: int):
    page = selectors.child_page(request.citizen, child_id)
    return render(
        request, "family/child.html", {"page": page, "access": page.access, "child": page.access.child}
    )
