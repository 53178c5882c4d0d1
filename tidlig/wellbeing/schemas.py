"""Request and answer bodies for well-being ratings in the API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tidlig.core.schemas import Code, Day, InSchema, Int, Line, Text

COLOURS = "green | yellow | red"


class RatingIn(InSchema):
    colour: Code = Field(..., description=COLOURS)
    indicators: dict[Code, Code] = Field(default_factory=dict, description="{indicator id: colour}")
    note: Line(2000) = ""


class HealthVisitorRatingIn(RatingIn):
    parents_present: Line(200) = Field(..., description="who of the parents took part")
    rated_on: Day


class RatingFollowUpIn(InSchema):
    focus_points: Text
    institution_action: Text
    parents_informed_on: Day | None = None
    parents_response: Text = ""
    team_requested_on: Day | None = None
    indicators: dict[Code, Code] | None = Field(
        None, description="{indicator id: colour}; omitted: unchanged"
    )


class RatingNextStepOut(Schema):
    """After a red rating: one next step (the handleguide, a concern, the team, a notification)."""

    code: str
    title: str
    url: str


class RatingOut(Schema):
    id: int
    kind: str
    child_id: int
    period_id: int | None
    group_id: int | None
    rater: str
    colour: str
    indicators: dict[str, str]
    note: str
    rated_at: dt.datetime
    next_steps: list[RatingNextStepOut] = []  # only on the answer to recording a red rating (issue 10)


class PeriodOut(Schema):
    id: int
    institution_id: int
    title: str
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool


class GroupOut(Schema):
    id: int
    name: str
    institution_id: int
    institution: str
    open_period: PeriodOut | None


class SheetRowOut(Schema):
    child_id: int
    name: str
    age_months: int | None
    previous_colour: str | None = Field(None, description="the joint colour of the last period here")
    mine: RatingOut | None
    others: list[RatingOut] = Field(..., description="colleagues' own ratings; only once you have rated")
    joint: RatingOut | None
    disagreement: bool


class SheetOut(Schema):
    group: GroupOut
    period: PeriodOut
    rows: list[SheetRowOut]


class RatingCountOut(Schema):
    count: int


class RatingFollowUpOut(RatingFollowUpIn):
    rating_id: Int
