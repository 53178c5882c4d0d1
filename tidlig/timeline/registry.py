"""How the apps above the spine extend it without the spine importing them (issue 9).

The spine sits below intake and the case apps, so a worklist section that reads one of their tables is
registered by that app in its `AppConfig.ready()`. Today that is one section: the team leader's
unassigned notifications (intake registers `intake.selectors.team_unassigned`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tidlig.organisation.models import Staff

# (actor, limit) -> (the first `limit` unassigned items of the actor's team, oldest first; their total)
UnassignedSection = Callable[[Staff, int], tuple[Sequence[Any], int]]

_team_unassigned: list[UnassignedSection] = []


def register_team_unassigned(section: UnassignedSection) -> None:
    """Add a section to the team worklist's "unassigned" list (idempotent: ready() may run twice)."""
    if section not in _team_unassigned:
        _team_unassigned.append(section)


def team_unassigned(actor: Staff, *, limit: int) -> tuple[list[Any], int]:
    """The unassigned work of the actor's team from every registered section, and its total."""
    rows: list[Any] = []
    total = 0
    for section in _team_unassigned:
        found, count = section(actor, limit)
        rows.extend(found)
        total += count
    return rows[:limit], total
