"""Who sees which child's well-being (need to know): educators their own groups, leaders their institution.

Educators never see case files; the health visitor sees the infants of the districts whose
institutions she serves; managers and analysts see only anonymous overviews.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tidlig.organisation.models import Institution, Role, Staff
from tidlig.people.models import Child

from .models import Group, GroupMember

# The health visitor rates at 8–10 months and follows the child until daycare takes over.
HEALTH_VISITOR_MAX_AGE_DAYS = 2 * 366


def groups_for(actor: Staff) -> QuerySet[Group]:
    """The groups whose children the actor rates or leads."""
    if not actor.is_authenticated or actor.municipality_id is None:
        return Group.objects.none()
    base = Group.objects.filter(active=True, institution__municipality_id=actor.municipality_id)
    if actor.role == Role.EDUCATOR:
        return base.filter(educators=actor)
    if actor.role == Role.INSTITUTION_LEADER and actor.institution_id:
        return base.filter(institution_id=actor.institution_id)
    return Group.objects.none()


def institutions_led_by(actor: Staff) -> QuerySet[Institution]:
    if actor.is_authenticated and actor.role == Role.INSTITUTION_LEADER and actor.institution_id:
        return Institution.objects.filter(pk=actor.institution_id)
    return Institution.objects.none()


def health_visitor_children(actor: Staff, *, today: dt.date) -> QuerySet[Child]:
    if not actor.is_authenticated or actor.role != Role.HEALTH_VISITOR:
        return Child.objects.none()
    districts = actor.cross_team_seats.filter(active=True).values("institution__district_id")
    return Child.objects.filter(
        Q(district_id__in=districts) | Q(district__isnull=True),
        municipality_id=actor.municipality_id,
        is_unborn=False,
        birth_date__gt=today - dt.timedelta(days=HEALTH_VISITOR_MAX_AGE_DAYS),
    )


def children_visible_to(actor: Staff, *, today: dt.date) -> QuerySet[Child]:
    """The children whose ratings, concerns and follow-ups the actor may see by name."""
    if not actor.is_authenticated or actor.municipality_id is None:
        return Child.objects.none()
    if actor.role == Role.HEALTH_VISITOR:
        return health_visitor_children(actor, today=today)
    groups = groups_for(actor)
    return Child.objects.filter(
        group_memberships__group__in=groups, group_memberships__left_on__isnull=True
    ).distinct()


def can_see_child(actor: Staff, child: Child, *, today: dt.date) -> bool:
    return children_visible_to(actor, today=today).filter(pk=child.pk).exists()


def require_child(actor: Staff, child: Child, *, today: dt.date) -> None:
    if not can_see_child(actor, child, today=today):
        raise PermissionDenied(
            _("Du kan kun se børn i dine egne grupper. Bed din leder om at sætte dig på gruppen.")
        )


def sees_overview_of(actor: Staff) -> str | None:
    """Which anonymous overview the actor may see: "municipality", "institution" or None."""
    if not actor.is_authenticated:
        return None
    if actor.role in (Role.MANAGER, Role.ANALYST):
        return "municipality"
    if actor.role == Role.INSTITUTION_LEADER and actor.institution_id:
        return "institution"
    return None


def child_labels(children) -> dict[int, str]:
    """How a picker names a child so two of the same name can be told apart (issue 10): the birth date and
    the child's current group, e.g. "Aksel Bach (f. 03.04.2021, Mariehønen)"."""
    children = list(children)
    groups: dict[int, str] = {}
    for child_id, name in (
        GroupMember.objects.filter(child__in=[c.pk for c in children], left_on__isnull=True)
        .order_by("joined_on")
        .values_list("child_id", "group__name")
    ):
        groups[child_id] = name
    out = {}
    for c in children:
        bits = [f"{_('f.')} {c.birth_date:%d.%m.%Y}"] if c.birth_date else []
        if c.pk in groups:
            bits.append(groups[c.pk])
        out[c.pk] = f"{c.display_name} ({', '.join(bits)})" if bits else c.display_name
    return out
