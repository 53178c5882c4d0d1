"""Request and answer bodies for FIT in the API (issue 13 § 4)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tidlig.core.schemas import Code, Day, InSchema, Int, Line

from .models import FitAlert, FitSession, Rating, Respondent


class FitRespondentIn(InSchema):
    role: Code = Field(..., description="child | mother | father | other")
    first_name: Line(60) = Field(..., description="the only thing the family's one-time link shows")


class FitRespondentOut(Schema):
    id: int
    role: str
    first_name: str


class FitSessionIn(InSchema):
    held_on: Day | None = Field(None, description="the meeting's day (not in the future)")
    respondent_ids: list[Int] = Field(default_factory=list, max_length=20)


class FitRatingOut(Schema):
    id: int
    respondent_id: int
    band: str = Field(..., description="young (<6) | child (6–12) | youth (13–17) | adult")
    outcome_instrument: str
    alliance_instrument: str
    outcome_items: list[str] | None = Field(None, description="four items 0–10, one decimal, as strings")
    outcome_total: str | None
    outcome_at: dt.datetime | None
    alliance_items: list[str] | None
    alliance_total: str | None
    alliance_at: dt.datetime | None


class FitSessionOut(Schema):
    id: int
    child_id: int
    held_on: dt.date
    professional_id: int
    ratings: list[FitRatingOut]


class FitItemsIn(InSchema):
    items: list[float | Line(5)] = Field(
        ...,
        max_length=10,
        description='four answers 0–10 with at most one decimal, numbers or strings: [7.5, 6, "8,1", 9]',
    )


class FitLinkOut(Schema):
    url: str = Field(..., description="the one-time link (shown only in this answer)")
    expires_at: dt.datetime
    part: str


class FitAlertOut(Schema):
    id: int
    child_id: int
    rating_id: int
    kind: str = Field(..., description="no_change | deterioration | alliance")
    reasons: list[str] = Field(..., description="for alliance: low_total | low_item | dropped")
    created_at: dt.datetime


class FitTrajectoryOut(Schema):
    respondent: FitRespondentOut
    cutoff: str | None = Field(
        None, description="the clinical cut-off of the respondent's age band (None: not set)"
    )
    change: str | None = Field(None, description="improved | deteriorated | none | null (fewer than two)")
    ratings: list[FitRatingOut]


class FitRciOut(Schema):
    instrument: str
    enough: bool = Field(..., description="the municipality has at least its threshold of respondents")
    sd: float | None
    rci: float | None = Field(None, description="null until enough respondents and a test-retest r are set")


class FitStatisticsOut(Schema):
    outcome: dict[str, int | None] = Field(
        ..., description="respondents improved | deteriorated | none; null where suppressed"
    )
    outcome_hidden: dict[str, str] = Field(..., description="why a count is hidden: small | complementary")
    outcome_total: int | None
    sessions_with_srs: int | None
    sessions: int | None
    benchmark_reliable_change: list[int]
    benchmark_deterioration: list[int]
    rci: list[FitRciOut]


def _d(v) -> str | None:
    return None if v is None else str(v)


def respondent_out(r: Respondent) -> dict:
    return {"id": r.pk, "role": r.role, "first_name": r.first_name}


def rating_out(r: Rating) -> dict:
    return {
        "id": r.pk,
        "respondent_id": r.respondent_id,
        "band": r.band,
        "outcome_instrument": r.outcome_instrument,
        "alliance_instrument": r.alliance_instrument,
        "outcome_items": r.outcome_items,
        "outcome_total": _d(r.outcome_total),
        "outcome_at": r.outcome_at,
        "alliance_items": r.alliance_items,
        "alliance_total": _d(r.alliance_total),
        "alliance_at": r.alliance_at,
    }


def session_out(s: FitSession) -> dict:
    return {
        "id": s.pk,
        "child_id": s.child_id,
        "held_on": s.held_on,
        "professional_id": s.professional_id,
        "ratings": [rating_out(r) for r in s.ratings.all().order_by("pk")],
    }


def alert_out(a: FitAlert) -> dict:
    return {
        "id": a.pk,
        "child_id": a.child_id,
        "rating_id": a.rating_id,
        "kind": a.kind,
        "reasons": a.reasons,
        "created_at": a.created_at,
    }
