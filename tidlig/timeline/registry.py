"""How the apps above the spine extend it without the spine importing them (issue 9).

The spine sits below intake and the case apps, so a worklist section that reads one of their tables is
registered by that app in its `AppConfig.ready()`. Today: the team leader's unassigned notifications
(intake registers `intake.selectors.team_unassigned`), and the details a worklist row shows about its
source (intake gives reception's rows their notification: who notified and why). And, from the case apps to
the layers below them: the hand-overs a screening and an assignment make to case work, and the facts of
measures that intake and early detection read (see below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import DateField, Value
from django.db.models.functions import Coalesce, Least

from tidlig.organisation.models import Staff
from tidlig.people.models import Child

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


# --- What the case apps tell the layers below them (issue 9) -------------------------------------------------
#
# Intake screens and assigns notifications, early detection counts what a course escalated into; neither may
# import the case apps. `cases` and `interventions` register what they do and know here, in their
# AppConfig.ready(), and intake and crossteam call the registry.
#
# Hand-overs are writes in the caller's transaction. Losing one would silently drop a legal step (a § 20
# investigation, the case's deadlines following a new caseworker), so calling one that nobody registered
# raises instead of doing nothing.

# (*, child, actor, aware_on, notification_id) -> None: a screening decided on a børnefaglig undersøgelse.
InvestigationHandOver = Callable[..., None]
# (child) -> None: the child's caseworker changed (the case's open deadlines follow them).
CaseworkerAssigned = Callable[[Child], None]

_investigation_hand_over: list[InvestigationHandOver] = []
_caseworker_assigned: list[CaseworkerAssigned] = []


def _add(hooks: list, hook: Callable) -> None:
    if hook not in hooks:  # idempotent: ready() may run twice
        hooks.append(hook)


def _required(hooks: list, what: str) -> list:
    if not hooks:
        raise ImproperlyConfigured(
            f"No app registered {what} with timeline.registry (cases does, in ready())."
        )
    return hooks


def register_investigation_hand_over(hook: InvestigationHandOver) -> None:
    _add(_investigation_hand_over, hook)


def screened_for_investigation(
    *, child: Child, actor: Staff, aware_on: dt.date, notification_id: int
) -> None:
    """BL § 18/§ 20: the screening decided on a børnefaglig undersøgelse; case work starts it (cases
    registers `casework.investigation_for_screening`)."""
    for hook in _required(_investigation_hand_over, "the § 20 investigation hand-over"):
        hook(child=child, actor=actor, aware_on=aware_on, notification_id=notification_id)


def register_caseworker_assigned(hook: CaseworkerAssigned) -> None:
    _add(_caseworker_assigned, hook)


def caseworker_assigned(child: Child) -> None:
    """The child has a new caseworker: the case apps move what follows them (cases registers
    `casework.assign_case_obligations`)."""
    for hook in _required(_caseworker_assigned, "what follows a new caseworker"):
        hook(child)


# Reads: the case apps' facts as the layers below need them. With no provider there is nothing to tell.

# (child, *, on) -> whether § 32 support or a §§ 46/47 placement was in force at the moment `on`.
OngoingSupport = Callable[..., bool]
# (child, *, before) -> the staff (ids) who decided the child's measures up to the day of `before`.
CaseDeciders = Callable[..., Iterable[int]]
# (child) -> the child's measures not ended (objects with `type`, `started_on`), for a notification's context.
OpenMeasures = Callable[[Child], Iterable[Any]]
# (child, *, since) -> the case work that ran on or after the day `since`: some of "assessment", "investigation".
CaseWorkSince = Callable[..., Iterable[str]]
# (child, *, on) -> the child's measures not ended before the day `on` (with `type` and `decision`), in the
# order they were decided.
MeasuresInForce = Callable[..., Iterable[Any]]
# (child, since) -> an expression: the first day on or after `since` a decision or measure was made for `child`,
# NULL if none. Both arguments are expressions of the outer query (e.g. OuterRef("child_id")).
FirstDecidedSince = Callable[[Any, Any], Any]

_ongoing_support: list[OngoingSupport] = []
_case_deciders: list[CaseDeciders] = []
_open_measures: list[OpenMeasures] = []
_case_work_since: list[CaseWorkSince] = []
_measures_in_force: list[MeasuresInForce] = []
_first_decided_since: list[FirstDecidedSince] = []


def register_ongoing_support(provider: OngoingSupport) -> None:
    _add(_ongoing_support, provider)


def had_ongoing_support(child: Child, *, on: dt.datetime) -> bool:
    """BL § 137, stk. 1: did the child have ongoing support or a placement when a notification came?"""
    return any(provider(child, on=on) for provider in _ongoing_support)


def register_case_deciders(provider: CaseDeciders) -> None:
    _add(_case_deciders, provider)


def case_deciders(child: Child, *, before: dt.datetime) -> set[int]:
    """Who decided the child's measures up to the day of `before` (they took part in the case, § 137)."""
    return {pk for provider in _case_deciders for pk in provider(child, before=before)}


def register_open_measures(provider: OpenMeasures) -> None:
    _add(_open_measures, provider)


def open_measures(child: Child) -> list[Any]:
    """The child's measures not yet ended, shown with a notification ("barnet har allerede en indsats")."""
    return [m for provider in _open_measures for m in provider(child)]


def register_case_work_since(provider: CaseWorkSince) -> None:
    _add(_case_work_since, provider)


def case_work_since(child: Child, *, since: dt.date) -> set[str]:
    """Which case work (afdækning § 19, undersøgelse § 20) ran for the child on or after `since` (§ 138, stk. 2:
    what the professional notifier may be told was started)."""
    return {kind for provider in _case_work_since for kind in provider(child, since=since)}


def register_measures_in_force(provider: MeasuresInForce) -> None:
    _add(_measures_in_force, provider)


def measures_in_force(child: Child, *, on: dt.date) -> list[Any]:
    """The child's measures in force on `on` or later (§ 138, stk. 3 material for the caseworker)."""
    return [m for provider in _measures_in_force for m in provider(child, on=on)]


def register_first_decided_since(provider: FirstDecidedSince) -> None:
    _add(_first_decided_since, provider)


def first_decided_since(child: Any, since: Any) -> Any:
    """An expression for annotating a query: the first decision day on or after `since` for `child` (the
    decision's own date, `decided_on`, which may be backdated; not when it was recorded), NULL if none."""
    found = [provider(child, since) for provider in _first_decided_since]
    return reduce(earliest, found) if found else Value(None, output_field=DateField())


def earliest(a: Any, b: Any) -> Any:
    """The earlier of two date expressions, either of which may be NULL (SQL's LEAST/MIN is NULL on SQLite
    when an argument is NULL, so each is first filled in with the other)."""
    return Least(Coalesce(a, b), Coalesce(b, a), output_field=DateField())
