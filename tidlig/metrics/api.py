"""Key figures through the API: the same series as /noegletal/, from the same function (keyfigures.py).

A hidden number is null with its reason in `hidden` (as the well-being overview answers): "small"
(1–4, or a rate, share or median that would give such a count away) or "complementary" (hidden only
so that a small count cannot be worked out from a total; it may be large). The answer is a handful of
series of at most a few dozen periods each, so it is not paginated."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from tidlig.core.pagination import paginated
from tidlig.core.schemas import api_errors

from .installation import installation_figures
from .keyfigures import keyfigures
from .models import Grain

router = Router(tags=["metrics"])
ERRORS = api_errors(403)
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class KeyFiguresQuery(Schema):
    grain: Literal["M", "Q", "Y"] = Field("M", description="M: months, Q: quarters, Y: years")
    first: str = Field("", max_length=7, pattern=f"({MONTH})|^$", description="First month, YYYY-MM")
    last: str = Field("", max_length=7, pattern=f"({MONTH})|^$", description="Last month, YYYY-MM")
    district: int | None = Field(None, description="A district's id; none: the whole municipality")


class KeyFigureColumn(Schema):
    key: str
    label: str
    kind: Literal["count", "rate", "share", "days", "ratio"]


class KeyFigureRow(Schema):
    period: str
    values: dict[str, float | int | None]
    hidden: dict[str, Literal["small", "complementary"]] = Field(
        default_factory=dict,
        description="Why a null value is hidden; absent keys are shown (null: no number).",
    )


class KeyFigureSeries(Schema):
    slug: str
    title: str
    columns: list[KeyFigureColumn]
    rows: list[KeyFigureRow]
    notes: list[str]


class KeyFiguresOut(Schema):
    """Key figures without names, from the facts Tidlig keeps; `refreshed_at`: when they were last computed."""

    grain: str
    first: dt.date
    last: dt.date
    district_id: int | None
    refreshed_at: dt.datetime | None
    series: list[KeyFigureSeries]


def _month(value: str, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        raise ValidationError({field: ["Vælg en måned mellem år 2000 og 2100."]})
    return day


@router.get(
    "/metrics/keyfigures",
    response={200: KeyFiguresOut, **ERRORS},
    summary="Key figures over time (managers, analysts: municipality and districts; team leaders: their district)",
)
def get_keyfigures(request, q: Query[KeyFiguresQuery]):
    data = keyfigures(
        request.auth,
        grain=Grain(q.grain),
        first=_month(q.first, "first"),
        last=_month(q.last, "last"),
        district_id=q.district,
    )
    return {
        "grain": data["grain"],
        "first": data["first"],
        "last": data["last"],
        "district_id": data["scope"].district.pk if data["scope"].district else None,
        "refreshed_at": data["refreshed_at"],
        "series": [
            {
                "slug": s.slug,
                "title": s.title,
                "columns": [{"key": k, "label": label, "kind": kind} for k, label, kind in s.columns],
                "rows": [
                    {"period": r["label"], "values": r["values"], "hidden": r["hidden"]} for r in s.rows
                ],
                "notes": s.notes,
            }
            for s in data["series"]
        ],
    }


class InstallationFigureOut(Schema):
    """One municipality of the installation: children notified in the year per 1,000 aged 0–17, counted by
    Tidlig from its kept facts; null with `hidden` where the one suppression rule hides it."""

    code: str
    name: str
    counted: int | None
    population: int | None
    per_1000: float | None
    hidden: Literal["small", "complementary"] | None
    rank: int | None


@router.get(
    "/metrics/installation",
    response={200: list[InstallationFigureOut], **api_errors(403)},
    summary="Every municipality of this installation on Tidlig's own notified-per-1,000 figure (managers, analysts)",
)
@paginated
def get_installation(request, year: int = Query(..., ge=2000, le=2100)):
    return [
        {
            "code": f.code,
            "name": f.name,
            "counted": f.counted,
            "population": f.population,
            "per_1000": float(f.per_1000) if f.per_1000 is not None else None,
            "hidden": f.hidden,
            "rank": f.rank,
        }
        for f in installation_figures(request.auth, year=year)
    ]
