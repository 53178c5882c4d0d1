"""The last four weeks of the access log, so the `kvalitet` login finds something to look at.

The caseworker, the team leader and reception open children's pages on working days, in office
hours, from the municipality's network; written in bulk with the times set (the services would stamp
"now"). The log stays append-only: this only inserts.
"""

from __future__ import annotations

import datetime as dt
import random

from django.urls import reverse

from tidlig.audit.models import AuditEntry
from tidlig.people.models import Child
from tidlig.rules.calendar import CPH, WorkCalendar

from . import fastrows
from .organisation import Org

DAYS = 28
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Edg/142.0"
)


def build(org: Org, rng: random.Random, *, now: dt.datetime, calendar: WorkCalendar) -> int:
    m = org.municipality
    children = Child.objects.filter(municipality=m, is_unborn=False)
    readers = [
        (
            org.logins["raadgiver"],
            list(children.filter(caseworker=org.logins["raadgiver"]).values_list("pk", flat=True)),
        ),
        (
            org.logins["teamleder"],
            list(
                children.filter(caseworker__team=org.logins["teamleder"].team).values_list("pk", flat=True)[
                    :200
                ]
            ),
        ),
        (
            org.logins["modtagelse"],
            list(children.filter(notifications__isnull=False).distinct().values_list("pk", flat=True)[:200]),
        ),
    ]
    today = now.astimezone(CPH).date()
    rows = []
    for n, (staff, pool) in enumerate(readers):
        if not pool:
            continue
        ip = f"10.20.{n + 1}.{rng.randint(10, 250)}"
        for back in range(DAYS, 0, -1):
            day = today - dt.timedelta(days=back)
            if not calendar.is_working_day(day):
                continue
            for _ in range(rng.randint(2, 6)):
                child_id = rng.choice(pool)
                at = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=CPH)
                path = reverse("cases:child", args=[child_id])
                rows.append(
                    {
                        "at": at,
                        "actor_id": staff.pk,
                        "municipality_id": m.pk,
                        "action": "people.child.viewed",
                        "object_type": "child",
                        "object_id": child_id,
                        "child_id": child_id,
                        "data": {"view": "child"},
                        "method": "GET",
                        "path": path,
                        "route": "cases:child",
                        "ip": ip,
                        "user_agent": BROWSER,
                    }
                )
    rows.sort(key=lambda r: r["at"])
    return fastrows.insert(AuditEntry, rows)
