"""Reading ratings for the people who rate: a group's sheet for a period, a child's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidlig.audit import services as audit
from tidlig.intake import permissions as intake_permissions
from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child

from . import access
from .models import Colour, Group, GroupMember, Indicator, Rating, RatingPeriod
from .services import age_in_months, previous_joint

COLOUR_ORDER = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


@dataclass
class SheetRow:
    child: Child
    age_months: int | None
    previous: Rating | None = None
    mine: Rating | None = None
    others: list[Rating] = field(default_factory=list)
    joint: Rating | None = None
    colours_hidden: bool = False  # colleagues' colours withheld until the viewer has rated

    @property
    def age_text(self) -> str:
        if self.age_months is None:
            return ""
        if self.age_months < 24:
            return ngettext("%(n)d måned", "%(n)d måneder", self.age_months) % {"n": self.age_months}
        years = self.age_months // 12
        return ngettext("%(n)d år", "%(n)d år", years) % {"n": years}

    @property
    def suggested(self) -> str:
        """What the radio buttons start at: my rating, else last period's joint colour."""
        if self.mine:
            return self.mine.colour
        return self.previous.colour if self.previous else ""

    @property
    def raters(self) -> list[Rating]:
        return [r for r in [self.mine, *self.others] if r]

    @property
    def agreed(self) -> str:
        """The colour every independent rater gave (at least two), else ""."""
        colours = {r.colour for r in self.raters}
        if self.colours_hidden:
            return ""
        return next(iter(colours)) if len(self.raters) >= 2 and len(colours) == 1 else ""

    @property
    def disagreement(self) -> bool:
        return not self.colours_hidden and len({r.colour for r in self.raters}) > 1

    @property
    def movement(self) -> int | None:
        """+1 if the joint colour is worse than last period, -1 if better, 0 if the same."""
        if not (self.joint and self.previous):
            return None
        diff = COLOUR_ORDER[self.joint.colour] - COLOUR_ORDER[self.previous.colour]
        return (diff > 0) - (diff < 0)


def groups_of(actor: Staff) -> QuerySet[Group]:
    return access.groups_for(actor).select_related("institution")


def open_periods(groups: list[Group], *, today: dt.date) -> dict[int, RatingPeriod]:
    """The period open today at each of the groups' institutions, by institution id (start page and API)."""
    return {
        p.institution_id: p
        for p in RatingPeriod.objects.filter(
            institution_id__in={g.institution_id for g in groups}, opens_on__lte=today, closes_on__gte=today
        )
    }


def period_for(group: Group, *, today: dt.date, period_id: int | None = None) -> RatingPeriod | None:
    """The period asked for, else the open one, else the latest that has begun."""
    periods = RatingPeriod.objects.filter(institution_id=group.institution_id)
    if period_id:
        return periods.filter(pk=period_id).first()
    return (
        periods.filter(opens_on__lte=today, closes_on__gte=today).first()
        or periods.filter(opens_on__lte=today).order_by("-opens_on").first()
    )


def group_sheet(
    actor: Staff, group: Group, period: RatingPeriod, *, what: str, flag_unseen: bool = False
) -> list[SheetRow]:
    """Every current child of the group with last period's joint colour, my rating, colleagues' and the joint.

    Colleagues' ratings are only included once the actor has rated the child (independent ratings);
    with `flag_unseen` (the joint page) they are kept but marked `colours_hidden`, so the page can say
    who has rated without showing a colour. Four queries whatever the group size; the children shown
    are logged.
    """
    members = list(
        GroupMember.objects.filter(group=group, left_on__isnull=True)
        .select_related("child")
        .order_by("child__first_name", "child__last_name")
    )
    rows = {
        m.child_id: SheetRow(child=m.child, age_months=age_in_months(m.child.birth_date, period.opens_on))
        for m in members
    }
    previous = previous_joint(list(rows), institution_id=group.institution_id, before=period.opens_on)
    for cid, r in previous.items():
        rows[cid].previous = r
    ratings = Rating.objects.filter(period=period, child_id__in=list(rows)).select_related(
        "rater", "follow_up"
    )
    for r in ratings.exclude(kind=Rating.Kind.HEALTH_VISITOR):
        row = rows[r.child_id]
        if r.kind == Rating.Kind.JOINT:
            row.joint = r
        elif r.rater_id == actor.pk:
            row.mine = r
        else:
            row.others.append(r)
    for row in rows.values():
        if row.mine is None and actor.role == Role.EDUCATOR:
            if flag_unseen:
                row.colours_hidden = True
            else:
                row.others = []
    audit.record_access(actor=actor, child_ids=list(rows), what=what)
    return list(rows.values())


def indicators_for(municipality_id: int) -> list[Indicator]:
    return list(Indicator.objects.filter(municipality_id=municipality_id, active=True))


def child_history(actor: Staff, child: Child) -> list[Rating]:
    """The child's ratings the actor may see: at the actor's institutions (never another's), newest first."""
    qs = Rating.objects.filter(child=child).select_related("period", "rater", "group", "follow_up")
    if actor.role == Role.HEALTH_VISITOR:
        qs = qs.filter(kind=Rating.Kind.HEALTH_VISITOR)
    else:
        qs = qs.filter(institution_id__in=access.groups_for(actor).values("institution_id"))
    audit.record_access(actor=actor, child_ids=[child.pk], what="wellbeing_child")
    return list(qs.order_by("-rated_at"))


@dataclass
class InfantRow:
    """One infant on the health visitor's list, with the 8–10 month rating window it is due in."""

    child: Child
    months: int
    rated: bool
    due_from: dt.date  # 8 months old
    due_by: dt.date  # the last day at 10 months (services.HEALTH_VISITOR_AGE_MONTHS): the window's end
    today: dt.date

    @property
    def days_overdue(self) -> int:
        return 0 if self.rated else max(0, (self.today - self.due_by).days)

    @property
    def due_now(self) -> bool:
        return not self.rated and self.due_from <= self.today


def _infant_row(c: Child, today: dt.date, rated: bool) -> InfantRow:
    due_from = c.birth_date + relativedelta(months=8)
    due_by = c.birth_date + relativedelta(months=11) - dt.timedelta(days=1)
    return InfantRow(c, age_in_months(c.birth_date, today), rated, due_from, due_by, today)


def health_visitor_due(actor: Staff, *, today: dt.date) -> list[InfantRow]:
    """The health visitor's infants from 7 to 12 months: those due for the 8–10 month rating and those just
    past it. Due by: those still to be rated first, by the day their window closes (overdue at the top,
    with the days overdue), then the rated ones (issue 10)."""
    children = list(
        access.health_visitor_children(actor, today=today)
        .filter(birth_date__gt=today - dt.timedelta(days=396), birth_date__lte=today - dt.timedelta(days=212))
        .order_by("birth_date")[:300]
    )
    rated = set(
        Rating.objects.filter(child__in=children, kind=Rating.Kind.HEALTH_VISITOR).values_list(
            "child_id", flat=True
        )
    )
    rows = sorted(
        (_infant_row(c, today, c.pk in rated) for c in children),
        key=lambda row: (row.rated, row.due_by, row.child.pk),
    )
    audit.record_access(actor=actor, child_ids=[r.child.pk for r in rows], what="wellbeing_health_visitor")
    return rows


def sheet_progress(
    groups: list[Group], periods: dict[int, RatingPeriod], *, actor: Staff
) -> dict[int, tuple[int, int, int]]:
    """Per group: (children, rated by the actor, joint ratings) in the institution's open period."""
    children = dict(
        GroupMember.objects.filter(group__in=groups, left_on__isnull=True)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    period_ids = [p.pk for p in periods.values()]
    counts = (
        Rating.objects.filter(period_id__in=period_ids, group__in=groups)
        .values("group_id", "kind", "rater_id")
        .annotate(n=Count("pk"))
    )
    mine: dict[int, int] = {}
    joint: dict[int, int] = {}
    for row in counts:
        if row["kind"] == Rating.Kind.JOINT:
            joint[row["group_id"]] = joint.get(row["group_id"], 0) + row["n"]
        elif row["kind"] == Rating.Kind.INDIVIDUAL and row["rater_id"] == actor.pk:
            mine[row["group_id"]] = row["n"]
    return {g.pk: (children.get(g.pk, 0), mine.get(g.pk, 0), joint.get(g.pk, 0)) for g in groups}


def my_progress(actor: Staff, group: Group, period: RatingPeriod) -> tuple[int, int]:
    """(children the actor has rated, children in the group) for the period: two counts."""
    members = GroupMember.objects.filter(group=group, left_on__isnull=True).values("child_id")
    rated = Rating.objects.filter(
        period=period, kind=Rating.Kind.INDIVIDUAL, rater=actor, child_id__in=members
    ).count()
    return rated, members.count()


def joint_rating_for(actor: Staff, rating_id: int) -> Rating:
    """A joint rating in one of the actor's groups, to follow up; or 404 (another's is as absent as none).

    The one look-up behind the follow-up page and PUT /wellbeing/ratings/{id}/follow-up.
    """
    rating = (
        Rating.objects.filter(pk=rating_id, kind=Rating.Kind.JOINT, group__in=groups_of(actor))
        .select_related("child", "period", "group")
        .first()
    )
    if rating is None:
        raise Http404(
            _(
                "Vurderingen findes ikke, eller du har ikke adgang til den. Tjek linket, eller bed din leder om adgang."
            )
        )
    return rating


def group_for(actor: Staff, group_id: int) -> Group:
    """One of the actor's groups, or 404: another's group is as absent as a missing one."""
    group = groups_of(actor).filter(pk=group_id).first()
    if group is None:
        raise Http404(
            _(
                "Gruppen findes ikke, eller du har ikke adgang til den. Tjek linket, eller bed din leder om adgang."
            )
        )
    return group


def sheet_parts(
    actor: Staff, group_id: int, period_id: int, child_id: int | None = None
) -> tuple[Group, RatingPeriod, Child | None]:
    """The group, one of its institution's periods and (if asked) a current child of the group, or 404."""
    group = group_for(actor, group_id)
    period = RatingPeriod.objects.filter(pk=period_id, institution_id=group.institution_id).first()
    if period is None:
        raise Http404(
            _(
                "Perioden findes ikke, eller du har ikke adgang til den. Tjek linket, eller bed din leder om adgang."
            )
        )
    if child_id is None:
        return group, period, None
    member = (
        GroupMember.objects.filter(group=group, child_id=child_id, left_on__isnull=True)
        .select_related("child")
        .first()
    )
    if member is None:
        raise Http404(_("Barnet går ikke i gruppen. Vælg et barn fra gruppen."))
    return group, period, member.child


def red_next(actor: Staff, child: Child) -> dict:
    """What a red rating leads on to, one step away (issue 10): the handleguide and the child's open
    concern (or a new one), the cross-disciplinary team, a notification to the municipality (BL § 133).
    One list for the page (wellbeing/_red_next.html) and the API (RatingOut.next_steps): `steps` holds
    (code, title, url).

    The concern is read by the reverse relation, since `concerns` imports this app. Only a concern the
    actor may see: one she raised, or one at an institution where she has a group.
    """
    concern = (
        child.concerns.filter(status="open", municipality_id=actor.municipality_id)
        .filter(Q(raised_by=actor) | Q(institution_id__in=access.groups_for(actor).values("institution_id")))
        .order_by("-observed_on", "-pk")
        .first()
    )
    steps = []
    if concern is not None:
        steps.append(
            ("concern", _("Åbn bekymringen og handleguiden"), reverse("concerns:detail", args=[concern.pk]))
        )
    else:
        steps.append(
            (
                "concern",
                _("Start en bekymring med handleguiden"),
                f"{reverse('concerns:new')}?barn={child.pk}",
            )
        )
        steps.append(("guide", _("Læs handleguiden"), reverse("concerns:guide")))
    if actor.role in (Role.EDUCATOR, Role.INSTITUTION_LEADER) and actor.institution_id:
        query = f"concern={concern.pk}" if concern is not None else f"barn={child.pk}"
        steps.append(
            (
                "team",
                _("Foreslå et punkt til det tværfaglige team"),
                f"{reverse('crossteam:propose')}?{query}",
            )
        )
    if intake_permissions.can_submit_notification(actor):
        if (
            concern is not None
        ):  # the observation is carried over from the concern (concerns.views.notify_plain)
            url = reverse("concerns:notify_plain", args=[concern.pk])
        else:
            url = f"{reverse('intake:new')}?barn={child.pk}"
        steps.append(("notification", _("Skriv underretning til kommunen"), url))
    return {"child": child, "concern": concern, "steps": steps}


def visible_child(actor: Staff, child_id: int, *, what: str) -> Child | None:
    """A child the actor may see in early detection today (logged as `what`), or None."""
    child = access.children_visible_to(actor, today=timezone.localdate()).filter(pk=child_id).first()
    if child is not None:
        audit.record_access(actor=actor, child_ids=[child.pk], what=what)
    return child
