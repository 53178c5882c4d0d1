"""Events keep the facts current: an event about a child marks its month dirty in the same transaction
(one insert, ignored if the month is marked already; a measure's start or end marks every month from its
day to today, since the staircase and the spending of each of them change) and, once committed, enqueues
the refresh task (one row in the task table)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from tidlig.timeline.models import Event

from . import facts

# Events that change a key figure: notifications, screening, decisions and measures, cases, plans.
MEASURE_PREFIX = "interventions.measure."
PREFIXES = ("intake.", "interventions.", "cases.", "plans.", "concerns.", "crossteam.", "wellbeing.")


@receiver(post_save, sender=Event, dispatch_uid="metrics.event_marks_month_dirty")
def event_marks_month_dirty(sender, instance: Event, created: bool, **kwargs):
    if not created or kwargs.get("raw") or not instance.kind.startswith(PREFIXES):
        return
    municipality_id = instance.municipality_id
    day = timezone.localdate(instance.occurred_at)
    if instance.kind.startswith(MEASURE_PREFIX):
        # A measure started or ended (maybe recorded days later) changes the staircase and the spending
        # of every month from that day to today, not only of its own month.
        facts.mark_dirty_through(municipality_id=municipality_id, day=day, today=timezone.localdate())
    else:
        facts.mark_dirty(municipality_id=municipality_id, day=day)
    transaction.on_commit(lambda: _enqueue(municipality_id))


def _enqueue(municipality_id: int) -> None:
    from .tasks import refresh_dirty_months

    refresh_dirty_months.enqueue(municipality_id)
