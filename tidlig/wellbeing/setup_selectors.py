"""Reading an institution's setup for its leader: periods, groups, and which children are in which group.

The institution is the one the actor leads, or PermissionDenied; another institution's period or group
is not found (404). Every read of children's names is logged (audit.record_access).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.organisation.models import Institution, Role, Staff
from tidlig.people.models import Child

from .access import institutions_led_by
from .models import Group, GroupMember, RatingPeriod
from .setup import require_leader


def led_institution(actor: Staff) -> Institution:
    institution = institutions_led_by(actor).first()
    if institution is None:
        require_leader(actor, -1)  # raises the Danish refusal
    return institution


def periods_of(institution: Institution) -> QuerySet[RatingPeriod]:
    return RatingPeriod.objects.filter(institution=institution).order_by("-opens_on")


def period_for_leader(actor: Staff, period_id: int) -> RatingPeriod:
    period = periods_of(led_institution(actor)).filter(pk=period_id).first()
    if period is None:
        raise Http404(
            _(
                "Perioden findes ikke, eller du har ikke adgang til den. Tjek linket, eller bed din leder om adgang."
            )
        )
    return period


def groups_of(institution: Institution, *, active: bool = True) -> QuerySet[Group]:
    """The groups with their educators and number of current children (names not read)."""
    return (
        Group.objects.filter(institution=institution, active=active)
        .annotate(children=Count("members", filter=Q(members__left_on__isnull=True)))
        .prefetch_related(Prefetch("educators", queryset=Staff.objects.order_by("first_name", "last_name")))
        .order_by("name")
    )


def group_for_leader(actor: Staff, group_id: int) -> Group:
    group = (
        Group.objects.filter(institution=led_institution(actor), pk=group_id)
        .select_related("institution")
        .first()
    )
    if group is None:
        raise Http404(
            _(
                "Gruppen findes ikke, eller du har ikke adgang til den. Tjek linket, eller bed din leder om adgang."
            )
        )
    return group


def educators_at(institution: Institution) -> QuerySet[Staff]:
    return Staff.objects.filter(institution=institution, role=Role.EDUCATOR, is_active=True).order_by(
        "first_name", "last_name"
    )


def members_of(group: Group) -> QuerySet[Child]:
    """The group's current children; the caller logs the read when it shows their names."""
    return Child.objects.filter(
        group_memberships__group=group, group_memberships__left_on__isnull=True
    ).order_by("first_name", "last_name")


def unplaced_children(institution: Institution) -> QuerySet[Child]:
    """The institution's children who are in none of its groups now."""
    placed = GroupMember.objects.filter(
        left_on__isnull=True, group__institution=institution, group__active=True
    ).values("child_id")
    return (
        Child.objects.filter(institution=institution, is_unborn=False)
        .exclude(pk__in=placed)
        .order_by("first_name", "last_name")
    )


def children_at(institution: Institution) -> QuerySet[Child]:
    return Child.objects.filter(institution=institution, is_unborn=False)


def log_names(actor: Staff, children, *, what: str) -> None:
    audit.record_access(actor=actor, child_ids=[c.pk for c in children], what=what)
