"""Network meetings through the API (/api/v1/network/…): the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from tidlig.core.api import api_fields
from tidlig.core.pagination import paginated
from tidlig.core.schemas import Bool, Day, InSchema, Int, Line, Moment, Text, api_errors
from tidlig.people.models import Person

from . import booking, selectors, services
from .models import Agreement, NetworkMeeting

router = Router(tags=["network"])


class MeetingPersonIn(InSchema):
    name: Line(150)
    relation: Line(100) = Field(description="The person's relation to the child, e.g. mormor, nabo, træner")


class MeetingPersonOut(Schema):
    name: str
    relation: str


class NetworkAgreementOut(Schema):
    id: int
    meeting_id: int
    text: str
    owner: str
    due_on: dt.date
    status: str = Field(description="open, done, not_done or dropped")
    status_note: str


class NetworkMeetingOut(Schema):
    id: int
    child_id: int
    child_name: str
    caseworker_id: int
    context: str = Field(description="notification, investigation, advice or measure")
    notification_id: int | None
    case_id: int | None
    measure_id: int | None
    previous_id: int | None = Field(
        description="The child's meeting before this one (its agreements open this)"
    )
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_link: str
    child_takes_part: bool
    parents_take_part: bool
    private_network: list[MeetingPersonOut]
    institution_participants: str
    chair: str = Field(description="A neutral chair with no authority over the case ('' for none)")
    purpose: str
    hard: str
    works: str
    goals: str
    network_will: str
    status: str = Field(description="planned, held or cancelled")
    held_at: dt.datetime | None
    outcome: str = Field(
        description="continue, close, escalate_notification, escalate_investigation, other_help ('' until held)"
    )
    outcome_reason: str
    sequence: int = Field(description="iCalendar SEQUENCE: how many changes have been sent")
    carried_over: list[NetworkAgreementOut] = Field(
        description="The previous meeting's agreements and status"
    )
    agreements: list[NetworkAgreementOut]


class NetworkMeetingIn(InSchema):
    context: Line(15) = Field(description="notification, investigation, advice or measure")
    starts_at: Moment
    ends_at: Moment
    place: Line(200) = ""
    online_link: Line(500) = ""
    purpose: Text = ""
    notification_id: Int | None = None
    case_id: Int | None = None
    measure_id: Int | None = None
    private_network: list[MeetingPersonIn] = Field(default_factory=list, max_length=30)


class NetworkMinutesIn(InSchema):
    context: Line(15)
    purpose: Text = ""
    hard: Text = ""
    works: Text = ""
    goals: Text = ""
    network_will: Text = ""
    chair: Line(200) = ""
    institution_participants: Line(300) = ""
    child_takes_part: Bool = False
    parents_take_part: Bool = True
    private_network: list[MeetingPersonIn] = Field(default_factory=list, max_length=30)


class NetworkAgreementIn(InSchema):
    text: Line(500)
    owner: Line(150)
    due_on: Day


class NetworkAgreementStatusIn(InSchema):
    status: Line(10) = Field(description="open, done, not_done or dropped")
    note: Line(300) = ""


class NetworkHoldIn(InSchema):
    outcome: Line(25) = Field(
        description="continue, close, escalate_notification, escalate_investigation or other_help"
    )
    reason: Text
    held_at: Moment | None = Field(None, description="Default: now")


class NetworkRescheduleIn(InSchema):
    starts_at: Moment
    ends_at: Moment
    place: Line(200) | None = None
    online_link: Line(500) | None = None


class NetworkNextIn(InSchema):
    starts_at: Moment
    ends_at: Moment
    place: Line(200) = ""
    online_link: Line(500) = ""


class NetworkCancelIn(InSchema):
    reason: Line(300)


class NetworkSlotIn(InSchema):
    starts_at: Moment
    ends_at: Moment
    place: Line(200) = ""


class NetworkSlotOut(Schema):
    id: int
    caseworker_id: int
    caseworker_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: bool
    child_id: int | None = Field(description="Only when your own institution booked it (or you hold it)")
    child_name: str | None
    meeting_id: int | None = Field(description="Only for the caseworker who holds the meeting")


class NetworkBookIn(InSchema):
    child_id: Int
    consent_by: Line(200) = Field(description="Who gave the parents' consent (required)")
    consent_on: Day | None = Field(None, description="When the consent was given (required)")
    consent_person_id: Int | None = Field(
        None,
        description="The parent with custody who gave it, if known (else the parent whose full name "
        "consent_by is); a linked parent sees the consent in Tidlig and can withdraw it",
    )
    purpose: Text = ""


class NetworkBookingOut(Schema):
    slot_id: int
    child_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    caseworker_name: str


class NetworkFeedOut(Schema):
    url: str = Field(description="The secret feed URL; shown only now (only its digest is stored)")


class NetworkFeedRevokedOut(Schema):
    revoked: int


def _agreement(a: Agreement) -> dict:
    return {f: getattr(a, f) for f in NetworkAgreementOut.model_fields}


def _meeting(m: NetworkMeeting) -> dict:
    plain = set(NetworkMeetingOut.model_fields) - {
        "child_name",
        "private_network",
        "carried_over",
        "agreements",
    }
    return {
        **{f: getattr(m, f) for f in plain},
        "child_name": str(m.child),
        "private_network": [{"name": p.name, "relation": p.relation} for p in m.private_network.all()],
        "carried_over": [_agreement(a) for a in selectors.carried_over(m)],
        "agreements": [_agreement(a) for a in m.agreements.all()],
    }


def _people(items) -> list[tuple[str, str]]:
    return [(p.name, p.relation) for p in items]


def _slot_caseworker(s) -> dict:
    return {
        "id": s.pk,
        "caseworker_id": s.caseworker_id,
        "caseworker_name": str(s.caseworker),
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "free": s.is_free,
        "child_id": s.meeting.child_id if s.meeting_id else None,
        "child_name": str(s.meeting.child) if s.meeting_id else None,
        "meeting_id": s.meeting_id,
    }


def _free_busy(fb) -> dict:
    s = fb.slot
    return {
        "id": s.pk,
        "caseworker_id": s.caseworker_id,
        "caseworker_name": str(s.caseworker),
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "free": fb.free,
        "child_id": fb.child.pk if fb.child else None,
        "child_name": str(fb.child) if fb.child else None,
        "meeting_id": None,
    }


@router.get(
    "/network/children/{child_id}/meetings",
    response={200: list[NetworkMeetingOut], **api_errors(403, 404)},
    summary="A child's network meetings, newest first",
)
@paginated
def network_child_meetings(request, child_id: int):
    _child, meetings = selectors.meetings_for_child(request.auth, child_id)
    return [_meeting(m) for m in meetings]


@router.post(
    "/network/children/{child_id}/meetings",
    response={201: NetworkMeetingOut, **api_errors(403, 404)},
    summary="Plan an involving network meeting about a child",
)
def network_meeting_plan(request, child_id: int, payload: NetworkMeetingIn):
    child, _meetings = selectors.meetings_for_child(request.auth, child_id)
    links = selectors.links_for(child, payload.notification_id, payload.case_id, payload.measure_id)
    m = services.meeting_plan(
        actor=request.auth,
        child=child,
        context=payload.context,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        online_link=payload.online_link,
        purpose=payload.purpose,
        private_network=_people(payload.private_network),
        **links,
    )
    return Status(201, _meeting(selectors.meeting_get(request.auth, m.pk)))


@router.get(
    "/network/meetings/{meeting_id}",
    response={200: NetworkMeetingOut, **api_errors(403, 404)},
    summary="One network meeting with the previous meeting's agreements",
)
def network_meeting_get(request, meeting_id: int):
    return _meeting(selectors.meeting_get(request.auth, meeting_id))


@router.put(
    "/network/meetings/{meeting_id}/minutes",
    response={200: NetworkMeetingOut, **api_errors(403, 404)},
    summary="Save the agenda and minutes of a meeting",
)
def network_meeting_minutes(request, meeting_id: int, payload: NetworkMinutesIn):
    m = selectors.meeting_get(request.auth, meeting_id)
    data = payload.dict()
    people = _people(payload.private_network)
    data.pop("private_network")
    services.meeting_minutes_save(actor=request.auth, meeting=m, private_network=people, **data)
    return _meeting(selectors.meeting_get(request.auth, meeting_id))


@router.post(
    "/network/meetings/{meeting_id}/agreements",
    response={201: NetworkAgreementOut, **api_errors(403, 404)},
    summary="Add an agreement (named owner and date) to a meeting",
)
def network_agreement_add(request, meeting_id: int, payload: NetworkAgreementIn):
    m = selectors.meeting_get(request.auth, meeting_id)
    a = services.agreement_add(actor=request.auth, meeting=m, **payload.dict())
    return Status(201, _agreement(a))


@router.patch(
    "/network/agreements/{agreement_id}",
    response={200: NetworkAgreementOut, **api_errors(403, 404)},
    summary="Set an agreement's status (also from the next meeting)",
)
def network_agreement_status(request, agreement_id: int, payload: NetworkAgreementStatusIn):
    a = selectors.agreement_get(request.auth, agreement_id)
    a = services.agreement_status_set(
        actor=request.auth, agreement=a, status=payload.status, note=payload.note
    )
    return _agreement(a)


@router.post(
    "/network/meetings/{meeting_id}/held",
    response={200: NetworkMeetingOut, **api_errors(403, 404)},
    summary="Record the meeting as held, with its outcome and the reason",
)
def network_meeting_hold(request, meeting_id: int, payload: NetworkHoldIn):
    m = selectors.meeting_get(request.auth, meeting_id)
    services.meeting_hold(
        actor=request.auth, meeting=m, outcome=payload.outcome, reason=payload.reason, held_at=payload.held_at
    )
    return _meeting(selectors.meeting_get(request.auth, meeting_id))


@router.post(
    "/network/meetings/{meeting_id}/reschedule",
    response={200: NetworkMeetingOut, **api_errors(403, 404)},
    summary="Move a planned meeting (the change is sent as iCalendar, SEQUENCE + 1)",
)
def network_meeting_reschedule(request, meeting_id: int, payload: NetworkRescheduleIn):
    m = selectors.meeting_get(request.auth, meeting_id)
    services.meeting_reschedule(actor=request.auth, meeting=m, **payload.dict())
    return _meeting(selectors.meeting_get(request.auth, meeting_id))


@router.post(
    "/network/meetings/{meeting_id}/cancel",
    response={200: NetworkMeetingOut, **api_errors(403, 404)},
    summary="Cancel a planned meeting (METHOD:CANCEL to everyone invited)",
)
def network_meeting_cancel(request, meeting_id: int, payload: NetworkCancelIn):
    m = selectors.meeting_get(request.auth, meeting_id)
    services.meeting_cancel(actor=request.auth, meeting=m, reason=payload.reason)
    return _meeting(selectors.meeting_get(request.auth, meeting_id))


@router.post(
    "/network/meetings/{meeting_id}/next",
    response={201: NetworkMeetingOut, **api_errors(403, 404)},
    summary="Plan the follow-up meeting a held meeting owes (network_followup)",
)
def network_meeting_next(request, meeting_id: int, payload: NetworkNextIn):
    previous = selectors.meeting_get(request.auth, meeting_id)
    m = services.meeting_next(actor=request.auth, previous=previous, **payload.dict())
    return Status(201, _meeting(selectors.meeting_get(request.auth, m.pk)))


@router.get(
    "/network/slots",
    response={200: list[NetworkSlotOut], **api_errors(403)},
    summary="Slots: a caseworker's own, or (school/daycare leaders) the municipality's as free/busy",
)
@paginated
def network_slots(request):
    if selectors.is_leader(request.auth):
        return [_free_busy(fb) for fb in selectors.free_busy(request.auth)]
    return [_slot_caseworker(s) for s in selectors.my_slots(request.auth)]


@router.post(
    "/network/slots",
    response={201: NetworkSlotOut, **api_errors(403)},
    summary="Publish a bookable slot",
)
def network_slot_publish(request, payload: NetworkSlotIn):
    s = booking.slot_publish(actor=request.auth, **payload.dict())
    return Status(201, _slot_caseworker(s))


@router.post(
    "/network/slots/{slot_id}/withdraw",
    response={200: NetworkSlotOut, **api_errors(403, 404)},
    summary="Withdraw one of your free slots",
)
def network_slot_withdraw(request, slot_id: int):
    s = booking.slot_withdraw(actor=request.auth, slot=selectors.own_slot(request.auth, slot_id))
    return _slot_caseworker(s)


@router.post(
    "/network/slots/{slot_id}/booking",
    response={201: NetworkBookingOut, **api_errors(403, 404)},
    summary="Book a free slot for a network meeting about a child of your institution (parents' consent)",
)
def network_slot_book(request, slot_id: int, payload: NetworkBookIn):
    slot = selectors.bookable_slot(request.auth, slot_id)
    child = selectors.child_to_book_for(request.auth, payload.child_id)
    parent = (
        Person.objects.filter(pk=payload.consent_person_id).first() if payload.consent_person_id else None
    )
    if payload.consent_person_id and parent is None:
        raise ValidationError(
            {"consent_person_id": [_("Vælg en forælder med forældremyndighed over barnet.")]}
        )
    with api_fields(consent_person="consent_person_id"):
        m = booking.slot_book(
            actor=request.auth,
            slot=slot,
            child=child,
            consent_by=payload.consent_by,
            consent_on=payload.consent_on,
            consent_person=parent,
            purpose=payload.purpose,
        )
    return Status(
        201,
        {
            "slot_id": slot.pk,
            "child_id": child.pk,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "caseworker_name": str(m.caseworker),
        },
    )


@router.post(
    "/network/calendar-feed",
    response={201: NetworkFeedOut, **api_errors(403)},
    summary="A new personal calendar feed URL (revokes the earlier one)",
)
def network_feed_create(request):
    raw = booking.feed_create(actor=request.auth)
    return Status(201, {"url": request.build_absolute_uri(reverse("network:feed", args=[raw]))})


@router.post(
    "/network/calendar-feed/revoke",
    response={200: NetworkFeedRevokedOut, **api_errors(403)},
    summary="Revoke your calendar feed",
)
def network_feed_revoke(request):
    selectors.require_holder(request.auth)
    return {"revoked": booking.feed_revoke(actor=request.auth)}
