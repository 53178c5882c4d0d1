"""Reading what a child's institutions recorded in early detection, for the parents (GDPR art. 15).

The selector behind `views_parents` (screen, print and PDF): who may open it, and what it shows. The read is
logged here, once, whatever door it came through.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from tidlig.audit import services as audit
from tidlig.concerns.models import Concern
from tidlig.crossteam.models import EarlyCourse, MeetingItem
from tidlig.organisation.models import Institution, Role, Staff
from tidlig.people.models import Child

from .access import groups_for
from .models import Indicator, Rating, Transition


def child_and_institutions(actor: Staff, child_id: int, *, what: str) -> tuple[Child, set[int]]:
    """The child, if the actor is an educator of its group or its institution's leader, and their institutions.

    Anyone else gets a 404. The read is logged as `what`.
    """
    if actor.role not in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        raise Http404
    child = get_object_or_404(Child, pk=child_id, municipality_id=actor.municipality_id)
    institutions = set(
        groups_for(actor)
        .filter(members__child=child, members__left_on__isnull=True)
        .values_list("institution_id", flat=True)
    )
    if not institutions:
        raise Http404
    audit.record_access(actor=actor, child_ids=[child.pk], what=what)
    return child, institutions


def parents_record(child: Child, institutions: set[int]) -> dict:
    """Everything the institutions recorded about the child in early detection, oldest first."""
    titles = {str(i.pk): i.title for i in Indicator.objects.filter(municipality_id=child.municipality_id)}
    ratings = list(
        Rating.objects.filter(child=child, institution_id__in=institutions)
        .select_related("period", "rater", "follow_up", "institution")
        .order_by("rated_at", "pk")
    )
    colours = dict(Rating._meta.get_field("colour").choices)
    for r in ratings:
        r.indicator_rows = [(titles.get(k, "?"), colours.get(v, v)) for k, v in r.indicators.items()]
        r.follow = getattr(r, "follow_up", None)
    return {
        "ratings": ratings,
        "transitions": list(
            Transition.objects.filter(
                Q(from_institution_id__in=institutions) | Q(to_institution_id__in=institutions), child=child
            ).select_related("from_institution", "to_institution", "consent_by", "written_by")
        ),
        "concerns": list(
            Concern.objects.filter(child=child, institution_id__in=institutions)
            .select_related("raised_by")
            .prefetch_related("entries__step", "entries__recorded_by")
            .order_by("observed_on", "pk")
        ),
        "items": list(
            MeetingItem.objects.filter(
                child=child, kind=MeetingItem.Kind.NAMED, institution_id__in=institutions
            ).select_related("meeting", "consent_by")
        ),
        "courses": list(
            EarlyCourse.objects.filter(child=child, institution_id__in=institutions)
            .select_related("social_worker")
            .prefetch_related("criteria")
        ),
    }


def institution_names(institutions: set[int]) -> str:
    return ", ".join(
        Institution.objects.filter(pk__in=institutions).order_by("name").values_list("name", flat=True)
    )
