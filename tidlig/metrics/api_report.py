"""The committee report through the API: `GET /api/v1/metrics/report.pdf?period=2026-Q3`, the same PDF as the
button on /noegletal/ (metrics.report), the same access (managers and analysts: the municipality; team
leaders: their district and team), the period refused in Danish as on the page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from tidlig.core.schemas import api_errors

from . import report
from .keyfigures import scope_for

router = Router(tags=["metrics"])


class CommitteeReportQuery(Schema):
    period: str = Field(
        "",
        max_length=7,
        pattern=r"^(\d{4}(-(Q[1-4]|H[12]))?)?$",
        description="A whole quarter (2026-Q3), half-year (2026-H1) or year (2026); default: the last whole quarter",
    )


@router.get(
    "/metrics/report.pdf",
    response={200: None, **api_errors(403)},
    summary="The committee report as PDF for a whole quarter (2026-Q3), half-year (2026-H1) or year (2026)",
    openapi_extra={"responses": {200: {"description": "The report", "content": {"application/pdf": {}}}}},
)
def get_report_pdf(request, q: Query[CommitteeReportQuery]):
    scope_for(request.auth, None)  # the key figures' access, before anything else is read
    value = q.period or report.last_full_quarter().code
    try:
        period = report.parse_period(value)
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from None
    made = report.build(request.auth, period)
    return HttpResponse(
        report.pdf(made),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{report.filename(made)}"'},
    )
