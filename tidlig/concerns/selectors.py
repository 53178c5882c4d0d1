"""Reads of concerns, scoped to the actor (need to know), and the municipality's handleguide.

Who sees a concern: the educators of the child's group and the institution's leader (through
`wellbeing.access`), for concerns raised at their institution, and whoever raised it while they
still see the child. Caseworkers, managers and the other municipalities see none: a concern is
below the threshold of a notification and is not part of a case.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.organisation.models import Municipality, Role, Staff
from tidlig.wellbeing import access

from .defaults import default_steps
from .models import Concern, GuideStep

RAISERS = {Role.EDUCATOR, Role.INSTITUTION_LEADER, Role.HEALTH_VISITOR}


def may_work_with_concerns(actor: Staff) -> bool:
    return actor.is_authenticated and actor.municipality_id is not None and actor.role in RAISERS


def concerns_visible_to(actor: Staff, *, today: dt.date | None = None) -> QuerySet[Concern]:
    if not may_work_with_concerns(actor):
        return Concern.objects.none()
    today = today or timezone.localdate()
    children = access.children_visible_to(actor, today=today).values("pk")
    institutions = access.groups_for(actor).values("institution_id")
    return Concern.objects.filter(municipality_id=actor.municipality_id, child_id__in=children).filter(
        Q(institution_id__in=institutions) | Q(raised_by=actor)
    )


def open_concerns(actor: Staff, *, today: dt.date | None = None) -> list[Concern]:
    """The actor's open concerns, the follow-ups due first; logs that the children were shown."""
    rows = list(
        concerns_visible_to(actor, today=today)
        .filter(status=Concern.Status.OPEN)
        .select_related("child", "institution", "raised_by")
        .order_by(F("follow_up_on").asc(nulls_last=True), "observed_on", "pk")[:300]
    )
    audit.record_access(actor=actor, child_ids=[c.child_id for c in rows], what="concerns")
    return rows


def closed_concerns(actor: Staff, *, today: dt.date | None = None, limit: int = 20) -> list[Concern]:
    rows = list(
        concerns_visible_to(actor, today=today)
        .filter(status=Concern.Status.CLOSED)
        .select_related("child")
        .order_by("-closed_at", "-pk")[:limit]
    )
    audit.record_access(actor=actor, child_ids=[c.child_id for c in rows], what="concerns")
    return rows


def concern_for(actor: Staff, concern_id: int, *, what: str = "concern") -> Concern:
    """Load a concern the actor may see (404 otherwise) and log the read of the child's data."""
    concern = (
        concerns_visible_to(actor)
        .select_related("child", "institution", "raised_by", "notification", "municipality")
        .filter(pk=concern_id)
        .first()
    )
    if concern is None:
        raise Http404
    audit.record_access(actor=actor, child_ids=[concern.child_id], what=what)
    return concern


def entries_of(concern: Concern) -> list:
    return list(concern.entries.select_related("step", "recorded_by"))


def guide_steps(municipality: Municipality) -> list[GuideStep]:
    """The municipality's handleguide; until it saves one, the default (unsaved) steps."""
    steps = list(GuideStep.objects.filter(municipality=municipality))
    return steps or default_steps(municipality)


def guide_with_progress(concern: Concern, entries: list) -> list[tuple[GuideStep, bool]]:
    """Each step of the guide and whether the concern's entries record it as done."""
    done = {e.step_id for e in entries if e.step_id}
    if concern.notification_id:
        done |= {
            s.pk for s in GuideStep.objects.filter(municipality_id=concern.municipality_id, kind="notify")
        }
    return [(s, s.pk in done) for s in guide_steps(concern.municipality)]


def children_for_new_concern(actor: Staff, *, today: dt.date | None = None):
    if not may_work_with_concerns(actor):
        return []
    today = today or timezone.localdate()
    rows = list(access.children_visible_to(actor, today=today).order_by("first_name", "last_name"))
    audit.record_access(actor=actor, child_ids=[c.pk for c in rows], what="concern_form")
    return rows
