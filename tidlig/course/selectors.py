"""Reads of § 30 courses, scoped to the actor; every read of a child's data is logged."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.core.schemas import Row
from tidlig.crossteam.models import MeetingItem
from tidlig.intake.models import Notification
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.people.selectors import child_for
from tidlig.timeline.models import Obligation

from .access import WORKERS, can_see
from .models import Course

_COURSE = ("child", "caseworker__team", "worker", "measure__type", "start_meeting", "end_meeting")


def courses_for_child(actor: Staff, child_id: int) -> tuple[Child, list[Course]]:
    """A child's courses, newest first, for those who may see them (404 unless the child is visible)."""
    child = child_for(actor, child_id, what="course")  # logs the read
    courses = [c for c in Course.objects.filter(child=child).select_related(*_COURSE) if can_see(actor, c)]
    return child, courses


def course_get(actor: Staff, course_id: int) -> Course:
    c = Course.objects.select_related(*_COURSE).filter(pk=course_id).first()
    if c is None or not can_see(actor, c):
        raise Http404
    audit.record_access(actor=actor, child_ids=[c.child_id], what="course")
    return c


def deadlines(course: Course) -> list[Row]:
    """The course's stored deadlines (start meeting, end meeting, end) with their status now; read with the
    course (course_get logged the read)."""
    now = timezone.now()
    found = Obligation.objects.filter(source="course", source_id=course.pk).order_by("due_at", "pk")
    return [Row(o, o.status_at(now)) for o in found]


def workers(actor: Staff) -> QuerySet[Staff]:
    """The municipality's consultants and family workers, for the worker field."""
    return Staff.objects.filter(
        municipality_id=actor.municipality_id, role__in=WORKERS, is_active=True
    ).order_by("first_name", "last_name", "pk")


def worker_get(actor: Staff, worker_id: int | None) -> Staff | None:
    """A worker chosen by id (None when there is no such worker: the service then names the field)."""
    if worker_id is None:
        return None
    return workers(actor).filter(pk=worker_id).first()


def origin_links(child: Child, notification_id: int | None, item_id: int | None):
    """The notification and crossteam item a course starts from: only the child's own (else None)."""
    notification = (
        Notification.objects.filter(pk=notification_id, child=child).first() if notification_id else None
    )
    item = MeetingItem.objects.filter(pk=item_id, child=child).first() if item_id else None
    return notification, item
