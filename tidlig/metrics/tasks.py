"""The background task that keeps the facts (Django's django.tasks, database backend django-tasks-db).

Enqueued on commit after an event about a child (signals.py); the database worker runs it:
`tidlig db_worker` (see README, "Key figures: the facts worker")."""

from __future__ import annotations

from django.tasks import task

from tidlig.organisation.models import Municipality

from . import facts


@task()
def refresh_dirty_months(municipality_id: int) -> list[str]:
    """Refresh the municipality's dirty months; nothing to do if another run already did (idempotent)."""
    municipality = Municipality.objects.get(pk=municipality_id)
    return [m.isoformat() for m in facts.refresh_dirty(municipality=municipality)]
