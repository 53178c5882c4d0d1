"""The worker's side of the outbox (Django's django.tasks, database backend django-tasks-db; run by
`tidlig db_worker`). A try that fails enqueues the next one with `run_after` (services.RETRY_DELAYS)."""

from __future__ import annotations

from django.tasks import task

from . import services


@task()
def deliver_letter(letter_id: int) -> str:
    """Send one queued letter (or schedule its next try); idempotent: a letter no longer queued is left alone."""
    return services.letter_deliver(letter_id=letter_id).status
