"""API twins of intake pages that had none (issue 9): who am I, where a notification may be routed or
assigned, a notification with attachments (multipart), an attachment, a sent letter, an unborn child.

Each endpoint calls the same selector/service as its page, with the same permission checks.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from pydantic import ValidationError as PydanticError

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Day, ErrorOut, InSchema, Line, api_errors
from tidlig.organisation.models import Role
from tidlig.people import services as people_services
from tidlig.people.schemas import ChildOut

from . import permissions, selectors, services
from .api import local, notification_in, notification_out
from .models import Channel
from .schemas import NotificationIn, NotificationOut, SubmittedOut

router = Router(tags=["notifications"])
ERRORS = api_errors(403, 404)


class RefOut(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
    role_label: str
    municipality: RefOut | None
    team: RefOut | None
    institution: RefOut | None


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


@router.get(
    "/me",
    response={200: MeOut, **api_errors()},
    tags=["me"],
    summary="Who am I: role, municipality, team, institution",
)
def me(request):
    s = request.auth
    return {
        "id": s.pk,
        "username": s.username,
        "name": str(s),
        "role": s.role,
        "role_label": s.get_role_display(),
        "municipality": _ref(s.municipality),
        "team": _ref(s.team),
        "institution": _ref(s.institution),
    }


@router.get(
    "/notifications/{notification_id}/route-targets",
    response={200: list[RefOut], **ERRORS},
    summary="The district teams this notification may be sent to (as the page's list)",
)
@paginated
def route_targets(request, notification_id: int):
    n = selectors.notification_for(request.auth, notification_id)
    permissions.require(permissions.can_route(request.auth, n), _("Du kan ikke fordele underretningen."))
    return [{"id": t.pk, "name": t.name} for t in selectors.route_targets(n.municipality_id)]


@router.get(
    "/notifications/{notification_id}/assign-targets",
    response={200: list[RefOut], **ERRORS},
    summary="The caseworkers this notification may be assigned to (as the page's list)",
)
@paginated
def assign_targets(request, notification_id: int):
    n = selectors.notification_for(request.auth, notification_id)
    permissions.require(permissions.can_assign(request.auth, n), _("Du kan ikke fordele underretningen."))
    return [{"id": p.pk, "name": str(p)} for p in selectors.caseworkers_of(n.team_id or request.auth.team_id)]


@router.post(
    "/notifications/multipart",
    response={201: NotificationOut | SubmittedOut, 409: ErrorOut, **ERRORS},
    summary="Register a notification with attachments (multipart/form-data)",
    description="`notification`: the same JSON object as POST /notifications; `attachments`: up to "
    "ATTACHMENT_MAX_FILES files (PDF, Word, Excel, PowerPoint, JPEG, PNG or text), checked as on the page.",
)
def create_notification_multipart(
    request,
    response: HttpResponse,
    notification: str = Form(..., description="the JSON object of POST /notifications, as text"),  # noqa: B008
    attachments: File[list[UploadedFile]] = None,  # noqa: B008
    idempotency_key: Line(200) | None = Header(None, alias="Idempotency-Key"),  # noqa: B008
):
    actor = request.auth
    permissions.require(
        permissions.can_submit_notification(actor),
        _("Du kan ikke registrere underretninger. Bed din leder om adgang, hvis du har brug for den."),
    )
    try:
        payload = NotificationIn.model_validate_json(notification)
    except PydanticError as e:
        raise NinjaValidationError(e.errors()) from None
    data = notification_in(actor, payload, attachments=list(attachments or []))
    n, created = services.notification_register(
        actor=actor,
        data=data,
        attachments=list(attachments or []),
        channel=Channel.API if actor.role == Role.RECEPTION else Channel.EDUCATOR,
        idempotency_key=idempotency_key,
        max_attachment_bytes=settings.ATTACHMENT_MAX_BYTES,
    )
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    if permissions.can_see_case(actor, n):
        return Status(201, notification_out(selectors.notification_for(actor, n.pk)))
    return Status(
        201, {"id": n.pk, "received_at": local(n.received_at), "receipt_sent_at": local(n.receipt_sent_at)}
    )


@router.get(
    "/notifications/{notification_id}/attachments/{attachment_id}",
    response={200: None, **ERRORS},
    summary="Download an attachment (Content-Disposition: attachment)",
    openapi_extra={
        "responses": {200: {"description": "The file", "content": {"application/octet-stream": {}}}}
    },
)
def get_attachment(request, notification_id: int, attachment_id: int):
    n = selectors.notification_for(request.auth, notification_id)
    a = selectors.attachment_of(n, attachment_id)
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.original_name)


@router.get(
    "/notifications/{notification_id}/letters/{letter_id}",
    response={200: None, **ERRORS},
    summary="A sent letter (receipt or feedback) as the page shows it, in HTML",
    openapi_extra={"responses": {200: {"description": "The letter", "content": {"text/html": {}}}}},
)
def get_letter(request, notification_id: int, letter_id: int):
    n = selectors.notification_for(request.auth, notification_id)
    return render(request, "intake/letter.html", {"n": n, "letter": selectors.letter_of(n, letter_id)})


class UnbornIn(InSchema):
    mother_cpr: Line(11)
    mother_first_name: Line(100)
    mother_last_name: Line(100)
    expected_birth: Day | None = None
    address: Line(200) = ""


@router.post(
    "/children/unborn",
    response={201: ChildOut, **ERRORS},
    tags=["children"],
    summary="Register an unborn child through the expecting mother (BL § 133, stk. 1, nr. 2)",
)
def create_unborn_child(request, payload: UnbornIn):
    child = people_services.unborn_child_register(
        actor=request.auth,
        mother_cpr=payload.mother_cpr,
        mother_first_name=payload.mother_first_name,
        mother_last_name=payload.mother_last_name,
        expected_birth=payload.expected_birth,
        address=payload.address,
    )
    return Status(201, child)
