"""The data delivery through the API (GET /api/v1/delivery/…): the same selectors, checks and file as the
page /noegletal/indberetning/. Managers and analysts get the counts; only analysts the rows, the problems
per child and the file (access.py says why); those reads are logged per child."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from ninja import Router, Schema
from pydantic import Field

from tidlig.core.pagination import paginated
from tidlig.core.schemas import api_errors

from . import export, selectors
from .access import check, check_per_child
from .validate import RULES

router = Router(tags=["delivery"])


class DeliveryRuleCountOut(Schema):
    rule: str
    severity: str = Field(description="error (must be fixed) or warning")
    message: str
    count: int


class DeliverySummaryOut(Schema):
    year: int
    municipality: str = Field(description="DST's 3-digit municipality code")
    notifications: int = Field(description="UND rows: notifications received in the year (§ 16)")
    measures: int = Field(
        description="IND rows: preventive and supportive measures running in the year (§ 13)"
    )
    placements: int = Field(description="ANB rows: placements running in the year (§ 8)")
    children: int
    children_with_errors: int
    problems: list[DeliveryRuleCountOut]


class DeliveryProblemOut(Schema):
    child_id: int
    child_name: str
    record: str = Field(
        description="The row's posttype and Tidlig id, e.g. 'ANB indsats:12'; empty for the child's own data"
    )
    rule: str
    severity: str
    field: str
    message: str
    detail: str


class DeliveryRowOut(Schema):
    aar: int
    kommunekode: str
    posttype: str
    kilde_id: str
    cpr: str
    koen: str
    foedselsdato: dt.date | None
    ufoedt: bool
    modtaget: dt.date | None = None
    underretter: str | None = None
    lovgrundlag: str | None = None
    indsatskode: str | None = None
    afgoerelsesdato: dt.date | None = None
    startdato: dt.date | None = None
    slutdato: dt.date | None = None
    anbringelsessted: str | None = None
    anbringelsesgrundlag: str | None = None
    hjemgivelse: dt.date | None = None


def _year(year: int) -> int:
    if year not in selectors.years():
        raise Http404
    return year


@router.get("/delivery/{year}", response={200: DeliverySummaryOut, **api_errors(403, 404)})
def summary(request, year: int):
    """Counts and problems by rule for the year's delivery (no child named)."""
    check(request.auth)
    d = selectors.summary(request.auth, _year(year))
    counts = d.counts
    return {
        "year": d.year,
        "municipality": d.municipality_code,
        "notifications": counts["UND"],
        "measures": counts["IND"],
        "placements": counts["ANB"],
        "children": len(d.children),
        "children_with_errors": d.children_with_errors,
        "problems": [
            {"rule": r, "severity": RULES[r][0], "message": str(RULES[r][1]), "count": n}
            for r, n in d.by_rule.most_common()
        ],
    }


@router.get("/delivery/{year}/problems", response={200: list[DeliveryProblemOut], **api_errors(403, 404)})
@paginated
def problems(request, year: int):
    """Every problem, child by child (analysts; the read of each child is logged)."""
    check_per_child(request.auth)
    d = selectors.delivery(request.auth, _year(year), what="delivery_api_problems")
    return [
        {
            "child_id": c.child.pk,
            "child_name": c.child.display_name,
            "record": f"{row['posttype']} {row['kilde_id']}" if row else "",
            "rule": p.rule,
            "severity": p.severity,
            "field": p.field,
            "message": p.message,
            "detail": p.detail,
        }
        for c in d.children.values()
        for row, p in c.problems
    ]


@router.get("/delivery/{year}/rows", response={200: list[DeliveryRowOut], **api_errors(403, 404)})
@paginated
def rows(request, year: int):
    """The delivery's rows as in the file (analysts; the read of each child is logged)."""
    check_per_child(request.auth)
    d = selectors.delivery(request.auth, _year(year), what="delivery_api_rows")
    return d.rows


@router.get("/delivery/{year}/file.csv", response={200: None, **api_errors(403, 404)})
def file_csv(request, year: int):
    """The file in the interim CSV format (docs/delivery.md), the page's download."""
    check_per_child(request.auth)
    d = selectors.delivery(request.auth, _year(year), what="delivery_file_csv")
    response = HttpResponse(export.csv_text(d), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="dataindberetning-{d.municipality_code}-{year}.csv"'
    )
    return response
