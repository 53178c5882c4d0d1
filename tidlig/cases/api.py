from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from tidlig.core.pagination import HEADERS_DOC, MAX_OFFSET, Rows, next_url, page_headers, paginated
from tidlig.core.schemas import ObligationOut, api_errors, obligation_out
from tidlig.organisation.models import Role, Staff
from tidlig.people.selectors import child_for
from tidlig.timeline import selectors

from . import caseload as caseloads
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


class CaseworkerRef(Schema):
    id: int
    name: str
    team_id: int | None
    team_name: str


class Caseload(Schema):
    caseworker_id: int
    name: str
    children: int
    open_obligations: int
    overdue: int
    placements: int = 0
    investigations: int = Field(0, description="running børnefaglige undersøgelser (§ 20)")
    assessments: int = Field(0, description="running afdækninger (§ 19)")
    supportive: int = Field(0, description="children with a supportive § 32 measure in force")
    weighted: float = Field(0, description="weighted caseload; weights in cases.caseload.caseload_weights")


class Unassigned(Schema):
    notification_id: int
    child_id: int
    child_name: str
    received_at: str
    acute_danger: bool | None = Field(
        None, description="the acute assessment (§ 136, stk. 2); null: not made"
    )
    child_age: int | None = None
    next_obligation: ObligationOut | None = Field(
        None, description="the notification's nearest open deadline"
    )
    child_caseworker: CaseworkerRef | None = Field(
        None, description="the child's own caseworker when in another team: route there (continuity)"
    )


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
    caseload: bool = Field(
        True,
        description="A team leader's `caseload` section; `false` leaves it out (empty, and no `totals` "
        "entry), for a client that reads it from `GET /api/v1/team/caseload` instead.",
    )


def caseload_out(load: caseloads.WeightedLoad) -> dict:
    s = load.caseworker
    return {
        "caseworker_id": s.pk,
        "name": str(s),
        "children": load.counts["child"],
        "open_obligations": load.open_obligations,
        "overdue": load.overdue,
        "placements": load.counts["placement"],
        "investigations": load.counts["investigation"],
        "assessments": load.counts["assessment"],
        "supportive": load.counts["supportive"],
        "weighted": load.weight,
    }


def _elsewhere(n) -> dict | None:
    cw = n.child.caseworker
    if cw is None or cw.team_id == n.team_id or not cw.is_active:
        return None
    return {"id": cw.pk, "name": str(cw), "team_id": cw.team_id, "team_name": str(cw.team or "")}


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
        data = selectors.team_worklist(actor, limit=limit, offset=offset, caseload=False)
        out["groups"] = {"team": [item(r) for r in data["deadlines"]]}
        today = timezone.localdate()
        nearest = caseloads.unassigned_deadlines(data["unassigned"])
        out["unassigned"] = [
            {
                "notification_id": n.pk,
                "child_id": n.child_id,
                "child_name": n.child.display_name,
                "received_at": timezone.localtime(n.received_at).isoformat(),
                "acute_danger": n.acute_danger,
                "child_age": n.child.age_on(today),
                "next_obligation": obligation_out(nearest[n.pk]) if n.pk in nearest else None,
                "child_caseworker": _elsewhere(n),
            }
            for n in data["unassigned"]
        ]
        loads, caseworkers = (
            caseloads.team_caseload(actor, limit=limit, offset=offset) if page.caseload else ([], 0)
        )
        out["caseload"] = [caseload_out(load) for load in loads]
        out["totals"] = {
            "team": data["deadlines_total"],
            "unassigned": data["unassigned_total"],
            **({"caseload": caseworkers} if page.caseload else {}),
        }
    else:
        return Status(403, {"detail": gettext("Din rolle har ingen arbejdsliste med frister.")})
    most = max(out["totals"].values(), default=0)
    page_headers(response, request, total=most, limit=limit, offset=offset)
    out["next"] = next_url(request, total=most, limit=limit, offset=offset)
    return out


@router.get(
    "/team/caseload",
    response={200: list[Caseload], **api_errors(403)},
    summary="The team leader's caseload table: per caseworker of the team, the weighted caseload",
    description="The same rows as the worklist's `caseload` section and the team page's «Sagsbelastning», "
    "by name. Counts only: no child is named.",
)
@paginated(default=WORKLIST_DEFAULT, maximum=selectors.WORKLIST_LIMIT)
def team_caseload(request):
    actor = request.auth
    if actor.role != Role.TEAM_LEADER:
        return Status(403, {"detail": gettext("Kun teamledere ser teamets sagsbelastning.")})
    return Rows(caseloads.TeamCaseload(actor), caseload_out)


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


class CaseloadQuery(Schema):
    limit: int = Field(caseloads.CASELOAD_PAGE, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


class CaseloadChild(Schema):
    child_id: int
    child_name: str
    age: int | None
    staircase_level: int = Field(..., description="1–6, DESIGN.md § 3: the highest measure in force")
    staircase_label: str
    next_obligation: ObligationOut | None
    days_overdue: int | None
    last_contact: str | None = Field(None, description="last child conversation, journal note or meeting")


class CaseloadPage(Schema):
    caseworker_id: int
    total: int
    limit: int
    offset: int
    children: list[CaseloadChild]


def _caseload_out(actor, caseworker, q: CaseloadQuery) -> dict:
    rows, total = caseloads.caseload(actor, caseworker, limit=q.limit, offset=q.offset)
    now = timezone.now()
    return {
        "caseworker_id": caseworker.pk,
        "total": total,
        "limit": q.limit,
        "offset": q.offset,
        "children": [
            {
                "child_id": r.child.pk,
                "child_name": r.child.display_name,
                "age": r.age,
                "staircase_level": r.level,
                "staircase_label": str(r.level_label),
                "next_obligation": obligation_out(
                    selectors.Row(r.next_obligation, r.next_obligation.status_at(now))
                )
                if r.next_obligation
                else None,
                "days_overdue": r.days_overdue,
                "last_contact": r.last_contact.isoformat() if r.last_contact else None,
            }
            for r in rows
        ],
    }


@router.get(
    "/caseload",
    response={200: CaseloadPage, **api_errors(403)},
    summary="Mine børn: the calling caseworker's children, the most pressing first",
)
def my_caseload(request, q: Query[CaseloadQuery]):
    actor = request.auth
    if actor.role != Role.CASEWORKER:
        return Status(403, {"detail": gettext("Kun rådgivere har en sagsstamme.")})
    return _caseload_out(actor, actor, q)


@router.get(
    "/caseworkers/{caseworker_id}/caseload",
    response={200: CaseloadPage, **api_errors(404)},
    summary="One caseworker's children (the team leader's drill-down, read-only)",
)
def caseworker_caseload(request, caseworker_id: int, q: Query[CaseloadQuery]):
    actor = request.auth
    caseworker = (
        Staff.objects.filter(pk=caseworker_id, municipality_id=actor.municipality_id).first()
        if 0 < caseworker_id < 2**53
        else None
    )
    if caseworker is None or not caseloads.may_see_caseload_of(actor, caseworker):
        return Status(
            404, {"detail": gettext("Rådgiveren findes ikke, eller du kan ikke se rådgiverens børn.")}
        )
    return _caseload_out(actor, caseworker, q)
