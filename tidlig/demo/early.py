"""Early detection in the demo (issue 4): groups, two years of ratings, teams, meetings, concerns, courses.

Runs after the households are written, on the children as stored, with its own random stream (so the
rest of the demo is the same with or without it). The handleguide and the criteria for early advice
are the municipality's defaults (`tidlig.concerns.defaults`, `tidlig.crossteam.defaults`).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from tidlig.concerns.defaults import default_guide
from tidlig.crossteam.defaults import default_criteria

from . import concerns, crossteam, groups, wellbeing
from .organisation import Org


def build(org: Org, *, seed: int, children: int, now: dt.datetime) -> dict[str, int]:
    rng = random.Random(f"early-{seed}")
    today = timezone.localdate(now)
    default_guide(org.municipality)
    default_criteria(org.municipality)
    staff = groups.StaffMaker(org, rng)
    teams = crossteam.build_staff(org, staff)
    built_groups = groups.build(org, rng, today=today, staff=staff)
    ratings = wellbeing.build(
        org, rng, built_groups, now=now, health_visitors=teams.health_visitors(), seed=seed
    )
    crossteam.build_meetings(org, rng, built_groups, teams, ratings.flagged, now=now)
    counts = {
        "groups": len(built_groups.groups),
        "members": len(built_groups.memberships),
        "periods": sum(map(len, ratings.periods.values())),
        **ratings.counts,
        **teams.counts,
    }
    counts |= concerns.build_concerns(org, rng, built_groups, ratings.flagged, now=now)
    counts |= concerns.build_courses(org, rng, built_groups, teams, children=children, now=now)
    return counts


def lines(counts: dict[str, int]) -> list[str]:
    if not counts:
        return []
    c = counts
    return [
        f"  Early detection: {c['groups']} groups, {c['periods']} rating periods, {c['ratings']} ratings "
        f"({c['joint']} joint, {c['health_visitor']} by health visitors), {c['follow_ups']} follow-ups",
        f"  {c['meetings']} team meetings ({c['held']} held) with {c['items']} items ({c['named']} named), "
        f"{c['concerns']} concerns ({c['open']} open), {c['courses']} early courses "
        f"({c['escalated']} ended in a notification)",
    ]
