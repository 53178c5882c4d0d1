"""Writes for plans: a plan is recorded with its goals; goals change status as the work goes.

Both are case actions (`tidlig.cases.actions.case_action`): the frame checks that the actor owns the case,
opens the transaction, and writes the audit row; the rules below are what is particular to plans.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tidlig.cases.actions import Act, Subject, case_action
from tidlig.interventions.models import Measure
from tidlig.interventions.services import measure_refresh_obligations
from tidlig.timeline.models import counted

from .models import Goal, Plan

YOUTH_PLAN_AGE = 16  # § 108


def _refresh_running_measures(act: Act, plan: Plan) -> None:
    """A plan may meet a measure's obligation (§ 91 child plan, § 79 period)."""
    # § 100, stk. 4: a placement in its hjemgivelsesperiode still runs (a plan may meet its § 79 period).
    running = Q(ended_on__isnull=True) | Q(homecoming_period_end__gte=plan.recorded_on)
    for m in act.child.measures.filter(running):
        measure_refresh_obligations(m)


@case_action("plans.plan.recorded", refresh=_refresh_running_measures)
def plan_record(
    act: Act,
    *,
    kind: str,
    summary: str,
    goals: list[tuple[str, str]],
    recorded_on: dt.date | None = None,
    measure: Measure | int | None = None,
) -> Plan:
    """Record a plan (a new version replaces the old). Goals are (text, owner) pairs; `measure` is the
    measure it belongs to, or its id."""
    child = act.child
    measure = act.on_case(measure, child.measures, "measure")  # an integration sends its id
    recorded_on = recorded_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if kind not in Plan.Kind.values:
        errors["kind"] = [_("Vælg hvilken plan det er.")]
    if not summary.strip():
        errors["summary"] = [_("Skriv planens indhold.")]
    goals = [(t.strip(), o.strip()) for t, o in goals if t.strip()]
    if kind != Plan.Kind.PARENT and not goals:
        errors["goals"] = [_("Skriv mindst ét konkret mål for barnets trivsel og udvikling (§ 92).")]
    if any(not owner for _t, owner in goals):
        errors["goals"] = [_("Hvert mål skal have en ansvarlig. Vælg en ansvarlig for hvert mål.")]
    if recorded_on > timezone.localdate():
        errors["recorded_on"] = [_("Datoen ligger i fremtiden. Skriv dagens dato eller en tidligere dato.")]
    age = child.age_on(recorded_on)
    if kind == Plan.Kind.YOUTH and age is not None and age < YOUTH_PLAN_AGE:
        errors["kind"] = [_("En ungeplan udarbejdes fra 16 år (§ 108); brug barnets plan.")]
    if measure is not None and measure.child_id != child.pk:
        errors["measure"] = [_("Indsatsen hører til et andet barn. Vælg en af barnets egne indsatser.")]
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.create(
        child=child,
        kind=kind,
        measure=measure,
        recorded_on=recorded_on,
        recorded_by=act.actor,
        summary=summary.strip(),
    )
    Goal.objects.bulk_create([Goal(plan=plan, text=t, owner=o) for t, o in goals])
    with translation.override("da"):
        label = str(plan.get_kind_display())
    act.event(
        counted("%(plan)s udarbejdet med 1 mål", "%(plan)s udarbejdet med %(n)s mål"),
        {"plan": label, "n": len(goals)},
        source="plan",
        source_id=plan.pk,
    )
    return plan


def _goal_for_update(goal: Goal) -> Goal:
    """The goal re-read under a lock, with the child its caller loaded (caseworker and team, for the check)."""
    row = Goal.objects.select_for_update().select_related("plan").get(pk=goal.pk)
    row.plan.child = goal.plan.child
    return row


GOAL = Subject("goal", child_of=lambda g: g.plan.child, lock=_goal_for_update)


@case_action("plans.goal.updated", subject=GOAL)
def goal_set_status(act: Act, *, status: str) -> Goal:
    """A goal is being worked on, achieved or dropped (§ 92: the plan's goals are followed up)."""
    if status not in Goal.Status.values:
        raise ValidationError({"status": [_("Ukendt status. Vælg en status på listen.")]})
    goal = act.subject
    goal.status = status
    goal.save(update_fields=["status"])
    act.audit_data = {"status": status}
    return goal
