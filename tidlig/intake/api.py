from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from tidlig.core.schemas import Line, api_errors, obligation_out
from tidlig.organisation.models import Role, Staff, Team
from tidlig.people import cpr as cprmod
from tidlig.people.models import Child
from tidlig.timeline.selectors import obligations_for_source

from . import letters, permissions, selectors, services
from .models import Channel, Notification
from .schemas import (
    AcuteIn,
    AssignIn,
    DraftOut,
    LetterIn,
    LetterOut,
    NotificationIn,
    NotificationOut,
    ReassessmentIn,
    RouteIn,
    ScreeningIn,
    SubmittedOut,
    WaiverIn,
)

router = Router(tags=["notifications"])
ERRORS = api_errors(403, 404, 409)


def local(moment):
    """Times in answers are in Copenhagen time with their offset, as people read them."""
    return timezone.localtime(moment) if moment else None


def parse_received_at(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise ValidationError(
            {"received_at": [_("Skriv tidspunktet som ISO 8601 med tidszone, fx 2025-04-14T09:30:00+02:00.")]}
        ) from None
    if moment.tzinfo is None:
        raise ValidationError({"received_at": [_("Tidspunktet mangler tidszone, fx +02:00.")]})
    return moment


def resolve_child(actor: Staff, payload: NotificationIn) -> Child:
    scope = selectors.children_to_notify_about(actor)
    if payload.child_id is not None:
        child = scope.filter(pk=payload.child_id).first()
        if child is None:
            raise ValidationError({"child_id": [_("Barnet findes ikke, eller du har ikke adgang til det.")]})
        return child
    if payload.unborn_mother_cpr:
        try:
            number = cprmod.clean_cpr(payload.unborn_mother_cpr)
        except ValidationError as e:
            raise ValidationError({"unborn_mother_cpr": e.messages}) from None
        child = scope.filter(is_unborn=True, expecting_mother__cpr=number).first()
        if child is None:
            raise ValidationError(
                {
                    "unborn_mother_cpr": [
                        _(
                            "Der er ikke registreret et ufødt barn for denne mor. Registrér det først i modtagelsen."
                        )
                    ]
                }
            )
        return child
    try:
        number = cprmod.clean_cpr(payload.child_cpr or "")
    except ValidationError as e:
        raise ValidationError({"child_cpr": e.messages}) from None
    child = scope.filter(cpr=number).first()
    if child is None:
        raise ValidationError(
            {
                "child_cpr": [
                    _(
                        "Kommunen kender ikke et barn med dette CPR-nummer. Opret barnet først (POST /api/v1/children)."
                    )
                ]
            }
        )
    return child


def notifier_for(payload: NotificationIn) -> services.NotifierData | None:
    """The notifier as sent. Whether it is taken is the service's rule (`as_the_actor_may`)."""
    n = payload.notifier
    if n is None:
        return None
    return services.NotifierData(
        kind=n.kind,
        name=n.name,
        role=n.role,
        workplace=n.workplace,
        email=n.email,
        phone=n.phone,
        address=n.address,
        category=n.category,
    )


def received_at_for(payload: NotificationIn) -> dt.datetime | None:
    """The time of receipt as sent, parsed; whether it is taken is the service's rule."""
    return parse_received_at(payload.received_at) if payload.received_at else None


def notification_out(n: Notification) -> dict:
    history = selectors.child_history(n)
    child = n.child
    return {
        "id": n.pk,
        "child": {"id": child.pk, "name": child.display_name, "cpr": child.cpr},
        "received_at": local(n.received_at),
        "channel": n.channel,
        "notifier": {
            "kind": n.notifier_kind,
            "category": n.notifier_category,
            "name": n.notifier_name,
            "role": n.notifier_role,
            "workplace": n.notifier_workplace,
            "email": n.notifier_email,
            "phone": n.notifier_phone,
            "address": n.notifier_address,
        },
        "text": n.text,
        "reasons": n.reasons,
        "dialog": {"participants": n.dialog_participants, "parents_view": n.dialog_parents_view}
        if n.dialog_based
        else None,
        "team": {"id": n.team.pk, "name": n.team.name} if n.team else None,
        "assignee": {"id": n.assignee.pk, "name": str(n.assignee)} if n.assignee else None,
        "acute_assessed_at": local(n.acute_assessed_at),
        "acute_danger": n.acute_danger,
        "acute_note": n.acute_note,
        "receipt_sent_at": local(n.receipt_sent_at),
        "screening_decision": n.screening_decision,
        "screened_at": local(n.screened_at),
        "screening_note": n.screening_note,
        "feedback_sent_at": local(n.feedback_sent_at),
        "reassessment_required": n.child_had_ongoing_measure,
        "reassessed_at": local(n.reassessed_at),
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in n.attachments.all()
        ],
        "history": {
            "earlier_notifications": [
                {
                    "id": e.pk,
                    "received_at": local(e.received_at),
                    "notifier_kind": e.notifier_kind,
                    "screening_decision": e.screening_decision,
                }
                for e in history["earlier"]
            ],
            "open_measures": [
                {"id": m.pk, "title": m.type.title, "paragraph": m.type.paragraph, "started_on": m.started_on}
                for m in history["measures"]
            ],
            "caseworker": {"id": history["caseworker"].pk, "name": str(history["caseworker"])}
            if history["caseworker"]
            else None,
        },
        "obligations": [obligation_out(r) for r in obligations_for_source(services.SOURCE, n.pk)],
    }


@router.post(
    "/notifications",
    response={201: NotificationOut | SubmittedOut, **ERRORS},
    summary="Register a notification of concern (underretning)",
)
def create_notification(
    request,
    payload: NotificationIn,
    response: HttpResponse,
    idempotency_key: Line(200) | None = Header(None, alias="Idempotency-Key"),  # noqa: B008
):
    actor = request.auth
    permissions.require(
        permissions.can_submit_notification(actor), _("Du kan ikke registrere underretninger.")
    )
    child = resolve_child(actor, payload)
    data = services.NotificationData(
        child=child,
        received_at=received_at_for(payload),
        notifier=notifier_for(payload),
        text=payload.text,
        reasons=payload.reasons,
        dialog_based=payload.dialog_based,
        dialog_participants=payload.dialog_participants,
        dialog_parents_view=payload.dialog_parents_view,
    )
    channel = Channel.API if actor.role == Role.RECEPTION else Channel.EDUCATOR
    notification, created = services.notification_register(
        actor=actor,
        data=data,
        channel=channel,
        idempotency_key=idempotency_key,
        max_attachment_bytes=settings.ATTACHMENT_MAX_BYTES,
    )
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    if permissions.can_see_case(actor, notification):
        notification = selectors.notification_for(actor, notification.pk)
        return Status(201, notification_out(notification))
    return Status(
        201,
        {
            "id": notification.pk,
            "received_at": local(notification.received_at),
            "receipt_sent_at": local(notification.receipt_sent_at),
        },
    )


@router.get(
    "/notifications/submitted",
    response={200: list[SubmittedOut], **api_errors()},
    summary="Notifications I sent (educators)",
)
def submitted(request):
    return selectors.submitted_by(request.auth)


@router.get("/notifications/{notification_id}", response={200: NotificationOut, **ERRORS})
def get_notification(request, notification_id: int):
    return notification_out(selectors.notification_for(request.auth, notification_id))


def _after(request, n: Notification):
    return notification_out(selectors.notification_for(request.auth, n.pk))


@router.post(
    "/notifications/{notification_id}/acute-assessment",
    response={200: NotificationOut, **ERRORS},
    summary="Acute assessment within 24 hours (BL § 136, stk. 2)",
)
def acute_assessment(request, notification_id: int, payload: AcuteIn):
    n = selectors.notification_for(request.auth, notification_id)
    services.notification_assess_acute(
        notification=n, actor=request.auth, danger=payload.danger, note=payload.note
    )
    return _after(request, n)


def _letter(payload: LetterIn, draft: letters.Draft) -> dict:
    return {
        "medium": payload.medium or draft.medium,
        "recipient": payload.recipient or draft.recipient,
        "subject": payload.subject or draft.subject,
        "body": payload.body or draft.body,
    }


@router.get("/notifications/{notification_id}/receipt-draft", response={200: DraftOut, **ERRORS})
def receipt_draft(request, notification_id: int):
    return letters.receipt_draft(selectors.notification_for(request.auth, notification_id)).__dict__


@router.post(
    "/notifications/{notification_id}/receipt",
    response={201: LetterOut, **ERRORS},
    summary="Record the receipt sent to the notifier (BL § 138, stk. 1)",
)
def send_receipt(request, notification_id: int, payload: LetterIn):
    n = selectors.notification_for(request.auth, notification_id)
    letter = services.notification_send_receipt(
        notification=n, actor=request.auth, **_letter(payload, letters.receipt_draft(n))
    )
    return Status(201, letter)


@router.post(
    "/notifications/{notification_id}/route",
    response={200: NotificationOut, **ERRORS},
    summary="Send to a district team",
)
def route(request, notification_id: int, payload: RouteIn):
    n = selectors.notification_for(request.auth, notification_id)
    team = Team.objects.filter(pk=payload.team_id, municipality_id=request.auth.municipality_id).first()
    if team is None:
        raise ValidationError({"team_id": [_("Teamet findes ikke i kommunen.")]})
    services.notification_route(notification=n, actor=request.auth, team=team)
    if not selectors.notifications_visible_to(request.auth).filter(pk=n.pk).exists():
        # A team leader who sent it to another team no longer sees it; the answer still says where it went.
        n.refresh_from_db()
        return notification_out(n)
    return _after(request, n)


@router.post(
    "/notifications/{notification_id}/assign",
    response={200: NotificationOut, **ERRORS},
    summary="Assign a caseworker (team leader)",
)
def assign(request, notification_id: int, payload: AssignIn):
    n = selectors.notification_for(request.auth, notification_id)
    caseworker = Staff.objects.filter(
        pk=payload.caseworker_id, municipality_id=request.auth.municipality_id
    ).first()
    if caseworker is None:
        raise ValidationError({"caseworker_id": [_("Rådgiveren findes ikke i kommunen.")]})
    services.notification_assign(notification=n, actor=request.auth, caseworker=caseworker)
    return _after(request, n)


@router.post(
    "/notifications/{notification_id}/screening",
    response={200: NotificationOut, **ERRORS},
    summary="Screening decision (BL § 18)",
)
def screening(request, notification_id: int, payload: ScreeningIn):
    n = selectors.notification_for(request.auth, notification_id)
    services.notification_screen(
        notification=n, actor=request.auth, decision=payload.decision, note=payload.note
    )
    return _after(request, n)


@router.get("/notifications/{notification_id}/feedback-draft", response={200: DraftOut, **ERRORS})
def feedback_draft(request, notification_id: int):
    n = selectors.notification_for(request.auth, notification_id)
    facts = letters.feedback_facts(n)
    return {
        **letters.feedback_draft(n, facts).__dict__,
        "measures_in_force": [
            {
                "title": m.type.title,
                "paragraph": m.type.paragraph,
                "expected_duration": m.decision.expected_duration if m.decision else "",
            }
            for m in facts.measures
        ],
    }


@router.post(
    "/notifications/{notification_id}/feedback",
    response={201: LetterOut, **ERRORS},
    summary="Feedback to a professional notifier (BL § 138, stk. 2)",
)
def send_feedback(request, notification_id: int, payload: LetterIn):
    n = selectors.notification_for(request.auth, notification_id)
    letter = services.notification_send_feedback(
        notification=n, actor=request.auth, **_letter(payload, letters.feedback_draft(n))
    )
    return Status(201, letter)


@router.post(
    "/notifications/{notification_id}/feedback-waiver",
    response={200: NotificationOut, **ERRORS},
    summary="No feedback because of særlige forhold (BL § 138, stk. 2, 2. pkt.)",
)
def waive_feedback(request, notification_id: int, payload: WaiverIn):
    n = selectors.notification_for(request.auth, notification_id)
    services.notification_waive_feedback(notification=n, actor=request.auth, reason=payload.reason)
    return _after(request, n)


@router.post(
    "/notifications/{notification_id}/reassessment",
    response={200: NotificationOut, **ERRORS},
    summary="Reassessment with someone new to the case (BL § 137)",
)
def reassessment(request, notification_id: int, payload: ReassessmentIn):
    n = selectors.notification_for(request.auth, notification_id)
    people = list(
        Staff.objects.filter(pk__in=payload.participant_ids, municipality_id=request.auth.municipality_id)
    )
    services.notification_reassess(
        notification=n, actor=request.auth, participants=people, conclusion=payload.conclusion
    )
    return _after(request, n)
