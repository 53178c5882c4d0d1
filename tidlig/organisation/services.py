from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from tidlig.audit import services as audit

from .models import ApiToken, Staff


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, staff: Staff, label: str = "") -> str:
    """Create a token and return it in clear text; it cannot be shown again."""
    raw = "tidlig_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(staff=staff, digest=token_digest(raw), label=label)
    audit.record(actor=staff, action="organisation.api_token.created", data={"label": label})
    return raw
