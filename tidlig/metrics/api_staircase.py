"""The staircase in motion and spending through the API: the same tables, scope and suppression as the pages
(`GET /api/v1/metrics/staircase`, `GET /api/v1/metrics/spending`)."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Router, Schema

from tidlig.core.schemas import api_errors

from . import spending, staircase
from .figure_tables import scope_for

router = Router(tags=["metrics"])
ERRORS = api_errors(403)


class MetricsTableRowOut(Schema):
    label: str
    values: list[int | float | None] = Field(
        description="One value per column (counts, kroner, or a share in %); null = hidden or no share."
    )
    hidden: dict[str, Literal["small", "complementary"]] = Field(
        default_factory=dict,
        description='Why a null value is hidden, by column: "small" (1–4 children) or "complementary" '
        "(hidden only so that a small one cannot be worked out; it may be large). A null share absent "
        "here has no whole to be a share of, or its part is hidden.",
    )


class MetricsTableOut(Schema):
    slug: str
    title: str
    source: str
    columns: list[str]
    rows: list[MetricsTableRowOut]


class StaircaseOut(Schema):
    """Children on the staircase without names: steps, flows, placements, age, hjemgivelser."""

    scope: str
    period: str
    tables: list[MetricsTableOut]


class SpendingOut(Schema):
    """Spending without names: cost per month by step, prevention's share, committed cost to 31.12."""

    scope: str
    tables: list[MetricsTableOut]


@router.get(
    "/metrics/staircase",
    response={200: StaircaseOut, **ERRORS},
    summary="The staircase in motion (managers, analysts: the municipality; team leaders: their team)",
)
def get_staircase(request, period: Literal["month", "quarter", "year"] = "quarter"):
    scope = scope_for(request.auth)
    tables = staircase.staircase_tables(scope, kind=period)
    return {"scope": scope.label, "period": period, "tables": [t.api() for t in tables]}


@router.get(
    "/metrics/spending",
    response={200: SpendingOut, **ERRORS},
    summary="Spending by staircase step (managers, analysts: the municipality; team leaders: their team)",
)
def get_spending(request):
    scope = scope_for(request.auth)
    return {"scope": scope.label, "tables": [t.api() for t in spending.cost_tables(scope)]}
