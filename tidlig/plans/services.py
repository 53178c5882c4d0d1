"""Writes for plans: a plan is recorded with its goals; goals change status as the work goes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.cases.access import require_case_owner
from tidlig.interventions.models import Measure
from tidlig.interventions.services import measure_refresh_obligations
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.timeline import services as spine

from .models import Goal, Plan

YOUTH_PLAN_AGE = 16  # § 108


@transaction.atomic
def plan_record(
    *,
    child: Child,
    actor: Staff,
    kind: str,
    summary: str,
    goals: list[tuple[str, str]],
    recorded_on: dt.date | None = None,
    measure: Measure | None = None,
) -> Plan:
    """Record a plan (a new version replaces the old). Goals are (text, owner) pairs."""
    require_case_owner(actor, child)
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
        errors["goals"] = [_("Hvert mål skal have en ansvarlig.")]
    if recorded_on > timezone.localdate():
        errors["recorded_on"] = [_("Datoen ligger i fremtiden.")]
    age = child.age_on(recorded_on)
    if kind == Plan.Kind.YOUTH and age is not None and age < YOUTH_PLAN_AGE:
        errors["kind"] = [_("En ungeplan udarbejdes fra 16 år (§ 108); brug barnets plan.")]
    if measure is not None and measure.child_id != child.pk:
        errors["measure"] = [_("Indsatsen hører til et andet barn.")]
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.create(
        child=child,
        kind=kind,
        measure=measure,
        recorded_on=recorded_on,
        recorded_by=actor,
        summary=summary.strip(),
    )
    Goal.objects.bulk_create([Goal(plan=plan, text=t, owner=o) for t, o in goals])
    with translation.override("da"):
        label = str(plan.get_kind_display())
    spine.event_record(
        child=child,
        kind="plans.plan.recorded",
        occurred_at=timezone.now(),
        actor=actor,
        summary=gettext_noop("%(plan)s udarbejdet med %(n)s mål"),
        summary_args={"plan": label, "n": len(goals)},
        source="plan",
        source_id=plan.pk,
    )
    # § 100, stk. 4: a placement in its hjemgivelsesperiode still runs (a plan may meet its § 79 period).
    running = Q(ended_on__isnull=True) | Q(homecoming_period_end__gte=recorded_on)
    for m in child.measures.filter(running):
        measure_refresh_obligations(m)
    audit.record(actor=actor, action="plans.plan.recorded", obj=plan, child_id=child.pk)
    return plan


@transaction.atomic
def goal_set_status(*, goal: Goal, actor: Staff, status: str) -> Goal:
    require_case_owner(actor, goal.plan.child)
    if status not in Goal.Status.values:
        raise ValidationError({"status": [_("Ukendt status.")]})
    goal.status = status
    goal.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="plans.goal.updated",
        obj=goal,
        child_id=goal.plan.child_id,
        data={"status": status},
    )
    return goal
