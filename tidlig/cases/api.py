from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from tidlig.core.pagination import HEADERS_DOC, MAX_OFFSET, next_url, page_headers, paginated
from tidlig.core.schemas import ObligationOut, api_errors, obligation_out
from tidlig.organisation.models import Role
from tidlig.people.selectors import child_for
from tidlig.timeline import selectors

from .overview import obligations_visible_to

router = Router(tags=["worklists"])


class WorkItemNotifier(Schema):
    kind: str
    name: str
    workplace: str


class WorkItem(ObligationOut):
    child_id: int
    child_name: str
    source: str
    source_id: int
    assignee_id: int | None
    notifier: WorkItemNotifier | None = Field(
        None, description="reception's rows: who notified (the notification's notifier)"
    )
    reasons: list[str] = Field([], description="reception's rows: the notification's reason codes")


class Caseload(Schema):
    caseworker_id: int
    name: str
    children: int
    open_obligations: int
    overdue: int


class Unassigned(Schema):
    notification_id: int
    child_id: int
    child_name: str
    received_at: str


class WorklistOut(Schema):
    role: str
    groups: dict[str, list[WorkItem]]
    unassigned: list[Unassigned] = []
    caseload: list[Caseload] = []
    totals: dict[str, int] = Field(
        default_factory=dict,
        description="Rows in all of each section (every group, and `unassigned`/`caseload` for a team "
        "leader), not only on this page.",
    )
    next: str | None = Field(
        None, description="The URL of the next page (offset + limit), while any section has more rows."
    )


WORKLIST_DEFAULT = 50  # rows per section, as the HTML worklists show before "vis alle"


class WorklistPage(Schema):
    limit: int = Field(
        WORKLIST_DEFAULT,
        ge=1,
        le=selectors.WORKLIST_LIMIT,
        description=f"Rows per section, 1–{selectors.WORKLIST_LIMIT} (default {WORKLIST_DEFAULT}).",
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="Rows to skip in every section; follow `next` rather than counting.",
    )


def item(row: selectors.Row) -> dict:
    o = row.obligation
    return {
        **obligation_out(row),
        "child_id": o.child_id,
        "child_name": o.child.display_name,
        "source": o.source,
        "source_id": o.source_id,
        "assignee_id": o.assignee_id,
        **_notification_part(row),
    }


def _notification_part(row: selectors.Row) -> dict:
    n = getattr(row, "notification", None)
    if n is None:
        return {}
    return {
        "notifier": {"kind": n.notifier_kind, "name": n.notifier_name, "workplace": n.notifier_workplace},
        "reasons": n.reasons,
    }


@router.get(
    "/worklist",
    response={200: WorklistOut, **api_errors(403)},
    summary="The calling user's worklist, one page of each section",
    description="Every section (each group, and `unassigned` and `caseload` for a team leader) holds at most "
    "`limit` rows, from row `offset` on; `totals` says how many each has in all, and `next` (and the `Link` "
    'header\'s `rel="next"`) is the URL of the next page while any section has more.',
    openapi_extra={"responses": {200: {"headers": HEADERS_DOC}}},
)
def worklist(request, response: HttpResponse, page: Query[WorklistPage]):
    actor = request.auth
    limit, offset = page.limit, page.offset
    out: dict = {"role": actor.role, "groups": {}}
    if actor.role == Role.RECEPTION:
        data = selectors.reception_worklist(actor, limit=limit, offset=offset)
        out["groups"] = {k: [item(r) for r in data[k]] for k in ("acute", "receipts")}
        out["totals"] = {"acute": data["acute_total"], "receipts": data["receipts_total"]}
    elif actor.role == Role.CASEWORKER:
        data = selectors.caseworker_worklist_page(actor, limit=limit, offset=offset)
        out["groups"] = {k: [item(r) for r in v] for k, v in data["groups"].items()}
        out["totals"] = data["totals"]
    elif actor.role == Role.TEAM_LEADER:
        data = selectors.team_worklist(actor, limit=limit, offset=offset)
        out["groups"] = {"team": [item(r) for r in data["deadlines"]]}
        out["unassigned"] = [
            {
                "notification_id": n.pk,
                "child_id": n.child_id,
                "child_name": n.child.display_name,
                "received_at": timezone.localtime(n.received_at).isoformat(),
            }
            for n in data["unassigned"]
        ]
        out["caseload"] = [
            {
                "caseworker_id": s.pk,
                "name": str(s),
                "children": s.n_children,
                "open_obligations": s.n_open,
                "overdue": s.n_overdue,
            }
            for s in data["caseload"][offset : offset + limit]
        ]
        out["totals"] = {
            "team": data["deadlines_total"],
            "unassigned": data["unassigned_total"],
            "caseload": len(data["caseload"]),
        }
    else:
        return Status(403, {"detail": gettext("Din rolle har ingen arbejdsliste med frister.")})
    most = max(out["totals"].values(), default=0)
    page_headers(response, request, total=most, limit=limit, offset=offset)
    out["next"] = next_url(request, total=most, limit=limit, offset=offset)
    return out


@router.get(
    "/children/{child_id}/obligations",
    response={200: list[ObligationOut], **api_errors(404)},
    tags=["children"],
    summary="Every obligation of one child",
)
@paginated
def child_obligations(request, child_id: int):
    child = child_for(request.auth, child_id, what="obligations")
    return [obligation_out(r) for r in obligations_visible_to(request.auth, child)]
