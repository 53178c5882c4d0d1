"""The comparison through the API (GET /api/v1/comparison/…): the same selectors and the same service as
the page; DST's figures as published, Tidlig's own figure suppressed as on the page."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from tidlig.core.schemas import InSchema, Line, api_errors

from . import selectors, services
from .access import check
from .measures import MEASURES

router = Router(tags=["comparison"])
MAX_LIMIT = 100


class ComparisonAreaOut(Schema):
    code: str = Field(description="Danmarks Statistik's 3-digit code (000 = Hele landet)")
    name: str


class ComparisonOwnOut(Schema):
    year: int
    counted: int | None = Field(
        description="Children counted; null when hidden (fewer than 5, or it would reveal one)"
    )
    population: int | None
    value: Decimal | None
    hidden: str | None = Field(description="Why the value is hidden: small or complementary")
    source: str = "Tidlig"


class ComparisonSeriesOut(Schema):
    label: str
    kind: str = Field(description="municipality, country or peer")
    code: str
    values: dict[str, Decimal | None] = Field(description="Year → value as published by Danmarks Statistik")


class ComparisonMeasureOut(Schema):
    slug: str
    title: str
    unit: str
    table: str
    source: str
    caveat: str
    latest_year: str | None
    value: Decimal | None = Field(
        description="The municipality's (or its sammenligningsgrundlag's) DST value"
    )
    country: Decimal | None
    rank: int | None
    ranked: int
    compared_as: ComparisonAreaOut | None
    is_basis: bool = Field(
        description="True when the figures are a stand-in municipality's (sammenligningsgrundlag)"
    )
    own: ComparisonOwnOut | None


class ComparisonMeasuresOut(Schema):
    items: list[ComparisonMeasureOut]


class ComparisonDetailOut(ComparisonMeasureOut):
    years: list[str]
    series: list[ComparisonSeriesOut]
    sources: list[str]


class ComparisonRankOut(Schema):
    rank: int | None = Field(
        description="1 = the highest value; null for Tidlig's own figure placed among them"
    )
    code: str
    name: str
    value: Decimal
    marked: bool
    tidlig: bool


class ComparisonRankingPageOut(Schema):
    year: str | None
    count: int
    limit: int
    offset: int
    items: list[ComparisonRankOut]


class ComparisonPageIn(Schema):
    limit: int = Field(MAX_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10**6)


class ComparisonSettingOut(Schema):
    peers: list[ComparisonAreaOut]
    basis: ComparisonAreaOut | None


class ComparisonSettingIn(InSchema):
    peers: list[Line(3)] = Field(default_factory=list, max_length=50, description="DST codes, at most 10")
    basis: Line(3) | None = Field(None, description="A DST code, only for a municipality DST does not know")


def _area(a) -> dict | None:
    return {"code": a.code, "name": a.name} if a else None


def _measure(request, slug: str):
    check(request.auth)
    if slug not in MEASURES:
        raise Http404
    return selectors.comparison(request.auth.municipality, slug)


def _summary(c) -> dict:
    m = c.measure
    return {
        "slug": m.slug,
        "title": str(m.title),
        "unit": str(m.unit),
        "table": m.table,
        "source": str(m.source),
        "caveat": str(m.caveat),
        "latest_year": c.latest,
        "value": c.value(c.compared.code) if c.compared else None,
        "country": c.country,
        "rank": c.rank.rank if c.rank and not c.rank.tidlig else None,
        "ranked": c.count,
        "compared_as": _area(c.compared),
        "is_basis": c.area is None and c.basis is not None,
        "own": vars(c.own) | {"source": "Tidlig"} if c.own else None,
    }


@router.get("/comparison/measures", response={200: ComparisonMeasuresOut, **api_errors(403)})
def measures(request):
    """Every measure: the latest DST year, the municipality beside the country, its rank, and Tidlig's own."""
    check(request.auth)
    return {"items": [_summary(selectors.comparison(request.auth.municipality, s)) for s in MEASURES]}


@router.get("/comparison/measures/{slug}", response={200: ComparisonDetailOut, **api_errors(403, 404)})
def measure(request, slug: str):
    """One measure over time: the municipality, the country and the chosen peers."""
    c = _measure(request, slug)
    return _summary(c) | {"years": c.years, "series": c.series, "sources": c.sources}


@router.get(
    "/comparison/measures/{slug}/ranking", response={200: ComparisonRankingPageOut, **api_errors(403, 404)}
)
def ranking(request, slug: str, q: Query[ComparisonPageIn]):
    """All municipalities for the latest year, highest first, the municipality marked (paginated)."""
    c = _measure(request, slug)
    items = [
        {
            "rank": None if r.tidlig else r.rank,
            "code": r.code,
            "name": r.name,
            "value": r.value,
            "marked": r.marked,
            "tidlig": r.tidlig,
        }
        for r in c.ranking[q.offset : q.offset + q.limit]
    ]
    return {"year": c.latest, "count": len(c.ranking), "limit": q.limit, "offset": q.offset, "items": items}


def _setting(municipality) -> dict:
    basis, peers = selectors.setting_of(municipality)
    return {"peers": [_area(p) for p in peers], "basis": _area(basis)}


@router.get("/comparison/setting", response={200: ComparisonSettingOut, **api_errors(403)})
def setting(request):
    check(request.auth)
    return _setting(request.auth.municipality)


@router.put("/comparison/setting", response={200: ComparisonSettingOut, **api_errors(403)})
def setting_update(request, payload: ComparisonSettingIn):
    """The municipality's comparison municipalities and sammenligningsgrundlag (managers; the page's twin)."""
    check(request.auth)
    services.setting_update(actor=request.auth, peers=payload.peers, basis=payload.basis or None)
    return _setting(request.auth.municipality)
