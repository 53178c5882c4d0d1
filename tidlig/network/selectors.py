"""Reads of network meetings and slots, scoped to the actor; every read of a child's data is logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.cases.models import Case
from tidlig.intake.models import Notification
from tidlig.interventions.models import Measure
from tidlig.organisation.models import Role, Staff
from tidlig.organisation.services import token_digest
from tidlig.people.models import Child
from tidlig.people.selectors import child_for, children_at_my_institution

from .access import books_slots, can_see_meeting, holds_meetings, require_booker, require_holder  # noqa: F401
from .models import Agreement, CalendarFeed, NetworkMeeting, Slot

FEED_PAST_DAYS = 90
SLOT_DAYS_AHEAD = 60

_MEETING = ("child", "caseworker__team", "previous")


def meetings_for_child(actor: Staff, child_id: int) -> tuple[Child, list[NetworkMeeting]]:
    """A child's meetings, newest first, for those who may see them (404 otherwise)."""
    require_holder(actor)
    child = child_for(actor, child_id, what="network")  # 404 unless visible; logs the read
    meetings = [
        m
        for m in NetworkMeeting.objects.filter(child=child).select_related(*_MEETING).order_by("-starts_at")
        if can_see_meeting(actor, m)
    ]
    return child, meetings


def meeting_get(actor: Staff, meeting_id: int) -> NetworkMeeting:
    m = NetworkMeeting.objects.select_related(*_MEETING).filter(pk=meeting_id).first()
    if m is None or not can_see_meeting(actor, m):
        raise Http404
    audit.record_access(actor=actor, child_ids=[m.child_id], what="network.meeting")
    return m


def agreement_get(actor: Staff, agreement_id: int) -> Agreement:
    a = Agreement.objects.select_related("meeting").filter(pk=agreement_id).first()
    if a is None:
        raise Http404
    meeting_get(actor, a.meeting_id)  # 404 unless the meeting may be seen; logs the read
    return a


def links_for(child: Child, notification_id, case_id, measure_id) -> dict:
    """The notification, case and measure a meeting is linked to, by id: each must be the child's (422)."""
    found = {
        "notification": Notification.objects.filter(pk=notification_id, child=child).first()
        if notification_id
        else None,
        "case": Case.objects.filter(pk=case_id, child=child).first() if case_id else None,
        "measure": Measure.objects.filter(pk=measure_id, child=child).first() if measure_id else None,
    }
    for key, given in (("notification", notification_id), ("case", case_id), ("measure", measure_id)):
        if given and found[key] is None:
            raise ValidationError({f"{key}_id": [_("Findes ikke på barnets sag. Vælg en på barnets sag.")]})
    return found


def booking_of(meeting: NetworkMeeting) -> Slot | None:
    """The slot the meeting was booked in (who booked it, the parents' consent), if any."""
    return Slot.objects.filter(meeting=meeting).select_related("booked_by", "booked_for").first()


def carried_over(meeting: NetworkMeeting) -> list[Agreement]:
    """The agreements this meeting opens with: the previous meeting's (read as part of the meeting)."""
    if not meeting.previous_id:
        return []
    return list(Agreement.objects.filter(meeting_id=meeting.previous_id))


def my_meetings(actor: Staff, *, now: dt.datetime | None = None) -> list[NetworkMeeting]:
    """The actor's planned meetings from today on, and those held in the last 90 days."""
    require_holder(actor)
    now = now or timezone.now()
    rows = list(
        NetworkMeeting.objects.filter(caseworker=actor)
        .filter(Q(starts_at__gte=now - dt.timedelta(days=FEED_PAST_DAYS)))
        .exclude(status=NetworkMeeting.Status.CANCELLED)
        .select_related(*_MEETING)
        .order_by("starts_at")
    )
    audit.record_access(actor=actor, child_ids=[m.child_id for m in rows], what="network.my_meetings")
    return rows


def my_slots(actor: Staff, *, now: dt.datetime | None = None) -> list[Slot]:
    """The actor's own published slots from now on (booked ones with the child: the actor holds the meeting)."""
    require_holder(actor)
    now = now or timezone.now()
    rows = list(
        Slot.objects.filter(caseworker=actor, withdrawn_at__isnull=True, ends_at__gte=now)
        .select_related("meeting__child", "booked_for")
        .order_by("starts_at")
    )
    audit.record_access(
        actor=actor, child_ids=[s.meeting.child_id for s in rows if s.meeting_id], what="network.my_slots"
    )
    return rows


@dataclass(frozen=True)
class FreeBusy:
    """A slot as a school or daycare leader sees it: when, whose, free or busy, and the child only when their
    own institution booked it."""

    slot: Slot
    free: bool
    mine: bool
    child: Child | None


def free_busy(actor: Staff, *, now: dt.datetime | None = None) -> list[FreeBusy]:
    """Every published slot of the municipality in the next 60 days, as free/busy (no other child's data)."""
    require_booker(actor)
    now = now or timezone.now()
    rows = (
        Slot.objects.filter(
            municipality_id=actor.municipality_id,
            withdrawn_at__isnull=True,
            starts_at__gt=now,
            starts_at__lt=now + dt.timedelta(days=SLOT_DAYS_AHEAD),
        )
        .select_related("caseworker__team")
        .order_by("starts_at", "pk")
    )
    out = []
    mine_children = {}
    booked_here = [s.meeting_id for s in rows if s.booked_for_id == actor.institution_id and s.meeting_id]
    if booked_here:
        mine_children = {
            m.pk: m.child
            for m in NetworkMeeting.objects.filter(
                pk__in=booked_here, child__institution_id=actor.institution_id
            ).select_related("child")
        }
    for s in rows:
        mine = s.meeting_id in mine_children
        out.append(FreeBusy(slot=s, free=s.is_free, mine=mine, child=mine_children.get(s.meeting_id)))
    audit.record_access(
        actor=actor, child_ids=[c.pk for c in mine_children.values()], what="network.bookings"
    )
    return out


def bookable_slot(actor: Staff, slot_id: int) -> Slot:
    require_booker(actor)
    s = Slot.objects.filter(
        pk=slot_id, municipality_id=actor.municipality_id, withdrawn_at__isnull=True
    ).first()
    if s is None:
        raise Http404
    return s


def own_slot(actor: Staff, slot_id: int) -> Slot:
    require_holder(actor)
    s = Slot.objects.filter(pk=slot_id, caseworker=actor).first()
    if s is None:
        raise Http404
    return s


def children_to_book_for(actor: Staff) -> QuerySet[Child]:
    """A leader books for the children of their own institution only."""
    if not books_slots(actor):
        return Child.objects.none()
    return children_at_my_institution(actor).order_by("first_name", "last_name")


def child_to_book_for(actor: Staff, child_id: int) -> Child:
    child = children_to_book_for(actor).filter(pk=child_id).first()
    if child is None:
        raise Http404
    audit.record_access(actor=actor, child_ids=[child.pk], what="network.booking")
    return child


def feed_owner(token: str) -> Staff | None:
    """The caseworker whose live feed this secret is; None for an unknown or revoked one."""
    row = (
        CalendarFeed.objects.select_related("staff")
        .filter(digest=token_digest(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.staff.is_active or not holds_meetings(row.staff):
        return None
    return row.staff


def feed_items(staff: Staff, *, now: dt.datetime | None = None) -> tuple[list[NetworkMeeting], list[Slot]]:
    """What the feed shows: times only (no child is read, so nothing is logged as a child read)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=FEED_PAST_DAYS)
    meetings = list(
        NetworkMeeting.objects.filter(caseworker=staff, starts_at__gte=since)
        .exclude(status=NetworkMeeting.Status.CANCELLED)
        .only("uid", "starts_at", "ends_at", "sequence")
    )
    slots = list(
        Slot.objects.filter(
            caseworker=staff, withdrawn_at__isnull=True, meeting__isnull=True, ends_at__gte=since
        )
    )
    return meetings, slots


def has_feed(actor: Staff) -> bool:
    return CalendarFeed.objects.filter(staff=actor, revoked_at__isnull=True).exists()


def is_leader(actor: Staff) -> bool:
    return actor.is_authenticated and actor.role == Role.INSTITUTION_LEADER
