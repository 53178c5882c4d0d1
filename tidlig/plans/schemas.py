"""Request and answer bodies for plans and their goals in the API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tidlig.core.schemas import Code, Day, InSchema, Int, Line, Text
from tidlig.intake.schemas import Ref

from .models import Goal, Plan


class GoalIn(InSchema):
    text: Line(300) = Field(
        ..., description="a concrete goal for the child's wellbeing and development (§ 92)"
    )
    owner: Line(150) = Field(..., description="who works on it")


class PlanIn(InSchema):
    kind: Code = Field(..., description="child (§ 91) | youth (§ 108) | holistic (§ 110) | parent (§ 77)")
    summary: Text
    goals: list[GoalIn] = []
    measure_id: Int | None = Field(None, description="the measure the plan belongs to, if any")
    recorded_on: Day | None = Field(None, description="default today")


class GoalStatusIn(InSchema):
    status: Code = Field(..., description="open | achieved | dropped")


class GoalOut(Schema):
    id: int
    plan_id: int
    text: str
    owner: str
    status: str


class PlanOut(Schema):
    id: int
    child_id: int
    kind: str
    recorded_on: dt.date
    recorded_by: Ref
    summary: str
    measure_id: int | None
    goals: list[GoalOut]


def goal_out(g: Goal) -> dict:
    return {"id": g.pk, "plan_id": g.plan_id, "text": g.text, "owner": g.owner, "status": g.status}


def plan_out(p: Plan, *, hidden_measures: set[int] | frozenset = frozenset()) -> dict:
    """`hidden_measures`: measures the reader may not know of (§ 47); the plan is shown without the link."""
    return {
        "id": p.pk,
        "child_id": p.child_id,
        "kind": p.kind,
        "recorded_on": p.recorded_on,
        "recorded_by": {"id": p.recorded_by.pk, "name": str(p.recorded_by)},
        "summary": p.summary,
        "measure_id": None if p.measure_id in hidden_measures else p.measure_id,
        "goals": [goal_out(g) for g in p.goals.all()],
    }
