"""Setting up an institution's rating periods and groups: the institution leader's services.

Only the leader of the institution writes here; the municipality's administrator uses Django admin.
Keyword-only, one transaction each, audited in the same transaction. Ratings are never deleted or
moved: a child who leaves a group keeps the ratings made while a member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.organisation.models import Institution, Role, Staff
from tidlig.people.models import Child

from .models import Group, GroupMember, Rating, RatingPeriod

# A rating window is a few weeks twice a year; three months is the most an institution may keep one open.
MAX_PERIOD_MONTHS = 3


def _d(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (30 November + 3 months = 28/29 February)."""
    return day + relativedelta(months=months)


def require_leader(actor: Staff, institution_id: int) -> None:
    """Only the leader of this institution sets up its periods and groups."""
    if not (
        actor.is_authenticated
        and actor.is_active
        and actor.role == Role.INSTITUTION_LEADER
        and actor.institution_id == institution_id
    ):
        raise PermissionDenied(
            _(
                "Kun lederen af institutionen kan oprette og ændre vurderingsperioder og grupper. Bed lederen om ændringen."
            )
        )


# --- Periods -------------------------------------------------------------------------------------------


def check_period(
    *,
    institution: Institution,
    title: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    period: RatingPeriod | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Skriv et navn på perioden, fx Efterår 2026.")]
    if opens_on is None:
        errors["opens_on"] = [_("Skriv datoen, hvor perioden åbner.")]
    if closes_on is None:
        errors["closes_on"] = [_("Skriv datoen, hvor perioden lukker.")]
    if opens_on is None or closes_on is None:
        raise ValidationError(errors)
    if closes_on < opens_on:
        errors["closes_on"] = [
            _(
                "Perioden skal lukke samme dag, som den åbner (%(start)s), eller senere. Vælg en senere slutdato."
            )
            % {"start": _d(opens_on)}
        ]
    elif closes_on > add_months(opens_on, MAX_PERIOD_MONTHS):
        errors["closes_on"] = [
            _("En periode må højst vare 3 måneder. Vælg en lukkedato senest %(last)s.")
            % {"last": _d(add_months(opens_on, MAX_PERIOD_MONTHS))}
        ]
    else:
        others = RatingPeriod.objects.filter(
            institution=institution, opens_on__lte=closes_on, closes_on__gte=opens_on
        )
        if period is not None:
            others = others.exclude(pk=period.pk)
        other = others.order_by("opens_on").first()
        if other is not None:
            errors["opens_on"] = [
                _(
                    "Perioden overlapper %(title)s (%(start)s–%(end)s). "
                    "Perioder på samme institution må ikke overlappe; vælg andre datoer."
                )
                % {"title": other.title, "start": _d(other.opens_on), "end": _d(other.closes_on)}
            ]
    if period is not None and not errors:
        span = Rating.objects.filter(period=period).aggregate(first=Min("rated_at"), last=Max("rated_at"))
        if span["first"] is not None:
            first, last = timezone.localdate(span["first"]), timezone.localdate(span["last"])
            if first < opens_on or last > closes_on:
                errors["opens_on" if first < opens_on else "closes_on"] = [
                    _(
                        "Der er allerede vurderinger i perioden fra %(first)s til %(last)s. "
                        "Perioden skal stadig dække dem. Vælg datoer, der dækker dem."
                    )
                    % {"first": _d(first), "last": _d(last)}
                ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def period_create(
    *, actor: Staff, institution: Institution, title: str, opens_on: dt.date | None, closes_on: dt.date | None
) -> RatingPeriod:
    require_leader(actor, institution.pk)
    Institution.objects.select_for_update().filter(pk=institution.pk).first()  # serialise overlap checks
    check_period(institution=institution, title=title, opens_on=opens_on, closes_on=closes_on)
    period = RatingPeriod.objects.create(
        institution=institution, title=title.strip(), opens_on=opens_on, closes_on=closes_on
    )
    audit.record(
        actor=actor,
        action="wellbeing.period.created",
        obj=period,
        data={"title": period.title, "opens_on": str(opens_on), "closes_on": str(closes_on)},
    )
    return period


@transaction.atomic
def period_update(
    *, actor: Staff, period: RatingPeriod, title: str, opens_on: dt.date | None, closes_on: dt.date | None
) -> RatingPeriod:
    require_leader(actor, period.institution_id)
    Institution.objects.select_for_update().filter(pk=period.institution_id).first()
    period = RatingPeriod.objects.select_for_update().get(pk=period.pk)
    check_period(
        institution=period.institution, title=title, opens_on=opens_on, closes_on=closes_on, period=period
    )
    before = {"title": period.title, "opens_on": str(period.opens_on), "closes_on": str(period.closes_on)}
    period.title, period.opens_on, period.closes_on = title.strip(), opens_on, closes_on
    period.save(update_fields=["title", "opens_on", "closes_on"])
    audit.record(
        actor=actor,
        action="wellbeing.period.updated",
        obj=period,
        data={
            "before": before,
            "title": period.title,
            "opens_on": str(opens_on),
            "closes_on": str(closes_on),
        },
    )
    return period


# --- Groups --------------------------------------------------------------------------------------------


def _check_name(institution_id: int, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Skriv et navn på gruppen, fx Mariehønen eller 0.A.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("Navnet må højst være 100 tegn. Skriv et kortere navn.")]})
    same = Group.objects.filter(institution_id=institution_id, active=True, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError(
            {
                "name": [
                    _("Der er allerede en gruppe, der hedder %(name)s. Vælg et andet navn.") % {"name": name}
                ]
            }
        )
    return name


@transaction.atomic
def group_create(*, actor: Staff, institution: Institution, name: str) -> Group:
    require_leader(actor, institution.pk)
    group = Group.objects.create(institution=institution, name=_check_name(institution.pk, name))
    audit.record(actor=actor, action="wellbeing.group.created", obj=group, data={"name": group.name})
    return group


@transaction.atomic
def group_rename(*, actor: Staff, group: Group, name: str) -> Group:
    require_leader(actor, group.institution_id)
    group = Group.objects.select_for_update().get(pk=group.pk)
    new = _check_name(group.institution_id, name, exclude=group.pk)
    if new != group.name:
        before, group.name = group.name, new
        group.save(update_fields=["name"])
        audit.record(
            actor=actor, action="wellbeing.group.renamed", obj=group, data={"before": before, "name": new}
        )
    return group


@transaction.atomic
def group_deactivate(*, actor: Staff, group: Group, today: dt.date) -> Group:
    """The group is no longer in use (e.g. the class left school): its children leave it; ratings stay."""
    require_leader(actor, group.institution_id)
    group = Group.objects.select_for_update().get(pk=group.pk)
    left = list(
        GroupMember.objects.filter(group=group, left_on__isnull=True).values_list("child_id", flat=True)
    )
    GroupMember.objects.filter(group=group, left_on__isnull=True).update(left_on=today)
    group.active = False
    group.save(update_fields=["active"])
    audit.record(
        actor=actor, action="wellbeing.group.deactivated", obj=group, data={"children_left": len(left)}
    )
    return group


def _active(group: Group) -> None:
    if not group.active:
        raise ValidationError(
            _("Gruppen %(name)s er ikke længere i brug. Vælg en anden gruppe.") % {"name": group.name}
        )


@transaction.atomic
def group_set_educators(*, actor: Staff, group: Group, educator_ids: Iterable[int]) -> Group:
    """The group's educators: only educators (Pædagog/lærer) employed at the group's institution."""
    require_leader(actor, group.institution_id)
    group = Group.objects.select_for_update().get(pk=group.pk)
    _active(group)
    ids = set(educator_ids)
    staff = list(
        Staff.objects.filter(
            pk__in=ids, role=Role.EDUCATOR, institution_id=group.institution_id, is_active=True
        )
    )
    if len(staff) != len(ids):
        raise ValidationError(
            {
                "educators": [
                    _(
                        "Vælg kun pædagoger og lærere, der er ansat på %(institution)s. "
                        "Andre kan ikke knyttes til gruppen."
                    )
                    % {"institution": group.institution.name}
                ]
            }
        )
    before = sorted(group.educators.values_list("pk", flat=True))
    group.educators.set(staff)
    if before != sorted(ids):
        audit.record(
            actor=actor,
            action="wellbeing.group.educators_set",
            obj=group,
            data={"before": before, "educators": sorted(ids)},
        )
    return group


@transaction.atomic
def group_update(*, actor: Staff, group: Group, name: str, educator_ids: Iterable[int]) -> Group:
    """The group page's first form: name and educators together, or neither."""
    group = group_rename(actor=actor, group=group, name=name)
    return group_set_educators(actor=actor, group=group, educator_ids=educator_ids)


def _add(*, actor: Staff, group: Group, child: Child, today: dt.date) -> GroupMember:
    if child.institution_id != group.institution_id:
        raise ValidationError(
            {
                "child": [
                    _(
                        "%(child)s er ikke tilknyttet %(institution)s. Kun institutionens egne børn kan "
                        "sættes i en gruppe. Vælg et barn fra institutionen."
                    )
                    % {"child": child.display_name, "institution": group.institution.name}
                ]
            }
        )
    current = GroupMember.objects.select_for_update().filter(
        child=child, left_on__isnull=True, group__institution_id=group.institution_id
    )
    same = next((m for m in current if m.group_id == group.pk), None)
    if same is not None:
        return same
    moved_from = [m.group_id for m in current]
    current.update(left_on=today)
    member = GroupMember.objects.create(group=group, child=child, joined_on=today)
    audit.record(
        actor=actor,
        action="wellbeing.group.child_added",
        obj=group,
        child_id=child.pk,
        data={"moved_from": moved_from} if moved_from else {},
    )
    return member


def _remove(*, actor: Staff, group: Group, child: Child, today: dt.date) -> GroupMember:
    member = (
        GroupMember.objects.select_for_update().filter(group=group, child=child, left_on__isnull=True).first()
    )
    if member is None:
        raise ValidationError(
            {
                "child": [
                    _("%(child)s går ikke i gruppen %(group)s. Vælg et barn fra gruppen.")
                    % {"child": child.display_name, "group": group.name}
                ]
            }
        )
    member.left_on = today
    member.save(update_fields=["left_on"])
    audit.record(actor=actor, action="wellbeing.group.child_removed", obj=group, child_id=child.pk)
    return member


@transaction.atomic
def group_add_child(*, actor: Staff, group: Group, child: Child, today: dt.date) -> GroupMember:
    """Put a child of the institution in the group; a current membership in another group there ends today."""
    require_leader(actor, group.institution_id)
    _active(group)
    return _add(actor=actor, group=group, child=child, today=today)


@transaction.atomic
def group_remove_child(*, actor: Staff, group: Group, child: Child, today: dt.date) -> GroupMember:
    """The child leaves the group today; the ratings made while a member stay."""
    require_leader(actor, group.institution_id)
    return _remove(actor=actor, group=group, child=child, today=today)


@transaction.atomic
def group_change_children(
    *, actor: Staff, group: Group, add: Iterable[Child], remove: Iterable[Child], today: dt.date
) -> tuple[int, int]:
    """The group page's one submit: children in and out together, or nothing if one of them fails."""
    require_leader(actor, group.institution_id)
    _active(group)
    removed = [_remove(actor=actor, group=group, child=c, today=today) for c in remove]
    added = [_add(actor=actor, group=group, child=c, today=today) for c in add]
    return len(added), len(removed)
