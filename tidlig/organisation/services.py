from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidlig.audit import services as audit

from .models import ApiToken, IdentityProviderRoleMapping, Municipality, Role, Staff


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_max_expiry(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(days=settings.API_TOKEN_MAX_DAYS)


def api_token_create(
    *,
    staff: Staff,
    label: str,
    scope: str = ApiToken.Scope.WRITE,
    expires_at: dt.datetime | None = None,
    actor: Staff | None = None,
) -> str:
    """Create a token (see api_token_issue) and return only its secret."""
    return api_token_issue(staff=staff, label=label, scope=scope, expires_at=expires_at, actor=actor)[1]


@transaction.atomic
def api_token_issue(
    *,
    staff: Staff,
    label: str,
    scope: str = ApiToken.Scope.WRITE,
    expires_at: dt.datetime | None = None,
    actor: Staff | None = None,
) -> tuple[ApiToken, str]:
    """Create a named token with a scope and an expiry (at most API_TOKEN_MAX_DAYS ahead; that is the
    default) and return it with its secret in clear text; only the secret's digest is kept, so it cannot
    be shown again. All fields are checked in one round (Danish messages per field)."""
    now = timezone.now()
    expires_at = expires_at or token_max_expiry(now)
    errors: dict[str, str] = {}
    label = (label or "").strip()
    if not label:
        errors["label"] = _("Giv nøglen et navn, fx hvilket program der bruger den.")
    elif len(label) > 100:
        errors["label"] = _("Navnet må højst være 100 tegn. Gør det kortere.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Vælg om nøglen kun må læse, eller også skrive.")
    if expires_at <= now:
        errors["expires_at"] = _("Udløbsdatoen skal ligge efter i dag. Vælg en senere dato.")
    elif expires_at > token_max_expiry(now) + dt.timedelta(days=1):
        errors["expires_at"] = ngettext(
            "En API-nøgle må højst gælde i %(days)d dag. Vælg en tidligere udløbsdato.",
            "En API-nøgle må højst gælde i %(days)d dage. Vælg en tidligere udløbsdato.",
            settings.API_TOKEN_MAX_DAYS,
        ) % {"days": settings.API_TOKEN_MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    raw = "tidlig_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        staff=staff, digest=token_digest(raw), label=label, scope=scope, expires_at=expires_at
    )
    audit.record(
        actor=actor or staff,
        action="auth.token.created",
        obj=token,
        data={"label": label, "scope": scope, "expires_at": expires_at.isoformat(), "owner": staff.pk},
    )
    return token, raw


def api_tokens_visible_to(actor: Staff):
    """Your own tokens; an administrator sees every token in the municipality."""
    qs = ApiToken.objects.select_related("staff", "revoked_by")
    if actor.role == Role.ADMINISTRATOR or actor.is_superuser:
        return qs.filter(staff__municipality_id=actor.municipality_id) if not actor.is_superuser else qs
    return qs.filter(staff=actor)


@transaction.atomic
def api_token_revoke(*, actor: Staff, token: ApiToken) -> ApiToken:
    """Revoke a token at once (its owner, or an administrator of the municipality); idempotent."""
    token = ApiToken.objects.select_for_update().select_related("staff").get(pk=token.pk)
    if not api_tokens_visible_to(actor).filter(pk=token.pk).exists():
        raise PermissionDenied(
            _("Du kan kun tilbagekalde dine egne API-nøgler. Bed ejeren af nøglen om at gøre det.")
        )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            actor=actor,
            action="auth.token.revoked",
            obj=token,
            data={"label": token.label, "owner": token.staff_id},
        )
    return token


def _claim_text(value, max_length: int) -> str:
    """A claim as text fit for a column: no NUL (PostgreSQL refuses it), no lone surrogates, cut to size."""
    text = str(value or "").replace("\x00", "")
    return text.encode("utf-8", "ignore").decode("utf-8")[:max_length].strip()


def _free_username(wanted: str) -> str:
    base = _claim_text(wanted, 140) or "sso"
    username, n = base, 1
    while Staff.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


@transaction.atomic
def staff_sync_from_idp(
    *,
    staff: Staff | None,
    subject: str,
    municipality: Municipality,
    mapping: IdentityProviderRoleMapping,
    claims: dict,
) -> Staff:
    """Create or update a person from a single sign-on: the provider decides name, e-mail and role.

    The role (and team/institution when the mapping names one) follows the provider at every login,
    so someone moved to another group at the municipality has the new role in Tidlig the next day.
    """
    details = {
        "first_name": _claim_text(claims.get("given_name"), 150),
        "last_name": _claim_text(claims.get("family_name"), 150),
        "email": _claim_text(claims.get("email"), 254),
    }
    if staff is None:
        staff = Staff(
            username=_free_username(claims.get("preferred_username") or claims.get("email") or subject),
            municipality=municipality,
            oidc_subject=subject,
            role=mapping.role,
            team=mapping.team,
            institution=mapping.institution,
            **details,
        )
        staff.set_unusable_password()
        staff.save()
        audit.record(
            actor=staff,
            action="organisation.staff.created_via_idp",
            obj=staff,
            data={"role": mapping.role, "group": mapping.group_value},
        )
        return staff
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if staff.oidc_subject != subject:
        staff.oidc_subject = subject
        audit.record(actor=staff, action="organisation.staff.linked_to_idp", obj=staff)
    if staff.role != mapping.role:
        audit.record(
            actor=staff,
            action="organisation.staff.role_changed_via_idp",
            obj=staff,
            data={"from": staff.role, "to": mapping.role, "group": mapping.group_value},
        )
        staff.role = mapping.role
    if mapping.role != Role.ADMINISTRATOR and (staff.is_staff or staff.is_superuser):
        # Admin rights are given in Tidlig's admin, never by a group; losing the role takes them away.
        staff.is_staff = staff.is_superuser = False
        audit.record(actor=staff, action="organisation.staff.admin_rights_removed_via_idp", obj=staff)
    staff.team = mapping.team or staff.team
    staff.institution = mapping.institution or staff.institution
    for field, value in details.items():
        if value:
            setattr(staff, field, value)
    staff.save()
    return staff


@transaction.atomic
def idp_sign_in_recorded(*, staff: Staff, provider: str, acr: str, amr: list[str], mfa: bool) -> None:
    """The security log's row for a single sign-on (ASVS 4.0 V7.1.3), with what the provider asserted."""
    audit.record(
        actor=staff,
        action="auth.oidc.login",
        obj=staff,
        data={"provider": provider, "acr": acr, "amr": amr, "mfa_via_idp": mfa},
    )


@transaction.atomic
def idp_sign_in_refused(*, staff: Staff | None, reason: str, provider: str) -> None:
    """A single sign-on Tidlig refused (ASVS 4.0 V7.2.1): who, when known, and why."""
    audit.record(
        actor=staff,
        action="auth.oidc.refused",
        obj=staff,
        data={"provider": provider, "reason": reason},
    )
