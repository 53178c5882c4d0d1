"""Concerns through the API: the same services and permissions as the UI."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Line, api_errors
from tidlig.wellbeing import access

from . import selectors, services
from .models import Concern, GuideStep
from .schemas import (
    CloseIn,
    ConcernDetailOut,
    ConcernEntryOut,
    ConcernIn,
    ConcernOut,
    DialogNotificationIn,
    DialogNotificationOut,
    EntryIn,
    GuideOut,
)

router = Router(tags=["concerns"])
ERRORS = api_errors(403, 404, 409)


def _require_raiser(actor) -> None:
    if not selectors.may_work_with_concerns(actor):
        raise PermissionDenied(
            _(
                "Bekymringer er for pædagoger, lærere, ledere af dagtilbud og skoler og sundhedsplejersker. "
                "Bed din leder om adgang, hvis du har brug for den."
            )
        )


def step_out(step: GuideStep, done: bool | None = None) -> dict:
    return {
        "id": step.pk,
        "order": step.order,
        "kind": step.kind,
        "title": step.title,
        "guidance": step.guidance,
        "contact": step.contact,
        "done": done,
    }


def concern_out(c: Concern) -> dict:
    return {
        "id": c.pk,
        "child": {"id": c.child_id, "name": c.child.display_name},
        "institution": c.institution.name if c.institution_id else None,
        "raised_by": str(c.raised_by),
        "observed_on": c.observed_on,
        "observation": c.observation,
        "follow_up_on": c.follow_up_on,
        "status": c.status,
        "outcome": c.outcome,
        "closed_at": timezone.localtime(c.closed_at) if c.closed_at else None,
        "notification_id": c.notification_id,
        "rating_id": c.rating_id,
    }


def entry_out(e) -> dict:
    return {
        "id": e.pk,
        "happened_on": e.happened_on,
        "step_id": e.step_id,
        "text": e.text,
        "recorded_by": str(e.recorded_by),
    }


def detail_out(actor, concern_id: int) -> dict:
    concern = selectors.concern_for(actor, concern_id)
    entries = selectors.entries_of(concern)
    return {
        **concern_out(concern),
        "entries": [entry_out(e) for e in entries],
        "guide": [step_out(s, done) for s, done in selectors.guide_with_progress(concern, entries)],
    }


@router.get("/concerns", response={200: list[ConcernOut], **ERRORS}, summary="My concerns (bekymringer)")
@paginated
def list_concerns(request, status: str = "open"):
    """Open concerns with the due follow-ups first, or `status=closed` for the recently closed."""
    actor = request.auth
    _require_raiser(actor)
    rows = (
        selectors.closed_concerns(actor, limit=200) if status == "closed" else selectors.open_concerns(actor)
    )
    return [concern_out(c) for c in rows]


@router.post("/concerns", response={201: ConcernDetailOut, **ERRORS}, summary="Raise a concern")
def raise_concern(request, payload: ConcernIn):
    actor = request.auth
    _require_raiser(actor)
    child = access.children_visible_to(actor, today=timezone.localdate()).filter(pk=payload.child_id).first()
    if child is None:
        raise ValidationError(
            {"child_id": [_("Barnet findes ikke, eller du har ikke adgang til det. Tjek id'et.")]}
        )
    concern = services.concern_raise(
        actor=actor,
        child=child,
        observation=payload.observation,
        observed_on=payload.observed_on,
        follow_up_on=payload.follow_up_on,
    )
    return Status(201, detail_out(actor, concern.pk))


@router.get("/concerns/guide", response={200: GuideOut, **ERRORS}, summary="The handleguide")
def read_guide(request):
    actor = request.auth
    if actor.municipality is None:
        raise PermissionDenied(
            _("Du er ikke knyttet til en kommune. Bed din leder om at knytte dig til kommunen.")
        )
    steps = selectors.guide_steps(actor.municipality)
    return {"acute_phone": actor.municipality.acute_phone, "steps": [step_out(s) for s in steps]}


@router.get("/concerns/{concern_id}", response={200: ConcernDetailOut, **ERRORS}, summary="A concern")
def get_concern(request, concern_id: int):
    _require_raiser(request.auth)
    return detail_out(request.auth, concern_id)


@router.post(
    "/concerns/{concern_id}/entries",
    response={201: ConcernEntryOut, **ERRORS},
    summary="Record what was done on a concern (usually a handleguide step)",
)
def add_entry(request, concern_id: int, payload: EntryIn):
    actor = request.auth
    _require_raiser(actor)
    concern = selectors.concern_for(actor, concern_id, what="concern_entry")
    step = None
    if payload.step_id is not None:
        step = GuideStep.objects.filter(pk=payload.step_id, municipality_id=concern.municipality_id).first()
        if step is None:
            raise ValidationError({"step_id": [_("Vælg et trin fra kommunens handleguide.")]})
    entry = services.concern_add_entry(
        actor=actor,
        concern=concern,
        text=payload.text,
        happened_on=payload.happened_on,
        step=step,
        follow_up_on=payload.follow_up_on,
    )
    return Status(201, entry_out(entry))


@router.post("/concerns/{concern_id}/close", response={200: ConcernOut, **ERRORS}, summary="Close a concern")
def close_concern(request, concern_id: int, payload: CloseIn):
    actor = request.auth
    _require_raiser(actor)
    concern = selectors.concern_for(actor, concern_id, what="concern_close")
    concern = services.concern_close(actor=actor, concern=concern, outcome=payload.outcome, note=payload.note)
    return concern_out(selectors.concern_for(actor, concern.pk))


@router.post(
    "/concerns/{concern_id}/dialog-notification",
    response={201: DialogNotificationOut, **ERRORS},
    summary="Send a dialog-based notification from a concern (BL § 133), straight into intake",
)
def dialog_notification(
    request,
    concern_id: int,
    payload: DialogNotificationIn,
    response: HttpResponse,
    idempotency_key: Line(200) | None = Header(None, alias="Idempotency-Key"),  # noqa: B008
):
    actor = request.auth
    _require_raiser(actor)
    concern = selectors.concern_for(actor, concern_id, what="concern_notification")
    notification, created = services.concern_notify_dialog(
        actor=actor,
        concern=concern,
        text=payload.text,
        dialog_participants=payload.dialog_participants,
        dialog_parents_view=payload.dialog_parents_view,
        reasons=payload.reasons,
        idempotency_key=idempotency_key,
    )
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return Status(
        201,
        {
            "notification_id": notification.pk,
            "received_at": timezone.localtime(notification.received_at),
            "concern": concern_out(selectors.concern_for(actor, concern.pk)),
        },
    )
