"""audit.record() for every change, audit.record_access() for every read of a child's personal data.

Both write in the caller's transaction, so a change and its log row commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.crypto import salted_hmac

from . import context
from .models import AuditEntry

SENSITIVE_KEYS = {"cpr", "child_cpr", "password", "token", "text"}


def _mask(data: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if k in SENSITIVE_KEYS and v else v) for k, v in data.items()}


def _request_fields() -> dict[str, Any]:
    ctx = context.current()
    return {
        "method": ctx.method,
        "path": ctx.path,
        "route": ctx.route,
        "ip": ctx.ip,
        "user_agent": ctx.user_agent,
    }


def citizen_key(cpr: str) -> str:
    """The audit log's name for a citizen: an HMAC-SHA256 of the CPR number under the installation's secret key.

    The same CPR gives the same key, so the log can be searched for one citizen's reads, but the number is
    not in the log (GDPR art. 32: pseudonymised; the key is SECRET_KEY, kept like the database password).
    """
    return salted_hmac("tidlig.audit.citizen", cpr, algorithm="sha256").hexdigest()


def record(
    *,
    actor,
    action: str,
    obj=None,
    child_id: int | None = None,
    data: dict | None = None,
    citizen: str | None = None,
    municipality_id: int | None = None,
) -> None:
    """One change (or sign-in). `actor` is a Staff member, or None with `citizen` (a citizen_key) for a citizen."""
    AuditEntry.objects.create(
        **_request_fields(),
        actor=actor if getattr(actor, "pk", None) else None,
        citizen=citizen or None,
        municipality_id=getattr(actor, "municipality_id", None) or municipality_id,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        child_id=child_id,
        data=_mask(data or {}),
    )


def record_access(
    *,
    actor,
    child_ids: Iterable[int],
    what: str,
    citizen: str | None = None,
    municipality_id: int | None = None,
) -> None:
    """Log that `actor` was shown personal data of these children (one row each, one query).

    A citizen's read (the family's own pages, issue 14) passes actor=None, `citizen` (a citizen_key) and the
    children's municipality.
    """
    ids = sorted(set(child_ids))
    if not ids:
        return
    if actor is None and not citizen:
        raise ValueError("a read is logged with its reader: a staff member or a citizen")
    request = _request_fields()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor,
                citizen=citizen or None,
                municipality_id=actor.municipality_id if actor is not None else municipality_id,
                action="people.child.viewed",
                object_type="child",
                object_id=cid,
                child_id=cid,
                data={"view": what},
                **request,
            )
            for cid in ids
        ]
    )


def record_citizen(
    *, person, action: str, obj=None, child_id: int | None = None, data: dict | None = None
) -> None:
    """A change a citizen made themself, signed in to Tidlig (issue 14 § 2: a parent withdrew a consent, sent
    a message, answered FIT). No staff member acted: `actor` is empty and `citizen` is the citizen's key (the
    same keyed digest of the CPR number their reads are logged under); `data["person"]` is the people.Person."""
    record(
        actor=None,
        citizen=citizen_key(person.cpr) if person.cpr else None,
        municipality_id=person.municipality_id,
        action=action,
        obj=obj,
        child_id=child_id,
        data={**(data or {}), "person": person.pk},
    )
