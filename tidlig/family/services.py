"""The family's sign-in, in the security log: started, succeeded, refused, signed out (ASVS 7.1.3).

A citizen is named in the log by `citizen.key` (a keyed digest of the CPR number), never by the number.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.audit.models import AuditEntry

from .citizen import Citizen

STARTED = "family.sign_in.started"


class TooManyAttempts(Exception):
    pass


def sign_in_attempts_recent(*, ip: str | None) -> int:
    since = timezone.now() - dt.timedelta(minutes=settings.CITIZEN_SIGN_IN_WINDOW_MINUTES)
    return AuditEntry.objects.filter(action=STARTED, at__gte=since, data__ip=ip).count()


@transaction.atomic
def sign_in_start(*, ip: str | None, via: str) -> None:
    """One attempt to sign in from this address; TooManyAttempts past CITIZEN_SIGN_IN_LIMIT in the window."""
    if sign_in_attempts_recent(ip=ip) >= settings.CITIZEN_SIGN_IN_LIMIT:
        audit.record(actor=None, action="family.sign_in.limited", data={"ip": ip, "via": via})
        raise TooManyAttempts
    audit.record(actor=None, action=STARTED, data={"ip": ip, "via": via})


@transaction.atomic
def sign_in_record(*, citizen: Citizen, acr: str = "") -> None:
    audit.record(
        actor=None,
        citizen=citizen.key,
        action="family.sign_in.succeeded",
        data={"via": citizen.via, "acr": acr},
    )


@transaction.atomic
def sign_in_refused(*, reason: str, ip: str | None) -> None:
    audit.record(actor=None, action="family.sign_in.refused", data={"reason": reason, "ip": ip})


@transaction.atomic
def signed_out(*, citizen: Citizen | None, reason: str) -> None:
    audit.record(
        actor=None,
        citizen=citizen.key if citizen else None,
        action="family.signed_out",
        data={"reason": reason},
    )
