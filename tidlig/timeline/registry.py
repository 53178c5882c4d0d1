"""How the apps above the spine extend it without the spine importing them (issue 9).

The spine sits below intake and the case apps, so a worklist section that reads one of their tables is
registered by that app in its `AppConfig.ready()`. Today: the team leader's unassigned notifications
(intake registers `intake.selectors.team_unassigned`), and the details a worklist row shows about its
source (intake gives reception's rows their notification: who notified and why).
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


def team_unassigned(actor: Staff, *, limit: int, offset: int = 0) -> tuple[list[Any], int]:
    """A page of the unassigned work of the actor's team (the registered sections one after the other),
    and its total. Each section gives its first `offset + limit` items, so the page is cut from them."""
    rows: list[Any] = []
    total = 0
    for section in _team_unassigned:
        found, count = section(actor, offset + limit)
        rows.extend(found)
        total += count
    return rows[offset : offset + limit], total


# (rows) -> None: sets details on the rows of one source (e.g. `row.notification`), in one query.
RowDetails = Callable[[Sequence[Any]], None]

_row_details: list[RowDetails] = []


def register_row_details(details: RowDetails) -> None:
    """Add a giver of row details (idempotent: ready() may run twice)."""
    if details not in _row_details:
        _row_details.append(details)


def row_details(rows: Sequence[Any]) -> None:
    """Let every registered app add what its rows show beyond the obligation (who notified, why …)."""
    for details in _row_details:
        details(rows)
