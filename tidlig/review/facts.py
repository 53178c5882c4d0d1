"""The facts of one sampled case, read from the spine (timeline) and the case tables, for rules.review."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tidlig.cases.models import ChildConversation, Investigation
from tidlig.intake.models import Notification, ScreeningDecision
from tidlig.interventions.models import Decision, Measure
from tidlig.people.models import Child
from tidlig.rules import review as rules
from tidlig.rules.calendar import end_of_day
from tidlig.timeline.models import Event, Obligation


def in_period(start: dt.date, end: dt.date):
    return Obligation.objects.filter(due_date__gte=start, due_date__lte=end)


def population(municipality_id: int, start: dt.date, end: dt.date, strata: str) -> list[tuple[int, str]]:
    """The cases that could be drawn: children with an obligation due in the period — the same stored
    obligations the worklists read — with their stratum (the team that must act, or the measure type)."""
    rows = (
        in_period(start, end)
        .filter(municipality_id=municipality_id)
        .order_by("child_id", "due_at")
        .values_list("child_id", "team__name")
    )
    first_team: dict[int, str] = {}
    for child_id, team in rows:
        first_team.setdefault(child_id, team or "")
    if strata == "measure":
        kinds = dict(
            Measure.objects.filter(child_id__in=first_team, decided_on__lte=end)
            .order_by("child_id", "decided_on", "pk")  # the dict keeps the last: the latest decided
            .values_list("child_id", "type__title")
        )
        return [(c, kinds.get(c, "")) for c in first_team]
    return list(first_team.items())


def case_facts(child: Child, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> rules.CaseFacts:
    now = now or timezone.now()
    # Obligations due in the period; their status as at the period's end, or now if that is earlier.
    at = min(now, end_of_day(end))
    rows = list(in_period(start, end).filter(child=child).order_by("due_at"))
    # The event that met each obligation: the services record the event at the moment they meet it (the
    # obligation's met_at); one query for the case. Same source first, else the first at that moment.
    met_at = {o.met_at for o in rows if o.met_at}
    events: dict = {}
    for pk, occurred, source, source_id in (
        Event.objects.filter(child=child, occurred_at__in=met_at)
        .order_by("occurred_at", "pk")
        .values_list("pk", "occurred_at", "source", "source_id")
    ):
        events.setdefault(occurred, []).append((pk, source, source_id))

    def event_of(o) -> int | None:
        candidates = events.get(o.met_at, [])
        same = [pk for pk, source, source_id in candidates if (source, source_id) == (o.source, o.source_id)]
        return (same or [pk for pk, _s, _i in candidates] or [None])[0]

    obligations = [
        rules.ObligationFact(
            code=o.code,
            title=o.type.title,
            due_date=o.due_date,
            met_on=timezone.localdate(o.met_at) if o.met_at else None,
            status=str(o.status_at(at)),
            event_id=event_of(o) if o.met_at else None,
        )
        for o in rows
    ]
    investigations = list(
        Investigation.objects.filter(child=child, aware_on__lte=end).values_list("aware_on", "concluded_on")
    )
    return rules.CaseFacts(
        obligations=obligations,
        investigations=investigations,
        conversations=list(
            ChildConversation.objects.filter(child=child, held_on__lte=end).values_list("held_on", flat=True)
        ),
        decisions=list(
            Decision.objects.filter(child=child, decided_on__gte=start, decided_on__lte=end).values_list(
                "decided_on", flat=True
            )
        ),
        screened_for_investigation=Notification.objects.filter(
            child=child, screening_decision=ScreeningDecision.UNDERSOEGELSE, received_at__lte=end_of_day(end)
        ).exists(),
    )
