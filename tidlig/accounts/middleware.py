"""Two factors before anything else, and sessions that end (ASVS 4.0 V2.8, V3.3)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .signals import LAST_SEEN, LOGIN_AT

# Set by the OIDC sign-in when the identity provider asserted two factors (acr/amr): then the
# identity provider's MFA counts and Tidlig asks for no TOTP code of its own.
MFA_VIA_IDP = "mfa_via_idp"
# Pages a signed-in person reaches before the second factor: the factor itself, signing out, language.
OPEN_BEFORE_MFA = ("accounts:mfa_enrol", "accounts:mfa_verify", "logout", "login", "set_language")


def mfa_satisfied(request) -> bool:
    """TOTP verified in this session (django-otp), or two factors asserted by the identity provider."""
    user = request.user
    return bool(getattr(user, "is_verified", lambda: False)()) or request.session.get(MFA_VIA_IDP) is True


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _redirect(request, url: str):
    """A redirect; for an htmx request a whole-page one (HX-Redirect), so the login page is not swapped
    into a fragment of the page."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _has_bearer(request) -> bool:
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


class MfaRequiredMiddleware:
    """Every role needs two factors (NSIS "betydelig" for sensitive personal data): even managers and
    analysts, who see only aggregates, and administrators, who can give themselves any role.

    A bearer-token API call is not a session and is not checked here: tokens are made from a verified
    session and checked in tidlig/api.py.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: set[str] | None = None

    def open_paths(self) -> set[str]:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_BEFORE_MFA}
        return self._open_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        # The layout shows the menus only to someone past both factors (core.context_processors).
        request.signed_in_fully = bool(user and user.is_authenticated and mfa_satisfied(request))
        if user is None or not user.is_authenticated or request.signed_in_fully:
            return self.get_response(request)
        if request.path_info in self.open_paths() or request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if _is_api(request):
            if _has_bearer(request):
                return self.get_response(request)
            return JsonResponse(
                {
                    "detail": _(
                        "Bekræft dit login med en kode fra din godkendelses-app, før du bruger API'et."
                    ),
                    "errors": {},
                },
                status=401,
            )
        has_device = user.totpdevice_set.filter(confirmed=True).exists()
        target = reverse("accounts:mfa_verify" if has_device else "accounts:mfa_enrol")
        return _redirect(request, f"{target}?{urlencode({'next': request.get_full_path()})}")


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE after signing in,
    however active (ASVS 3.3.2). The clock is kept in the session, so it holds across server processes."""

    # Record activity at most once a minute, so a busy page does not write its session on every request.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not (_is_api(request) and _has_bearer(request)):
            now = int(time.time())
            session = request.session
            login_at = session.get(LOGIN_AT, now)
            last_seen = session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                return self._expire(request, "idle")
            if now - login_at > settings.SESSION_COOKIE_AGE:
                return self._expire(request, "absolute")
            if LOGIN_AT not in session:
                session[LOGIN_AT] = now
            if now - last_seen >= self.RESOLUTION or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        return self.get_response(request)

    def _expire(self, request, reason: str):
        request.tidlig_logout_reason = reason
        logout(request)
        text = (
            ngettext(
                "Du er blevet logget af, fordi du ikke har brugt Tidlig i %(minutes)d minut. Log ind igen.",
                "Du er blevet logget af, fordi du ikke har brugt Tidlig i %(minutes)d minutter. Log ind igen.",
                settings.SESSION_IDLE_SECONDS // 60,
            )
            % {"minutes": settings.SESSION_IDLE_SECONDS // 60}
            if reason == "idle"
            else ngettext(
                "Du er blevet logget af, fordi du har været logget ind i %(hours)d time. Log ind igen.",
                "Du er blevet logget af, fordi du har været logget ind i %(hours)d timer. Log ind igen.",
                settings.SESSION_COOKIE_AGE // 3600,
            )
            % {"hours": settings.SESSION_COOKIE_AGE // 3600}
        )
        if _is_api(request):
            return JsonResponse({"detail": text, "errors": {}}, status=401)
        messages.info(request, text)
        return _redirect(request, f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
