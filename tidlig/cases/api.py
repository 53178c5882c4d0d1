from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from tidlig.core.schemas import ObligationOut, api_errors, obligation_out
from tidlig.organisation.models import Role
from tidlig.people.selectors import child_for

from . import selectors
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
    "/worklist", response={200: WorklistOut, **api_errors(403)}, summary="The calling user's worklist"
)
def worklist(request):
    actor = request.auth
    out: dict = {"role": actor.role, "groups": {}}
    if actor.role == Role.RECEPTION:
        data = selectors.reception_worklist(actor)
        out["groups"] = {k: [item(r) for r in data[k]] for k in ("acute", "receipts")}
    elif actor.role == Role.CASEWORKER:
        out["groups"] = {k: [item(r) for r in v] for k, v in selectors.caseworker_worklist(actor).items()}
    elif actor.role == Role.TEAM_LEADER:
        data = selectors.team_worklist(actor)
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
            for s in data["caseload"]
        ]
    else:
        return Status(403, {"detail": gettext("Din rolle har ingen arbejdsliste med frister.")})
    return out


@router.get(
    "/children/{child_id}/obligations",
    response={200: list[ObligationOut], **api_errors(404)},
    tags=["children"],
    summary="Every obligation of one child",
)
def child_obligations(request, child_id: int):
    child = child_for(request.auth, child_id, what="obligations")
    return [obligation_out(r) for r in obligations_visible_to(request.auth, child)]
