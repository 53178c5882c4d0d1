"""Key figures without personal data: counts per month, suppressed by rules/aggregates.py.

A month's row is the notifications by kind of notifier with their total: one table with row totals, so
a small count is hidden together with a second one (complementary), or the total would give it back
(144 − 99 − 23 − 18 = 4). The count of children stands alone (it is not a sum of the row): primary only.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from tidlig.intake.models import Notification, NotifierKindChoices
from tidlig.rules import aggregates as agg
from tidlig.timeline.models import ALL_TYPES as OBLIGATION_TYPES
from tidlig.timeline.models import Obligation

KINDS = tuple(NotifierKindChoices.values)


def _month(r: dict) -> dict:
    """One month: the counts (None where hidden), why each hidden one is hidden, and each as shown."""
    row = agg.suppress_row([r[k] for k in KINDS])
    values = dict(zip(KINDS, row.cells, strict=True)) | {"total": row.total}
    hidden = {k: why for k, why in zip((*KINDS, "total"), row.hidden, strict=True) if why}
    values["children"] = agg.suppress(r["children"])
    if agg.reason_of(r["children"]):
        hidden["children"] = agg.SMALL
    return {
        "month": r["month"],
        **values,
        "hidden": hidden,
        "shown": {k: agg.mark(v, hidden.get(k)) for k, v in values.items()},
    }


def _timeliness(code: str, due: int, on_time: int) -> dict:
    """Deadlines due and met: two counts that stand alone (the late ones are not shown), so primary only;
    the share is hidden when it would give a hidden count away (3 of 9 → 33 % reveals the 3)."""
    shown_due, shown_on_time = agg.suppress(due), agg.suppress(on_time)
    hidden = {k: agg.SMALL for k, v in (("due", shown_due), ("on_time", shown_on_time)) if v is None}
    return {
        "code": code,
        "title": gettext(OBLIGATION_TYPES[code].title),
        "due": shown_due,
        "on_time": shown_on_time,
        "share": agg.share(shown_on_time, shown_due),
        "hidden": hidden,
        "shown": {
            "due": agg.mark(shown_due, hidden.get("due")),
            "on_time": agg.mark(shown_on_time, hidden.get("on_time")),
            "share": agg.share_mark(agg.share(shown_on_time, shown_due)),
        },
    }


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
        "months": [_month(r) for r in rows],
        "timeliness": [_timeliness(t["code"], t["due"], t["on_time"]) for t in timeliness],
    }
