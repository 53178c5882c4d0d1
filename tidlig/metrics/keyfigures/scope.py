"""Key figures: whose figures a reader sees (`scope_for`), the periods of a range, their labels, and the
nearest-rank quantile of a kept histogram.

Who sees what (issue 11): managers, analysts and administrators the municipality and each district; a
team leader the district of their team (a team without a district, the reception, serves the whole
municipality: its leader sees the municipality). Tidlig has no district-leader role (organisation.Role).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from tidlig.organisation.models import District, Role, Staff

from ..facts import period_end, period_start
from ..models import Grain

VIEWERS = {Role.ANALYST, Role.MANAGER, Role.TEAM_LEADER, Role.ADMINISTRATOR}
WHOLE_VIEWERS = {Role.ANALYST, Role.MANAGER, Role.ADMINISTRATOR}


@dataclass
class Scope:
    """What the reader may see: the whole municipality (district None) or one district."""

    municipality_id: int
    district: District | None
    districts: list[District]  # the choices the reader has
    whole_allowed: bool


def scope_for(user: Staff, district_id: int | None) -> Scope:
    if user.role not in VIEWERS:
        raise PermissionDenied(
            gettext(
                "Nøgletal er for ledere og analytikere. Bed din leder om adgang, hvis du har brug for den."
            )
        )
    all_districts = list(District.objects.filter(municipality_id=user.municipality_id).order_by("name"))
    if user.role in WHOLE_VIEWERS:
        allowed, whole = all_districts, True
    else:  # team leader
        own = user.team.district_id if user.team_id else None
        allowed = [d for d in all_districts if d.pk == own]
        whole = user.team_id is not None and own is None
    if district_id is None:
        if whole:
            return Scope(user.municipality_id, None, allowed, whole)
        if allowed:
            return Scope(user.municipality_id, allowed[0], allowed, whole)
        raise PermissionDenied(
            gettext("Du er ikke knyttet til et distrikt eller team. Bed din leder om at knytte dig til et.")
        )
    chosen = next((d for d in allowed if d.pk == district_id), None)
    if chosen is None:
        raise PermissionDenied(gettext("Du kan ikke se nøgletal for dette distrikt. Vælg dit eget distrikt."))
    return Scope(user.municipality_id, chosen, allowed, whole)


def period_label(grain: str, start: dt.date) -> str:
    if grain == Grain.MONTH:
        return f"{start:%m.%Y}"
    if grain == Grain.QUARTER:
        return gettext("%(q)d. kvt. %(y)d") % {"q": (start.month - 1) // 3 + 1, "y": start.year}
    if grain == Grain.HALF_YEAR:
        return gettext("%(h)d. halvår %(y)d") % {"h": 1 if start.month <= 6 else 2, "y": start.year}
    return str(start.year)


def periods(grain: str, first: dt.date, last: dt.date) -> list[dt.date]:
    out, p = [], period_start(grain, first)
    while p <= last:
        out.append(p)
        p = period_end(grain, p)
    return out


def quantile(histogram: dict[int, int], p: float) -> int | None:
    """The nearest-rank p-quantile of a histogram {days: count}: the smallest value with at least p of the
    observations at or below it (median p=0.5: of 1, 2, 3, 10 it is 2)."""
    n = sum(histogram.values())
    if not n:
        return None
    rank, seen = max(1, math.ceil(p * n - 1e-9)), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None
