"""Second factor (TOTP) and the API tokens' brute-force guard. Every change is audited in its transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tidlig.audit import services as audit
from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import Staff

from .network import client_ip, user_agent


class TooManyTokenFailures(Exception):
    """Too many invalid bearer tokens from one address: answer 429 (ASVS 2.2.1)."""


def _clean_code(code: str) -> str:
    return "".join(ch for ch in str(code or "") if not ch.isspace())


def _wrong_code_error() -> ValidationError:
    return ValidationError(
        {
            "code": _(
                "Koden passer ikke. Skriv de 6 cifre, som din godkendelses-app viser nu; koden skifter "
                "hvert 30. sekund."
            )
        }
    )


def totp_device_pending(*, staff: Staff) -> TOTPDevice:
    """The unconfirmed device a person is enrolling (one, made on first call; its secret is shown once
    per enrolment page). A confirmed device is never returned here."""
    device = TOTPDevice.objects.filter(user=staff, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=staff, name=_("Godkendelses-app"), confirmed=False)
    return device


def totp_enrol(*, staff: Staff, device: TOTPDevice, code: str, request=None) -> TOTPDevice:
    """Confirm an authenticator app with its first code (ASVS 2.8.1); only then does it count."""
    code = _clean_code(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=staff, confirmed=False)
        if code.isdigit() and device.verify_token(code):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # One app per person: an older device (an app replaced after a reset) stops counting.
            TOTPDevice.objects.filter(user=staff).exclude(pk=device.pk).delete()
            audit.record(actor=staff, action="auth.mfa.enrolled", data=_where(request))
            return device
    audit.record(actor=staff, action="auth.mfa.failed", data=_where(request, step="enrol"))
    raise _wrong_code_error()


def totp_verify(*, staff: Staff, code: str, request=None) -> TOTPDevice:
    """Check the code at sign-in. django-otp throttles wrong codes per device (1, 2, 4 … seconds) and
    refuses a code that was used before; a refusal is audited (ASVS 2.8.4, 7.1.3)."""
    device = TOTPDevice.objects.filter(user=staff, confirmed=True).first()
    code = _clean_code(code)
    with transaction.atomic():
        if device is not None:
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            allowed, throttle = device.verify_is_allowed()
            if not allowed:
                audit.record(actor=staff, action="auth.mfa.failed", data=_where(request, step="throttled"))
                raise ValidationError(
                    {
                        "code": _(
                            "For mange forkerte koder i træk. Vent lidt, og skriv så den kode, appen viser."
                        )
                    }
                )
            if code.isdigit() and device.verify_token(code):
                audit.record(actor=staff, action="auth.mfa.verified", data=_where(request))
                return device
    # Outside the atomic block, so the device's throttle counter is kept when we raise.
    audit.record(actor=staff, action="auth.mfa.failed", data=_where(request, step="verify"))
    raise _wrong_code_error()


@transaction.atomic
def totp_reset(*, actor: Staff, staff: Staff) -> None:
    """An administrator removes a person's authenticator app (lost phone); they enrol anew at next login."""
    TOTPDevice.objects.filter(user=staff).delete()
    audit.record(actor=actor, action="auth.mfa.reset", obj=staff)


def _where(request, **extra) -> dict:
    if request is None:
        return extra
    return {"ip": client_ip(request), "user_agent": user_agent(request), **extra}


def api_token_failures_recent(*, ip: str | None) -> int:
    since = timezone.now() - dt.timedelta(minutes=settings.API_TOKEN_FAILURE_WINDOW_MINUTES)
    return AuditEntry.objects.filter(action="auth.token.refused", at__gte=since, data__ip=ip).count()


def api_token_failure_record(*, ip: str | None, request=None, token=None) -> None:
    """A refused bearer token, in the security log (ASVS 7.1.3); its owner, when it was a real but
    expired or revoked token; never the token itself."""
    audit.record(
        actor=None,
        action="auth.token.refused",
        obj=token,
        data={"ip": ip, "user_agent": user_agent(request) if request is not None else ""},
    )
