"""What the decision and measure services share: dates at noon, owners, the event writer."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from tidlig.people.models import Child
from tidlig.rules import casework as rules
from tidlig.timeline import services as spine


def _da(label) -> str:
    with translation.override("da"):
        return str(label)


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def _owners(child: Child) -> dict:
    owner = (child.caseworker.team if child.caseworker else None, child.caseworker)
    return {code: owner for code in rules.CASEWORK_TYPES}


def _event(child: Child, kind: str, actor, summary: str, source: str, source_id: int, args=None, at=None):
    spine.event_record(
        child=child,
        kind=kind,
        occurred_at=at or timezone.now(),
        actor=actor,
        summary=summary,
        summary_args=args,
        source=source,
        source_id=source_id,
    )
