"""Plans with concrete goals through the API: barnets plan (§ 91), ungeplan (§ 108), helhedsorienteret plan
(§ 110) and forældrehandleplan (§ 77). Thin endpoints over `tidlig.plans.services`."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Status

from tidlig.cases.access import visible_child
from tidlig.cases.overview import hidden_from
from tidlig.core.api import api_fields
from tidlig.core.schemas import api_errors

from . import services
from .models import Goal, Plan
from .schemas import GoalOut, GoalStatusIn, PlanIn, PlanOut, goal_out, plan_out

router = Router(tags=["plans"])
ERRORS = api_errors(403, 404)


@router.post(
    "/children/{child_id}/plans",
    response={201: PlanOut, **ERRORS},
    tags=["children"],
    summary="Record a plan with concrete goals (a new version replaces the old)",
)
def record_plan(request, child_id: int, payload: PlanIn):
    actor = request.auth
    child = visible_child(actor, child_id)
    with api_fields(measure="measure_id"):  # the service checks the owner, then looks the measure up
        plan = services.plan_record(
            child=child,
            actor=actor,
            kind=payload.kind,
            summary=payload.summary,
            goals=[(g.text, g.owner) for g in payload.goals],
            recorded_on=payload.recorded_on,
            measure=payload.measure_id,
        )
    plan = Plan.objects.select_related("recorded_by").prefetch_related("goals").get(pk=plan.pk)
    return Status(201, plan_out(plan, hidden_measures=hidden_from(actor, child).get("measure", set())))


@router.patch(
    "/goals/{goal_id}",
    response={200: GoalOut, **ERRORS},
    tags=["plans"],
    summary="Set a goal's status: open, achieved or dropped",
)
def set_goal_status(request, goal_id: int, payload: GoalStatusIn):
    actor = request.auth
    child_id = Goal.objects.filter(pk=goal_id).values_list("plan__child_id", flat=True).first()
    if child_id is None:
        raise Http404
    child = visible_child(actor, child_id, what="plan")
    goal = Goal.objects.select_related("plan").get(pk=goal_id)
    goal.plan.child = child
    return goal_out(services.goal_set_status(goal=goal, actor=actor, status=payload.status))
