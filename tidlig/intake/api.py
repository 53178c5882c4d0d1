from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Line, api_errors, obligation_out
from tidlig.organisation.models import Role, Staff, Team
from tidlig.post.schemas import OutboxLetterOut, OutboxPaperIn, letter_out
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
    NotifierIn,
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


def parse_received_at(value: str) -> tuple[dt.datetime | None, dict[str, list[str]]]:
    """The time of receipt, or the problem with it (named with the others, in one answer)."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None, {
            "received_at": [_("Skriv tidspunktet som ISO 8601 med tidszone, fx 2025-04-14T09:30:00+02:00.")]
        }
    if moment.tzinfo is None:
        return None, {"received_at": [_("Tidspunktet mangler tidszone, fx +02:00.")]}
    return moment, {}


def resolve_child(actor: Staff, payload: NotificationIn) -> services.ChildLookup:
    """The same lookup as the form; an unknown child's CPR with `new_child` registers the child (reception)."""
    lookup = services.notification_child(
        actor=actor,
        child_id=payload.child_id,
        child_cpr=payload.child_cpr or "",
        unborn_mother_cpr=payload.unborn_mother_cpr or "",
    )
    if lookup.unknown_cpr and payload.new_child is None:
        lookup.errors["child_cpr"] = [
            _(
                "Kommunen kender ikke et barn med dette CPR-nummer. Send barnets navn med i new_child "
                "(first_name, last_name), så oprettes barnet sammen med underretningen."
            )
        ]
    return lookup


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


def notification_in(actor: Staff, payload: NotificationIn, *, attachments=()) -> services.NotificationData:
    """The payload as the service's data; every problem with it in one ValidationError (one 422).
    Who notifies and when is the service's rule (`as_the_actor_may`), judged here by the same function so
    that the edge names the same problems the service would."""
    errors: dict[str, list[str]] = {}
    received_at = None
    if payload.received_at:
        received_at, problems = parse_received_at(payload.received_at)
        errors.update(problems)
    lookup = resolve_child(actor, payload)
    errors.update(lookup.errors)
    new_child = None
    if lookup.unknown_cpr and payload.new_child is not None:
        new_child = services.NewChild(
            cpr=lookup.unknown_cpr,
            first_name=payload.new_child.first_name,
            last_name=payload.new_child.last_name,
        )
    data = services.NotificationData(
        child=lookup.child,
        new_child=new_child,
        received_at=received_at,
        notifier=notifier_for(payload),
        text=payload.text,
        reasons=payload.reasons,
        dialog_based=payload.dialog_based,
        dialog_participants=payload.dialog_participants,
        dialog_parents_view=payload.dialog_parents_view,
    )
    now = timezone.now()
    data = services.as_the_actor_may(actor, data, now=now)
    errors.update(services.notification_problems(data, now=now, checked=set(errors)))
    try:
        services.validate_attachments(
            list(attachments),
            max_bytes=settings.ATTACHMENT_MAX_BYTES,
            max_files=settings.ATTACHMENT_MAX_FILES,
            max_total_bytes=settings.ATTACHMENT_MAX_TOTAL_BYTES,
        )
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise ValidationError(
            {name.replace("new_child_", "new_child.", 1): messages for name, messages in errors.items()}
        )
    return data


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def notification_problems_beside_schema(request, raw, schema_errors: dict[str, list[str]]) -> dict:
    """When the schema refuses a notification (a bad e-mail, a name too long), the rules the service
    applies are judged too, on what was sent, so one 422 names every problem; fields the schema already
    named are not judged again. `raw` is the JSON object as sent (anything else: nothing more to say)."""
    actor = getattr(request, "auth", None)
    if not isinstance(raw, dict) or actor is None or not getattr(actor, "is_authenticated", False):
        return {}
    notifier = raw.get("notifier")
    new_child = raw.get("new_child")
    child_id = raw.get("child_id")
    payload = SimpleNamespace(
        child_id=child_id
        if isinstance(child_id, int) and not isinstance(child_id, bool) and 0 < child_id < 2**63
        else None,
        child_cpr=_text(raw.get("child_cpr")),
        unborn_mother_cpr=_text(raw.get("unborn_mother_cpr")),
        received_at=_text(raw.get("received_at")),
        notifier=SimpleNamespace(**{k: _text(notifier.get(k)) for k in NotifierIn.model_fields})
        if isinstance(notifier, dict)
        else None,
        new_child=SimpleNamespace(
            first_name=_text(new_child.get("first_name")), last_name=_text(new_child.get("last_name"))
        )
        if isinstance(new_child, dict)
        else None,
        text=_text(raw.get("text")),
        reasons=[r for r in raw.get("reasons") or [] if isinstance(r, str)]
        if isinstance(raw.get("reasons"), list)
        else [],
        dialog_based=raw.get("dialog_based") is True,
        dialog_participants=_text(raw.get("dialog_participants")),
        dialog_parents_view=_text(raw.get("dialog_parents_view")),
    )
    # "notifier.email" from the schema is the service's "notifier_email"
    named = {name.replace(".", "_", 1) for name in schema_errors} | set(schema_errors)
    try:
        notification_in(actor, payload)
    except ValidationError as e:
        return {
            name: messages
            for name, messages in e.message_dict.items()
            if name not in named and name.replace(".", "_", 1) not in named
        }
    return {}


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
        "abuse_readiness": abuse_readiness_out(n),
    }


def abuse_readiness_out(n: Notification) -> dict | None:
    """The reminder the acute assessment page shows for violence or sexual abuse, for an integration."""
    if not n.concerns_abuse:
        return None
    m = n.municipality
    return {
        "law": "BL § 15, stk. 2; BL §§ 124–125",
        "readiness_contact": m.abuse_readiness_contact,
        "police_contact": m.police_contact,
        "childrens_house": m.childrens_house,
        "acute_phone": m.acute_phone,
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
        permissions.can_submit_notification(actor),
        _("Du kan ikke registrere underretninger. Bed din leder om adgang, hvis du har brug for den."),
    )
    data = notification_in(actor, payload)
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
@paginated
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
    "/notifications/{notification_id}/outbox/{letter_id}/paper",
    response={200: OutboxLetterOut, **ERRORS},
    summary="Record that the notification's letter in the outbox went by paper post instead (the fallback)",
)
def letter_paper(request, notification_id: int, letter_id: int, payload: OutboxPaperIn):
    n = selectors.notification_for(request.auth, notification_id)
    return letter_out(
        services.notification_letter_paper(
            notification=n, letter_id=letter_id, actor=request.auth, sent_on=payload.sent_on
        )
    )


@router.post(
    "/notifications/{notification_id}/outbox/{letter_id}/retry",
    response={200: OutboxLetterOut, **ERRORS},
    summary="Send the notification's failed Digital Post letter again",
)
def letter_retry(request, notification_id: int, letter_id: int):
    n = selectors.notification_for(request.auth, notification_id)
    return letter_out(
        services.notification_letter_retry(notification=n, letter_id=letter_id, actor=request.auth)
    )


@router.post(
    "/notifications/{notification_id}/route",
    response={200: NotificationOut, **ERRORS},
    summary="Send to a district team",
)
def route(request, notification_id: int, payload: RouteIn):
    n = selectors.notification_for(request.auth, notification_id)
    team = Team.objects.filter(pk=payload.team_id, municipality_id=request.auth.municipality_id).first()
    if team is None:
        raise ValidationError({"team_id": [_("Teamet findes ikke i kommunen. Vælg et team fra listen.")]})
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
        raise ValidationError(
            {"caseworker_id": [_("Rådgiveren findes ikke i kommunen. Vælg en rådgiver fra listen.")]}
        )
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
