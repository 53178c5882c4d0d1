from __future__ import annotations

import datetime as dt

from django.db.models import Q

from tidlig.people.models import Child
from tidlig.rules.calendar import local_date

from .models import Measure, MeasureType


def ongoing_measures(child: Child, *, on: dt.date):
    return (
        Measure.objects.filter(child=child, started_on__isnull=False, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("type")
    )


def has_ongoing_measure_or_placement(child: Child, *, on: dt.datetime) -> bool:
    """BL § 137, stk. 1: § 32 support or a placement under §§ 46/47 in force when the notification came."""
    return (
        ongoing_measures(child, on=local_date(on))
        .filter(type__kind__in=[MeasureType.Kind.SUPPORTIVE, MeasureType.Kind.PLACEMENT])
        .exists()
    )


def measures_decided_by(child: Child, *, before: dt.datetime) -> list[int]:
    """Who decided the child's measures up to the day of `before` (they have taken part in the case)."""
    return list(
        Measure.objects.filter(
            child=child, decided_on__lte=local_date(before), decided_by__isnull=False
        ).values_list("decided_by_id", flat=True)
    )
