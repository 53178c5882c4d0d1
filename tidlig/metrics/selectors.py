"""Key figures without personal data: counts per month, with small counts suppressed."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from tidlig.intake.models import Notification, NotifierKindChoices
from tidlig.rules.aggregates import suppress
from tidlig.timeline.models import ALL_TYPES as OBLIGATION_TYPES
from tidlig.timeline.models import Obligation


def share(part: int, whole: int) -> int | None:
    """A percentage, unless it would give away a suppressed count (3 of 9 → 33 % reveals the 3)."""
    if not whole or suppress(part) is None or suppress(whole) is None:
        return None
    return round(100 * part / whole)


def intake_overview(municipality_id: int, *, months: int = 15, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    since = (timezone.localdate(now).replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        Notification.objects.filter(municipality_id=municipality_id, received_at__date__gte=since)
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(
            total=Count("pk"),
            children=Count("child", distinct=True),
            **{k: Count("pk", filter=Q(notifier_kind=k)) for k in NotifierKindChoices.values},
        )
        .order_by("month")
    )
    timeliness = (
        Obligation.objects.filter(
            municipality_id=municipality_id, due_at__date__gte=since, due_at__lte=now, not_applicable=False
        )
        .values("code")
        .annotate(
            due=Count("pk"), on_time=Count("pk", filter=Q(met_at__isnull=False, met_at__lte=F("due_at")))
        )
        .order_by("code")
    )
    return {
        "months": [{**{k: suppress(v) if isinstance(v, int) else v for k, v in r.items()}} for r in rows],
        "timeliness": [
            {
                "code": t["code"],
                "title": gettext(OBLIGATION_TYPES[t["code"]].title),
                "due": suppress(t["due"]),
                "on_time": suppress(t["on_time"]),
                "share": share(t["on_time"], t["due"]),
            }
            for t in timeliness
        ],
    }
