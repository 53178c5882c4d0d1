"""Recording well-being ratings: each professional's own, the joint one, follow-ups, the health visitor's.

The only writers of ratings (besides the demo and retention). Keyword-only, one transaction each,
audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidlig.audit import services as audit
from tidlig.concerns.models import Concern
from tidlig.concerns.services import concern_raise
from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child

from . import access
from .models import Colour, Group, GroupMember, Indicator, Rating, RatingFollowUp, RatingPeriod

# The health visitor's first rating is made when the child is 8–10 months old (issue 4; TOPI practice).
HEALTH_VISITOR_AGE_MONTHS = (8, 10)


def age_in_months(birth: dt.date | None, day: dt.date) -> int | None:
    if birth is None:
        return None
    months = (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)
    return max(months, 0)


def _snapshot(child: Child, day: dt.date) -> dict:
    return {"age_months": age_in_months(child.birth_date, day), "sex": child.sex}


def clean_indicators(municipality_id: int, values: dict | None) -> dict[str, str]:
    """Only the municipality's active indicators, each with a colour; empty values are dropped."""
    if not values:
        return {}
    known = {
        str(pk)
        for pk in Indicator.objects.filter(municipality_id=municipality_id, active=True).values_list(
            "pk", flat=True
        )
    }
    cleaned, errors = {}, []
    for key, colour in values.items():
        if not colour:
            continue
        if str(key) not in known:
            errors.append(
                _("Indikatoren %(key)s findes ikke i kommunens opsætning. Vælg en indikator fra listen.")
                % {"key": key}
            )
        elif colour not in Colour.values:
            errors.append(_("Vælg grøn, gul eller rød for hver indikator."))
        else:
            cleaned[str(key)] = colour
    if errors:
        raise ValidationError({"indicators": errors})
    return cleaned


def _check_colour(colour: str) -> None:
    if colour not in Colour.values:
        raise ValidationError({"colour": [_("Vælg grøn, gul eller rød.")]})


def _check_sheet(
    actor: Staff, group: Group, period: RatingPeriod, child: Child | None, today: dt.date
) -> None:
    if not access.groups_for(actor).filter(pk=group.pk).exists():
        raise PermissionDenied(
            _("Du kan kun vurdere børn i dine egne grupper. Bed din leder om at sætte dig på gruppen.")
        )
    if period.institution_id != group.institution_id:
        raise ValidationError(
            _("Perioden hører til en anden institution. Vælg en periode fra din institution.")
        )
    if not period.is_open(today):
        raise ValidationError(
            _(
                "Perioden %(title)s er lukket (%(start)s–%(end)s). Vurderinger kan kun gemmes i en åben periode. "
                "Vælg en åben periode."
            )
            % {
                "title": period.title,
                "start": f"{period.opens_on:%d.%m.%Y}",
                "end": f"{period.closes_on:%d.%m.%Y}",
            }
        )
    if (
        child is not None
        and not GroupMember.objects.filter(group=group, child=child, left_on__isnull=True).exists()
    ):
        raise ValidationError(
            _("Barnet går ikke i gruppen %(group)s. Vælg et barn fra gruppen.") % {"group": group.name}
        )


def _save(*, kind: str, actor, group, period, child, colour, indicators, note, now) -> Rating:
    """Create or change the rating (the actor's own, or the period's joint one) and log it; in a transaction."""
    indicators = clean_indicators(group.institution.municipality_id, indicators)
    lookup = {"period": period, "child": child, "kind": kind}
    if kind == Rating.Kind.INDIVIDUAL:
        lookup["rater"] = actor
    rating = Rating.objects.select_for_update().filter(**lookup).first()
    created = rating is None
    if created:
        rating = Rating(
            municipality_id=group.institution.municipality_id,
            institution=group.institution,
            district_id=group.institution.district_id,
            period=period,
            child=child,
            kind=kind,
            **_snapshot(child, timezone.localdate(now)),
        )
    rating.group, rating.rater, rating.colour = group, actor, colour
    rating.indicators, rating.note, rating.rated_at = indicators, note.strip(), now
    rating.save()
    what = "rating" if kind == Rating.Kind.INDIVIDUAL else "joint"
    audit.record(
        actor=actor,
        action=f"wellbeing.{what}.{'recorded' if created else 'changed'}",
        obj=rating,
        child_id=child.pk,
        data={"colour": colour, "period": period.pk},
    )
    return rating


def rating_record(
    *,
    actor: Staff,
    group: Group,
    period: RatingPeriod,
    child: Child,
    colour: str,
    indicators: dict | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Rating:
    """Record (or change) the actor's own rating of a child in the period; independent of colleagues."""
    now = now or timezone.now()
    _check_colour(colour)
    if actor.role != Role.EDUCATOR:
        raise PermissionDenied(
            _(
                "Kun gruppens pædagoger og lærere vurderer børnene hver for sig. Bed en af dem om at vurdere barnet."
            )
        )
    _check_sheet(actor, group, period, child, timezone.localdate(now))
    with transaction.atomic():
        rating = _save(
            kind=Rating.Kind.INDIVIDUAL,
            actor=actor,
            group=group,
            period=period,
            child=child,
            colour=colour,
            indicators=indicators,
            note=note,
            now=now,
        )
    return rating


def previous_joint(children: list[int], *, institution_id: int, before: dt.date) -> dict[int, Rating]:
    """Each child's latest joint rating at this institution before a day (nothing follows a child elsewhere)."""
    latest: dict[int, Rating] = {}
    rows = Rating.objects.filter(
        child_id__in=children,
        institution_id=institution_id,
        kind=Rating.Kind.JOINT,
        period__opens_on__lt=before,
    ).order_by("child_id", "rated_at")
    for r in rows:
        latest[r.child_id] = r
    return latest


def ratings_confirm_unchanged(
    *, actor: Staff, group: Group, period: RatingPeriod, now: dt.datetime | None = None
) -> int:
    """One action for the whole group: every child the actor has not rated yet keeps last period's colour.

    Children without a previous rating at the institution are left for an explicit rating.
    Returns how many ratings were recorded.
    """
    now = now or timezone.now()
    if actor.role != Role.EDUCATOR:
        raise PermissionDenied(
            _(
                "Kun gruppens pædagoger og lærere vurderer børnene hver for sig. Bed en af dem om at vurdere barnet."
            )
        )
    _check_sheet(actor, group, period, None, timezone.localdate(now))
    members = list(
        GroupMember.objects.filter(group=group, left_on__isnull=True).values_list("child_id", flat=True)
    )
    done = set(
        Rating.objects.filter(
            period=period, kind=Rating.Kind.INDIVIDUAL, rater=actor, child_id__in=members
        ).values_list("child_id", flat=True)
    )
    todo = [c for c in members if c not in done]
    previous = previous_joint(todo, institution_id=group.institution_id, before=period.opens_on)
    children = {c.pk: c for c in Child.objects.filter(pk__in=previous)}
    day = timezone.localdate(now)
    new = [
        Rating(
            municipality_id=group.institution.municipality_id,
            institution=group.institution,
            district_id=group.institution.district_id,
            period=period,
            group=group,
            child=children[cid],
            kind=Rating.Kind.INDIVIDUAL,
            rater=actor,
            colour=prev.colour,
            indicators=prev.indicators,
            rated_at=now,
            **_snapshot(children[cid], day),
        )
        for cid, prev in previous.items()
    ]
    with transaction.atomic():
        Rating.objects.bulk_create(new)
        audit.record(
            actor=actor,
            action="wellbeing.rating.confirmed_unchanged",
            obj=group,
            data={"period": period.pk, "children": len(new)},
        )
    return len(new)


def _individual_colours(period: RatingPeriod, child: Child) -> dict[int, str]:
    return dict(
        Rating.objects.filter(period=period, child=child, kind=Rating.Kind.INDIVIDUAL).values_list(
            "rater_id", "colour"
        )
    )


def joint_record(
    *,
    actor: Staff,
    group: Group,
    period: RatingPeriod,
    child: Child,
    colour: str,
    indicators: dict | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Rating:
    """The joint rating agreed in the team dialogue, after at least two independent ratings.

    A red joint rating opens the handleguide: a concern is raised unless one is already open.
    """
    now = now or timezone.now()
    _check_colour(colour)
    _check_sheet(actor, group, period, child, timezone.localdate(now))
    if len(_individual_colours(period, child)) < 2:
        raise ValidationError(
            _(
                "Mindst to fagpersoner skal have vurderet %(child)s hver for sig, før I giver en fælles vurdering. "
                "Bed en kollega om at vurdere barnet først."
            )
            % {"child": child.display_name}
        )
    return _save_joint(
        actor=actor,
        group=group,
        period=period,
        child=child,
        colour=colour,
        indicators=indicators,
        note=note,
        now=now,
    )


def _save_joint(*, actor, group, period, child, colour, indicators=None, note="", now) -> Rating:
    """Save a checked joint rating; a red one opens the handleguide in the same transaction."""
    with transaction.atomic():
        rating = _save(
            kind=Rating.Kind.JOINT,
            actor=actor,
            group=group,
            period=period,
            child=child,
            colour=colour,
            indicators=indicators,
            note=note,
            now=now,
        )
        if colour == Colour.RED:
            _open_handleguide(actor=actor, rating=rating, now=now)
    return rating


def _open_handleguide(*, actor: Staff, rating: Rating, now: dt.datetime) -> None:
    if Concern.objects.filter(child=rating.child, status=Concern.Status.OPEN).exists():
        return
    concern_raise(
        actor=actor,
        child=rating.child,
        observation=_("Fælles trivselsvurdering i %(period)s: rød (mistrivsel). %(note)s")
        % {"period": rating.period.title, "note": rating.note},
        observed_on=timezone.localdate(now),
        rating=rating,
        now=now,
    )


def joint_confirm_agreed(
    *, actor: Staff, group: Group, period: RatingPeriod, now: dt.datetime | None = None
) -> int:
    """Where every independent rater agrees (at least two), the joint rating is their colour: one action."""
    now = now or timezone.now()
    _check_sheet(actor, group, period, None, timezone.localdate(now))
    members = GroupMember.objects.filter(group=group, left_on__isnull=True).values_list("child_id", flat=True)
    by_child: dict[int, set[str]] = {}
    count: dict[int, int] = {}
    for cid, colour in Rating.objects.filter(
        period=period, kind=Rating.Kind.INDIVIDUAL, child_id__in=members
    ).values_list("child_id", "colour"):
        by_child.setdefault(cid, set()).add(colour)
        count[cid] = count.get(cid, 0) + 1
    has_joint = set(
        Rating.objects.filter(period=period, kind=Rating.Kind.JOINT, child_id__in=members).values_list(
            "child_id", flat=True
        )
    )
    agreed = {
        cid: next(iter(cs))
        for cid, cs in by_child.items()
        if len(cs) == 1 and count[cid] >= 2 and cid not in has_joint
    }
    done = 0
    for child in Child.objects.filter(pk__in=agreed):  # checked once above: the sheet and two raters each
        _save_joint(actor=actor, group=group, period=period, child=child, colour=agreed[child.pk], now=now)
        done += 1
    return done


def follow_up_record(
    *,
    actor: Staff,
    rating: Rating,
    focus_points: str,
    institution_action: str,
    parents_informed_on: dt.date | None,
    parents_response: str = "",
    team_requested_on: dt.date | None = None,
    indicators: dict | None = None,
    now: dt.datetime | None = None,
) -> RatingFollowUp:
    """Yellow: focus points, what the institution does, parents told. Red: also parents involved, team asked."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if rating.kind != Rating.Kind.JOINT or rating.colour == Colour.GREEN:
        raise ValidationError(
            _("Opfølgning hører til en gul eller rød fælles vurdering. Giv en fælles vurdering først.")
        )
    if rating.group is None or not access.groups_for(actor).filter(pk=rating.group_id).exists():
        raise PermissionDenied(
            _("Du kan kun følge op på børn i dine egne grupper. Bed din leder om at sætte dig på gruppen.")
        )
    errors: dict[str, list[str]] = {}
    if not focus_points.strip():
        errors["focus_points"] = [_("Skriv hvad I vil være opmærksomme på (fokuspunkter).")]
    if not institution_action.strip():
        errors["institution_action"] = [_("Skriv hvad I gør i institutionen.")]
    for name, day in (("parents_informed_on", parents_informed_on), ("team_requested_on", team_requested_on)):
        if day and day > today:
            errors[name] = [_("Datoen ligger i fremtiden. Skriv den dag det skete.")]
    if rating.colour == Colour.RED and not parents_informed_on:
        errors.setdefault("parents_informed_on", []).append(
            _("Ved rød vurdering skal forældrene inddrages. Skriv hvornår I talte med dem.")
        )
    if errors:
        raise ValidationError(errors)
    cleaned = clean_indicators(rating.municipality_id, indicators) if indicators is not None else None
    with transaction.atomic():
        if cleaned is not None and cleaned != rating.indicators:
            rating.indicators = cleaned
            rating.save(update_fields=["indicators", "updated_at"])
        follow_up, created = RatingFollowUp.objects.update_or_create(
            rating=rating,
            defaults={
                "focus_points": focus_points.strip(),
                "institution_action": institution_action.strip(),
                "parents_informed_on": parents_informed_on,
                "parents_response": parents_response.strip(),
                "team_requested_on": team_requested_on,
                "recorded_by": actor,
            },
        )
        audit.record(
            actor=actor,
            action="wellbeing.follow_up.recorded",
            obj=follow_up,
            child_id=rating.child_id,
            data={"colour": rating.colour, "parents_informed": bool(parents_informed_on)},
        )
    return follow_up


def health_visitor_rate(
    *,
    actor: Staff,
    child: Child,
    colour: str,
    parents_present: str,
    rated_on: dt.date,
    indicators: dict | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Rating:
    """The health visitor's first rating, at 8–10 months, made together with the parents."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if (
        actor.role != Role.HEALTH_VISITOR
        or not access.health_visitor_children(actor, today=today).filter(pk=child.pk).exists()
    ):
        raise PermissionDenied(
            _(
                "Kun sundhedsplejersken i barnets distrikt kan give denne vurdering. Bed sundhedsplejersken om at give den."
            )
        )
    errors: dict[str, list[str]] = {}
    if colour not in Colour.values:
        errors["colour"] = [_("Vælg grøn, gul eller rød.")]
    if not parents_present.strip():
        errors["parents_present"] = [_("Vurderingen laves sammen med forældrene. Skriv hvem der var med.")]
    if rated_on > today:
        errors["rated_on"] = [_("Datoen ligger i fremtiden. Skriv den dag I vurderede.")]
    months = age_in_months(child.birth_date, rated_on)
    low, high = HEALTH_VISITOR_AGE_MONTHS
    if months is None or not low <= months <= high:
        errors.setdefault("rated_on", []).append(
            ngettext(
                "Barnet var %(months)s måned den dag. Den første vurdering laves, når barnet er 8–10 måneder.",
                "Barnet var %(months)s måneder den dag. Den første vurdering laves, når barnet er 8–10 måneder.",
                months if months is not None else 0,
            )
            % {"months": months if months is not None else "?"}
        )
    if errors:
        raise ValidationError(errors)
    indicators = clean_indicators(child.municipality_id, indicators)
    with transaction.atomic():
        rating = Rating.objects.create(
            municipality_id=child.municipality_id,
            institution=None,
            district_id=child.district_id,
            period=None,
            child=child,
            kind=Rating.Kind.HEALTH_VISITOR,
            rater=actor,
            colour=colour,
            indicators=indicators,
            note=note.strip(),
            parents_present=parents_present.strip(),
            rated_at=timezone.make_aware(dt.datetime.combine(rated_on, dt.time(12)))
            if rated_on != today
            else now,
            age_months=months,
            sex=child.sex,
        )
        audit.record(
            actor=actor,
            action="wellbeing.health_visitor.recorded",
            obj=rating,
            child_id=child.pk,
            data={"colour": colour},
        )
    return rating
