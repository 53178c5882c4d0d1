"""audit.record() for every change, audit.record_access() for every read of a child's personal data.

Both write in the caller's transaction, so a change and its log row commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


def record(*, actor, action: str, obj=None, child_id: int | None = None, data: dict | None = None) -> None:
    AuditEntry.objects.create(
        **_request_fields(),
        actor=actor if getattr(actor, "pk", None) else None,
        municipality_id=getattr(actor, "municipality_id", None),
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        child_id=child_id,
        data=_mask(data or {}),
    )


def record_access(*, actor, child_ids: Iterable[int], what: str) -> None:
    """Log that `actor` was shown personal data of these children (one row each, one query)."""
    ids = sorted(set(child_ids))
    if not ids:
        return
    request = _request_fields()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor,
                municipality_id=actor.municipality_id,
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
    """A change a citizen made themself (issue 14: a parent signed in to Tidlig). No staff member acted, so
    `actor` is empty and the citizen is named in `data["citizen"]` (the Person's id), in the same row."""
    AuditEntry.objects.create(
        **_request_fields(),
        actor=None,
        municipality_id=person.municipality_id,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        child_id=child_id,
        data=_mask({**(data or {}), "citizen": person.pk}),
    )
