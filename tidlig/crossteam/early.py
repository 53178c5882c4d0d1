"""Early advice without a case ("for-forebyggelse"): a short course with a family before any notification.

BL § 29: the municipality offers free family-oriented advice (rådgivning), also openly and anonymously;
BL § 30: early preventive measures such as consultancy (konsulentbistand) and conversation groups.
The municipality's configured criteria are recorded so the service is given evenly; a course escalates
when a notification (BL § 133) is received or a decision or measure is made after it started.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.intake.models import Notification
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.rules import aggregates as agg
from tidlig.timeline import registry

from .access import (
    is_social_worker,
    items_visible_to,
    led_institution_ids,
    require_social_worker,
    seat_institution_ids,
    sees_child_of,
)
from .models import EarlyCourse, EligibilityCriterion, MeetingItem


def criteria_for(actor: Staff) -> QuerySet[EligibilityCriterion]:
    return EligibilityCriterion.objects.filter(municipality_id=actor.municipality_id, active=True)


def children_for_courses(actor: Staff) -> QuerySet[Child]:
    """The children the social worker may start a course for: those of the institutions she serves."""
    return Child.objects.filter(
        municipality_id=actor.municipality_id, institution_id__in=seat_institution_ids(actor), is_unborn=False
    ).order_by("first_name", "last_name")


def _unknown(field: str) -> ValidationError:
    return ValidationError(
        {field: [_("Findes ikke, eller du har ikke adgang. Tjek linket, eller bed din leder om adgang.")]}
    )


def _chosen(actor: Staff, child, criteria: list, meeting_item):
    """What an integration sends as ids, looked up among what the actor may use. Here, after the permission
    check, so a refused caller is refused whatever ids they sent (one door, issue 9); an id that finds
    nothing is refused naming its field (the child first, then the criteria, then the meeting item)."""
    if isinstance(child, int):
        child = children_for_courses(actor).filter(pk=child).first()
        if child is None:
            raise _unknown("child")
    if criteria and all(isinstance(c, int) for c in criteria):
        ids = set(criteria)
        criteria = list(criteria_for(actor).filter(pk__in=ids))
        if len(criteria) != len(ids):
            raise _unknown("criteria")
    if isinstance(meeting_item, int):
        meeting_item = items_visible_to(actor).filter(pk=meeting_item).first()
        if meeting_item is None:
            raise _unknown("meeting_item")
    return child, criteria, meeting_item


@transaction.atomic
def course_start(
    *,
    actor: Staff,
    child: Child | int,
    purpose: str,
    started_on: dt.date,
    planned_end_on: dt.date,
    criteria: list[EligibilityCriterion] | list[int],
    meeting_item: MeetingItem | int | None = None,
) -> EarlyCourse:
    """BL §§ 29–30: a short course with a family. The child, criteria and meeting item are the objects a
    form chose or the ids an integration sent."""
    require_social_worker(actor)
    child, criteria, meeting_item = _chosen(actor, child, criteria, meeting_item)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not children_for_courses(actor).filter(pk=child.pk).exists():
        errors["child"] = [
            _(
                "Barnet går ikke i en institution, hvor du er med i det tværfaglige team. "
                "Bed teamets socialrådgiver om at tage sagen."
            )
        ]
    if not purpose.strip():
        errors["purpose"] = [_("Skriv formålet med forløbet.")]
    if started_on is None:
        errors["started_on"] = [_("Skriv hvornår forløbet starter.")]
    elif started_on > today + dt.timedelta(days=31):
        errors["started_on"] = [
            _("Startdatoen ligger mere end en måned frem. Vælg en dato inden for den næste måned.")
        ]
    if planned_end_on is None:
        errors["planned_end_on"] = [_("Skriv hvornår forløbet forventes afsluttet.")]
    elif started_on and planned_end_on < started_on:
        errors["planned_end_on"] = [
            _("Forløbet skal slutte efter det starter. Vælg en slutdato efter startdatoen.")
        ]
    allowed = set(criteria_for(actor).values_list("pk", flat=True))
    if not criteria or any(c.pk not in allowed for c in criteria):
        errors["criteria"] = [_("Vælg mindst ét af kommunens kriterier, som gør barnet omfattet.")]
    if meeting_item is not None:
        visible = items_visible_to(actor).filter(pk=meeting_item.pk).exists()
        if not visible or meeting_item.child_id != child.pk or not sees_child_of(actor, meeting_item):
            errors["meeting_item"] = [_("Mødepunktet handler ikke om dette barn. Vælg et punkt om barnet.")]
    if errors:
        raise ValidationError(errors)
    course = EarlyCourse.objects.create(
        municipality_id=actor.municipality_id,
        child=child,
        institution_id=child.institution_id,
        social_worker=actor,
        meeting_item=meeting_item,
        purpose=purpose.strip(),
        started_on=started_on,
        planned_end_on=planned_end_on,
    )
    course.criteria.set(criteria)
    audit.record(
        actor=actor,
        action="crossteam.course.started",
        obj=course,
        child_id=child.pk,
        data={"criteria": sorted(c.pk for c in criteria)},
    )
    return course


@transaction.atomic
def course_end(
    *, actor: Staff, course: EarlyCourse, ended_on: dt.date, outcome: str, notes: str = ""
) -> EarlyCourse:
    require_social_worker(actor)
    if course.social_worker_id != actor.pk:
        raise PermissionDenied(
            _(
                "Kun socialrådgiveren, der har forløbet, kan afslutte det. Bed socialrådgiveren om at afslutte det."
            )
        )
    errors: dict[str, list[str]] = {}
    if course.ended_on is not None:
        errors["ended_on"] = [_("Forløbet er allerede afsluttet. Genindlæs siden for at se det.")]
    elif ended_on is None:
        errors["ended_on"] = [_("Skriv hvornår forløbet sluttede.")]
    elif ended_on < course.started_on or ended_on > timezone.localdate():
        errors["ended_on"] = [_("Slutdatoen skal ligge mellem start og i dag. Vælg en dato i det tidsrum.")]
    if outcome not in EarlyCourse.Outcome.values:
        errors["outcome"] = [_("Vælg hvordan forløbet endte.")]
    if errors:
        raise ValidationError(errors)
    course.ended_on, course.outcome = ended_on, outcome
    if notes.strip():
        course.notes = notes.strip()
    course.save(update_fields=["ended_on", "outcome", "notes"])
    audit.record(
        actor=actor,
        action="crossteam.course.ended",
        obj=course,
        child_id=course.child_id,
        data={"outcome": outcome},
    )
    return course


# --- reads ------------------------------------------------------------------------------------------------


def with_escalation(qs: QuerySet[EarlyCourse]) -> QuerySet[EarlyCourse]:
    """Annotate the first notification received and the first decision/measure made on or after the start."""
    notified = (
        Notification.objects.filter(
            child_id=OuterRef("child_id"), received_at__date__gte=OuterRef("started_on")
        )
        .order_by("received_at")
        .values("received_at")[:1]
    )
    # The decision's own date (`decided_on`, backdatable), from the case apps through the spine's registry.
    return qs.annotate(
        first_notification_at=Subquery(notified),
        first_decided_on=registry.first_decided_since(OuterRef("child_id"), OuterRef("started_on")),
    )


def my_courses(actor: Staff) -> list[EarlyCourse]:
    """The social worker's own courses, read to be shown (page and GET /crossteam/early-courses): logged."""
    rows = list(courses_of(actor))
    audit.record_access(actor=actor, child_ids=[c.child_id for c in rows], what="early_courses")
    return rows


def children_for_course_form(actor: Staff) -> list[Child]:
    """The child picker of the course form: names shown, so the read is logged."""
    children = list(children_for_courses(actor))
    audit.record_access(actor=actor, child_ids=[c.pk for c in children], what="early_course_form")
    return children


def courses_of(actor: Staff) -> QuerySet[EarlyCourse]:
    """The social worker's own courses (by name: she works with the family).

    Without what followed in intake and case work: whether a child was later notified about or got a
    measure is case knowledge, and the cross-disciplinary team works below the threshold of a case
    (need to know, GDPR art. 5(1)(c); issue 8). The outcome she recorded herself is hers.
    """
    if not actor.is_authenticated or not actor.municipality_id:
        return EarlyCourse.objects.none()
    qs = EarlyCourse.objects.filter(social_worker=actor, municipality_id=actor.municipality_id)
    return qs.select_related("child", "institution").prefetch_related("criteria")


def course_for(actor: Staff, pk: int) -> EarlyCourse:
    course = courses_of(actor).filter(pk=pk).first()
    if course is None:
        raise Http404
    audit.record_access(actor=actor, child_ids=[course.child_id], what="early_course")
    return course


def escalation(course: EarlyCourse) -> dict:
    """What the course escalated into, from the annotations of `with_escalation`. Never shown per child to
    an early-detection role; counted in `counts_by_criterion` only where no child can be told apart."""
    notified = course.first_notification_at
    measure = course.first_decided_on
    return {
        "notification_on": timezone.localtime(notified).date() if notified else None,
        "measure_on": measure,
        "escalated": bool(notified or measure),
    }


@dataclass
class CriterionCount:
    criterion: str
    courses: int | None
    notifications: int | None
    measures: int | None
    hidden: dict[str, str] = field(default_factory=dict)  # why a None is hidden: "small"/"complementary"

    def shown(self) -> dict[str, int | str]:
        """The counts as printed: the number, "< 5" or "x" (rules/aggregates.py)."""
        return {
            k: agg.mark(getattr(self, k), self.hidden.get(k))
            for k in ("courses", "notifications", "measures")
        }


def counts_scope(actor: Staff) -> QuerySet[EarlyCourse] | None:
    """Courses the actor sees counts of: the social worker her own, the leader the institution's."""
    if not actor.is_authenticated or not actor.municipality_id:
        return None
    led = led_institution_ids(actor)
    base = EarlyCourse.objects.filter(municipality_id=actor.municipality_id)
    if led:
        return base.filter(institution_id__in=led)
    if is_social_worker(actor):
        return base.filter(social_worker=actor)
    return None


def escalation_count(escalated: int, courses: int) -> int | None:
    """How many courses escalated, shown only if at least 5 did and at least 5 did not.

    Otherwise the count says something about each child: "5 of 5" tells that every one of the social
    worker's children in the row was notified about, "0 of 7" that none was. Either is case knowledge
    for an early-detection role (need to know, GDPR art. 5(1)(c); issue 8).
    """
    return None if agg.part_of_whole(escalated, courses) else escalated


def _criterion_count(title: str, courses: int, notified: int, measured: int) -> CriterionCount:
    """A criterion's row. The courses stand alone (a course can count under several criteria, so there is
    no total to subtract from): primary only. The escalations are parts of the courses (`part_of_whole`)."""
    hidden = {
        k: why
        for k, why in (
            ("courses", agg.reason_of(courses)),
            ("notifications", agg.part_of_whole(notified, courses)),
            ("measures", agg.part_of_whole(measured, courses)),
        )
        if why
    }
    return CriterionCount(
        title,
        None if "courses" in hidden else courses,
        None if "notifications" in hidden else notified,
        None if "measures" in hidden else measured,
        hidden,
    )


def counts_by_criterion(courses: QuerySet[EarlyCourse]) -> list[CriterionCount]:
    """Courses, and those that escalated, per criterion; counts under 5 are suppressed (no names), and
    the escalations also when they would tell about every child of the row (`escalation_count`)."""
    ids = with_escalation(courses).values("pk", "first_notification_at", "first_decided_on")
    notified = {r["pk"] for r in ids if r["first_notification_at"]}
    measured = {r["pk"] for r in ids if r["first_decided_on"]}
    rows: dict[str, list[set]] = {}
    for pk, title in courses.values_list("pk", "criteria__title"):
        if title is None:
            continue
        sets = rows.setdefault(title, [set(), set(), set()])
        sets[0].add(pk)
        if pk in notified:
            sets[1].add(pk)
        if pk in measured:
            sets[2].add(pk)
    return [_criterion_count(title, len(a), len(b), len(c)) for title, (a, b, c) in sorted(rows.items())]
