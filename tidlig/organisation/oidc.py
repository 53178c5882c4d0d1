"""Single sign-on for staff over OpenID Connect (issue 8, section 2; OWASP ASVS 4.0 V2 and V3).

mozilla-django-oidc runs the authorization-code flow: state, nonce, PKCE and the ID token's signature
are its checks. This module decides who the person is in Tidlig: matched by the provider's `sub`, in
the municipality its claim (or the installation's default) names, with the role an
IdentityProviderRoleMapping gives one of their groups, and refused with a Danish reason otherwise.
Whether the provider asserted two factors (`acr`/`amr`) is kept in the session ("oidc_acr",
"oidc_amr", "mfa_via_idp"), so the local MFA middleware accepts the sign-in, and in the audit log.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from . import services
from .models import IdentityProviderRoleMapping, Municipality, Staff

log = logging.getLogger(__name__)

# Why a sign-in was refused: the code is kept in the session for the page that explains it.
REFUSALS = {
    "no_role": _(
        "Din bruger hos kommunens login giver ikke adgang til Tidlig: ingen af dine grupper er knyttet til "
        "en rolle i Tidlig. Kontakt din leder eller kommunens it-administrator, hvis du skal have adgang."
    ),
    "no_mfa": _(
        "Din rolle giver adgang til personoplysninger, og derfor skal du logge ind med to faktorer "
        "(fx en kode eller en godkendelse på telefonen). Kommunens login oplyste ikke, at du brugte to "
        "faktorer. Log ind igen med to faktorer."
    ),
    "inactive": _(
        "Din bruger i Tidlig er deaktiveret. Kontakt din leder eller kommunens it-administrator, "
        "hvis du skal have adgang igen."
    ),
    "municipality_mismatch": _(
        "Kommunens login oplyser en anden kommune end den, din bruger i Tidlig hører til. "
        "Kontakt kommunens it-administrator."
    ),
    "municipality_unknown": _(
        "Kommunens login oplyste ingen kommune, eller en kommune, som ikke er sat op i Tidlig. "
        "Kontakt kommunens it-administrator."
    ),
    "ambiguous": _(
        "Flere brugere i Tidlig passer på oplysningerne fra kommunens login. "
        "Kontakt kommunens it-administrator."
    ),
    "unavailable": _(
        "Kommunens login svarer ikke lige nu. Prøv igen om lidt, eller log ind med brugernavn og adgangskode."
    ),
    "failed": _("Login via kommunens login lykkedes ikke. Prøv igen fra login-siden."),
}

ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DISCOVERY_TTL = 3600.0
_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


class Refused(Exception):
    """A sign-in Tidlig refuses on purpose; `reason` is a key of REFUSALS."""

    def __init__(self, reason: str, staff: Staff | None = None):
        super().__init__(reason)
        self.reason = reason
        self.staff = staff


def enabled() -> bool:
    """Is single sign-on configured for this installation?"""
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and (settings.OIDC_OP_DISCOVERY_URL or settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    )


def discovery() -> dict[str, Any]:
    """The provider's discovery document (OpenID Connect Discovery 1.0), cached for an hour."""
    return discovery_document(settings.OIDC_OP_DISCOVERY_URL)


def discovery_document(url: str) -> dict[str, Any]:
    """The discovery document at `url`, cached for an hour ({} without a URL); the citizen client uses it too."""
    if not url:
        return {}
    cached = _discovered.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
        return cached[1]
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    _discovered[url] = (time.monotonic(), document)
    return document


def setting(attr: str, *default):
    """mozilla-django-oidc's settings lookup, with endpoints left empty filled in from discovery."""
    if attr in ENDPOINTS and not getattr(settings, attr, ""):
        return discovery()[ENDPOINTS[attr]]
    return import_from_settings(attr, *default)


def expected_issuer() -> str:
    return settings.OIDC_OP_ISSUER or (
        discovery().get("issuer", "") if settings.OIDC_OP_DISCOVERY_URL else ""
    )


def as_list(value) -> list[str]:
    """A claim that may be one string or a list, as strings a database query accepts (no NUL)."""
    if value is None:
        return []
    values = value.split() if isinstance(value, str) else [str(v) for v in value]
    return [v for v in values if "\x00" not in v]


NSIS_SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"
NSIS_HIGH = "https://data.gov.dk/concept/core/nsis/loa/High"


def mfa_asserted(*, acr: str, amr: list[str]) -> bool:
    """Did the provider say the person used two factors?

    `amr` values from RFC 8176 ("mfa", "otp", "hwk" …) or an `acr` at NSIS "betydelig" or higher.
    """
    return bool(set(amr) & set(settings.OIDC_MFA_AMR_VALUES)) or (
        bool(acr) and acr in settings.OIDC_MFA_ACR_VALUES
    )


def role_reads_personal_data(role: str) -> bool:
    return Staff(role=role).sees_personal_data


def mapping_for(municipality: Municipality, groups: list[str]) -> IdentityProviderRoleMapping | None:
    return (
        IdentityProviderRoleMapping.objects.filter(municipality=municipality, group_value__in=groups)
        .order_by("priority", "pk")
        .first()
    )


class TidligOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, deciding who the person is by Tidlig's rules (module docstring)."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every authenticate(), password logins included: the provider's
        # endpoints are looked up only in the callback (below), so a provider that is down never
        # stands in the way of a local login.
        self.UserModel = get_user_model()

    def get_user(self, user_id):
        # The library's get_user skips ModelBackend's is_active check: a session begun by SSO would
        # outlive deactivation (ASVS 4.0 V3.3).
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password login never starts a token exchange.
        if request is None or "nonce" not in kwargs or not enabled():
            return None
        try:
            super().__init__()
            return super().authenticate(request, **kwargs)
        except Refused as refused:
            request.session["oidc_refusal"] = refused.reason
            services.idp_sign_in_refused(
                staff=refused.staff, reason=refused.reason, provider=settings.OIDC_PROVIDER_NAME
            )
            return None
        except requests.RequestException as exc:
            log.warning("OIDC provider unreachable or refused the code: %s", exc)
            request.session["oidc_refusal"] = "unavailable"
            return None
        except (SuspiciousOperation, KeyError, ValueError) as exc:
            # Bad signature, wrong audience or issuer, a broken answer: the person starts again.
            log.warning("OIDC sign-in failed: %s", exc)
            request.session["oidc_refusal"] = "failed"
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            # The library skips these ID token checks (OpenID Connect Core 1.0, 3.1.3.7, items 2–3).
            if self.OIDC_RP_CLIENT_ID not in as_list(payload.get("aud")):
                raise SuspiciousOperation("ID token is not for this client")
            issuer = expected_issuer()
            if issuer and payload.get("iss") != issuer:
                raise SuspiciousOperation("ID token from another issuer")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if str(userinfo.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("userinfo is about someone else")  # OIDC Core 1.0, 5.3.2
        # Groups may be in either; acr and amr are ID token claims (OIDC Core 1.0, section 2), signed.
        claims = {**payload, **userinfo, "sub": payload.get("sub")}
        for key in ("acr", "amr"):
            claims.pop(key, None)
            if key in payload:
                claims[key] = payload[key]
        return claims

    def find_staff(self, claims: dict) -> Staff | None:
        staff = list(Staff.objects.filter(oidc_subject=str(claims["sub"]))[:2])
        if not staff:
            # Linking an existing local account is opt-in: an e-mail claim is not always verified.
            link = settings.OIDC_LINK_EXISTING_BY
            unlinked = Staff.objects.filter(oidc_subject__isnull=True)
            if link == "email" and claims.get("email") and claims.get("email_verified", True) is not False:
                staff = list(unlinked.filter(email__iexact=claims["email"])[:2])
            elif link == "username" and claims.get("preferred_username"):
                staff = list(unlinked.filter(username=claims["preferred_username"])[:2])
        if len(staff) > 1:
            raise Refused("ambiguous")
        return staff[0] if staff else None

    def municipality_for(self, claims: dict) -> Municipality:
        code = ""
        if settings.OIDC_MUNICIPALITY_CLAIM:
            code = str(claims.get(settings.OIDC_MUNICIPALITY_CLAIM) or "").strip()
        code = code or settings.OIDC_DEFAULT_MUNICIPALITY
        municipality = Municipality.objects.filter(code=code.zfill(4)).first() if code else None
        if municipality is None:
            raise Refused("municipality_unknown")
        return municipality

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        sub = str(claims.get("sub") or "")
        if not sub or len(sub) > 255 or "\x00" in sub:  # OIDC Core 1.0, section 2: at most 255 ASCII
            raise SuspiciousOperation("no usable sub claim")
        for key in ("email", "preferred_username"):
            if "\x00" in str(claims.get(key) or ""):
                claims.pop(key)
        staff = self.find_staff(claims)
        if staff is not None and not staff.is_active:
            raise Refused("inactive", staff)
        municipality = self.municipality_for(claims)
        if staff is not None and staff.municipality_id != municipality.pk:
            raise Refused("municipality_mismatch", staff)
        mapping = mapping_for(municipality, as_list(claims.get(settings.OIDC_GROUPS_CLAIM)))
        if mapping is None:
            raise Refused("no_role", staff)
        acr = str(claims.get("acr") or "")
        amr = as_list(claims.get("amr"))
        mfa = mfa_asserted(acr=acr, amr=amr)
        if settings.OIDC_REQUIRE_MFA and not mfa and role_reads_personal_data(mapping.role):
            raise Refused("no_mfa", staff)
        staff = services.staff_sync_from_idp(
            staff=staff, subject=str(claims["sub"]), municipality=municipality, mapping=mapping, claims=claims
        )
        # Set before django.contrib.auth.login runs; the callback view sets them again after it,
        # since login() empties the session when another person was signed in.
        staff.idp_assertion = {"oidc_acr": acr, "oidc_amr": amr, "mfa_via_idp": mfa}
        self.request.session.update(staff.idp_assertion)
        return staff
