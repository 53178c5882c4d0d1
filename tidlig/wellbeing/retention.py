"""Retention: ratings (and their follow-ups) older than the municipality's period are deleted.

Data minimisation and storage limitation (databeskyttelsesforordningens art. 5, stk. 1, litra c og e):
each municipality sets `wellbeing_retention_months`. Each deletion is logged — how many ratings, for
which child and which period — never their content.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import Municipality

from .models import Rating

ACTION = "wellbeing.ratings.purged"


def cutoff_for(municipality: Municipality, *, now: dt.datetime) -> dt.datetime:
    """Ratings made before this moment are too old (calendar months; relativedelta clamps month ends).

    Months are counted on the Copenhagen calendar: in UTC, 1 July 00:30 is still 30 June, and a month back
    from that is 30 May, a day too early."""
    return timezone.localtime(now) - relativedelta(months=municipality.wellbeing_retention_months)


@transaction.atomic
def _purge_municipality(municipality: Municipality, *, now: dt.datetime) -> int:
    cutoff = cutoff_for(municipality, now=now)
    expired = Rating.objects.filter(municipality=municipality, rated_at__lt=cutoff)
    per_child_period = Counter(expired.values_list("child_id", "period_id", "period__title"))
    if not per_child_period:
        return 0
    # One log row per child and period, in the same transaction as the deletion (as audit.record would,
    # but in one query: a purge may remove many thousands of ratings).
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=None,
                municipality_id=municipality.pk,
                action=ACTION,
                object_type="child",
                object_id=child_id,
                child_id=child_id,
                data={
                    "ratings": n,
                    "period_id": period_id,
                    "period": title or "",
                    "rated_before": timezone.localdate(cutoff).isoformat(),
                    "retention_months": municipality.wellbeing_retention_months,
                },
            )
            for (child_id, period_id, title), n in sorted(
                per_child_period.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)
            )
        ],
        batch_size=1000,
    )
    deleted, _by_model = expired.delete()  # follow-ups go with their rating (on_delete=CASCADE)
    return sum(per_child_period.values())


def purge_expired_ratings(*, now: dt.datetime) -> int:
    """Delete every municipality's expired ratings (one transaction each); returns how many ratings went."""
    return sum(_purge_municipality(m, now=now) for m in Municipality.objects.all())
