"""Writes to the spine: append an event, re-derive and store obligations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tidlig.organisation.models import Staff, Team
from tidlig.people.models import Child
from tidlig.rules import obligations as rules

from .models import Event, Obligation, summary_to_store


def event_record(
    *,
    child: Child,
    kind: str,
    occurred_at: dt.datetime,
    actor: Staff | None,
    summary: str | tuple[str, str],
    summary_args: dict | None = None,
    source: str = "",
    source_id: int | None = None,
    data: dict | None = None,
) -> Event:
    text, meta = summary_to_store(summary, summary_args)
    return Event.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        kind=kind,
        occurred_at=occurred_at,
        actor=actor if getattr(actor, "pk", None) else None,
        summary=text,
        source=source,
        source_id=source_id,
        # The untranslated summary and its arguments, so each reader sees it in their own language.
        data={**(data or {}), "_summary": meta},
    )


def events_for_source(source: str, source_id: int) -> list[rules.Event]:
    return [
        rules.Event(kind=kind, at=at)
        for kind, at in Event.objects.filter(source=source, source_id=source_id).values_list(
            "kind", "occurred_at"
        )
    ]


def obligations_store(
    *,
    child: Child,
    source: str,
    source_id: int,
    derived: Sequence[rules.Obligation],
    owners: dict[str, tuple[Team | None, Staff | None]],
) -> list[Obligation]:
    """Make the stored obligations of one source equal to what the rules derived.

    `owners` maps an obligation code to the team and person who must act on it. A row is keyed by
    (code, period): a recurring obligation keeps one row per period, each with its own status.
    """
    existing = {(o.code, o.period): o for o in Obligation.objects.filter(source=source, source_id=source_id)}
    kept: list[Obligation] = []
    for d in derived:
        team, assignee = owners.get(d.code, (None, None))
        values = dict(
            due_at=d.due_at,
            due_date=d.due_date,
            due_is_time=d.due_is_time,
            met_at=d.met_at,
            not_applicable=d.not_applicable,
            is_open=d.met_at is None and not d.not_applicable,
            team=team,
            assignee=assignee,
        )
        row = existing.pop((d.code, d.period), None)
        if row is None:
            row = Obligation.objects.create(
                municipality_id=child.municipality_id,
                child=child,
                code=d.code,
                period=d.period,
                source=source,
                source_id=source_id,
                **values,
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save(update_fields=list(values))
        kept.append(row)
    if existing:
        Obligation.objects.filter(pk__in=[o.pk for o in existing.values()]).delete()
    return kept
