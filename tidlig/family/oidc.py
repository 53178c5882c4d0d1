"""Citizens sign in over OpenID Connect: the municipality's broker in front of MitID/NemLog-in (issue 14 § 1).

The same library as staff sign-in (mozilla-django-oidc: state, nonce, PKCE and the ID token's signature are its
checks), but a separate client: every setting is read from CITIZEN_OIDC_* instead of OIDC_*, the callback is
/borger/login/callback/, and the result is not a Django user but a `citizen.Citizen` kept in the session
(citizen.py). The CPR number comes from the first of CITIZEN_CPR_CLAIMS present in the signed ID token or
the userinfo answer.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from tidlig.organisation.oidc import discovery_document
from tidlig.people.cpr import clean_cpr

log = logging.getLogger(__name__)

REFUSALS = {
    "no_cpr": _(
        "Vi fik ikke jeres CPR-nummer fra MitID. Derfor kan vi ikke finde jeres børn. "
        "Prøv at logge ind igen. Ring til kommunen, hvis det ikke virker."
    ),
    "unavailable": _("Login med MitID svarer ikke lige nu. Prøv igen om lidt."),
    "failed": _("Login lykkedes ikke. Prøv igen fra forsiden."),
    "too_many": _("I har prøvet at logge ind mange gange. Vent et kvarter, og prøv så igen."),
}

# The library's setting name → ours, and the discovery document's key for an endpoint left empty.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
FIXED = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "family:oidc_callback",
    "OIDC_USE_PKCE": True,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
}


def enabled() -> bool:
    return bool(
        settings.CITIZEN_OIDC_RP_CLIENT_ID
        and (settings.CITIZEN_OIDC_OP_DISCOVERY_URL or settings.CITIZEN_OIDC_OP_AUTHORIZATION_ENDPOINT)
    )


def discovery() -> dict[str, Any]:
    return discovery_document(settings.CITIZEN_OIDC_OP_DISCOVERY_URL)


_MISSING = object()


def setting(attr: str, *default):
    """The library asks for OIDC_X; the citizen client answers with CITIZEN_OIDC_X (endpoints from discovery)."""
    if attr in FIXED:
        return FIXED[attr]
    value = getattr(settings, f"CITIZEN_{attr}", _MISSING) if attr.startswith("OIDC_") else _MISSING
    if attr in ENDPOINTS and not value:
        return discovery()[ENDPOINTS[attr]]
    if value is not _MISSING:
        return value
    if attr == "OIDC_TIMEOUT":
        return settings.OIDC_TIMEOUT
    if default:
        return default[0]
    if attr in ("OIDC_RP_IDP_SIGN_KEY", "OIDC_OP_LOGOUT_URL_METHOD"):
        return None
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"Setting CITIZEN_{attr} not found")


def expected_issuer() -> str:
    return settings.CITIZEN_OIDC_OP_ISSUER or (
        discovery().get("issuer", "") if settings.CITIZEN_OIDC_OP_DISCOVERY_URL else ""
    )


class Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def cpr_from(claims: dict) -> str:
    """The CPR number in the first configured claim that has one, validated; Refused("no_cpr") otherwise."""
    for name in settings.CITIZEN_CPR_CLAIMS:
        value = claims.get(name.strip())
        if value in (None, ""):
            continue
        try:
            return clean_cpr(str(value).replace("\x00", ""))
        except ValidationError:
            raise Refused("no_cpr") from None
    raise Refused("no_cpr")


def name_from(claims: dict) -> str:
    name = str(claims.get("name") or "").strip() or " ".join(
        str(claims.get(k) or "").strip() for k in ("given_name", "family_name")
    )
    return name.replace("\x00", "").strip()[:200]


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    """The code exchange and token checks of mozilla-django-oidc; the answer is a dict of the person, not a user.

    Never listed in AUTHENTICATION_BACKENDS: the callback view calls it directly, so a citizen can never become
    `request.user`.
    """

    get_settings = staticmethod(setting)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # The library skips these ID token checks (OpenID Connect Core 1.0, 3.1.3.7, items 2–3).
        aud = payload.get("aud")
        audiences = [aud] if isinstance(aud, str) else list(aud or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is not for this client")
        issuer = expected_issuer()
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if str(userinfo.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("userinfo is about someone else")  # OIDC Core 1.0, 5.3.2
        claims = {**userinfo, **payload}  # the signed ID token wins
        return {"cpr": cpr_from(claims), "name": name_from(claims), "acr": str(claims.get("acr") or "")}


def authenticate(request, *, nonce: str, code_verifier: str | None) -> dict:
    """Exchange the code and check the tokens; the person's {"cpr", "name", "acr"} or Refused(reason)."""
    try:
        person = CitizenOIDCBackend().authenticate(request, nonce=nonce, code_verifier=code_verifier)
    except Refused:
        raise
    except requests.RequestException as exc:
        log.warning("citizen OIDC provider unreachable or refused the code: %s", exc)
        raise Refused("unavailable") from None
    except (SuspiciousOperation, KeyError, ValueError, TypeError) as exc:
        log.warning("citizen OIDC sign-in failed: %s", exc)
        raise Refused("failed") from None
    if not person:
        raise Refused("failed")
    return person
