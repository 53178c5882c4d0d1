"""The only writers of § 30 courses (keyword-only arguments, one transaction, the audit row in it).

A course is a § 30 measure (`interventions.Measure`, type `bl30_4`) with its course row; its two network
meetings are planned through `tidlig.network.services` (so they get their invitations, minutes and
agreements there) and linked here. Its deadlines (rules/course.py) are stored on the spine, source "course",
and re-derived after every write and whenever one of its meetings is held (`meeting_held`, registered with
network in apps.py).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.crossteam.models import MeetingItem
from tidlig.intake.models import Notification
from tidlig.interventions.models import Measure, MeasureType
from tidlig.network import services as network
from tidlig.network.models import Context, NetworkMeeting
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.rules import course as rules
from tidlig.rules.calendar import local_date
from tidlig.timeline import services as spine
from tidlig.timeline.models import counted

from .access import WORKERS, require_act, require_start
from .models import Course, CourseSettings, Origin, Result

SOURCE = "course"
MEASURE_TYPE = "bl30_4"  # BL § 30, stk. 1, nr. 4: "andre forebyggende indsatser (fx 12-ugers forløb ...)"
START, END = "start", "end"


def gettext_noop(message: str) -> str:
    return message


def _msgid(label) -> str:
    with translation.override("da"):
        return str(label)


def course_length(municipality_id: int) -> rules.CourseLength:
    """The municipality's course (CourseSettings in the admin), else 12 weeks with the start meeting in 2."""
    s = CourseSettings.objects.filter(municipality_id=municipality_id).first()
    return s.length() if s else rules.CourseLength()


# --- the spine ----------------------------------------------------------------------------------------------


def _held_at(meeting: NetworkMeeting | None) -> dt.datetime | None:
    if meeting is None or meeting.status != NetworkMeeting.Status.HELD:
        return None
    return meeting.held_at


def refresh_obligations(course: Course) -> None:
    derived = rules.course_obligations(
        started_on=course.started_on,
        weeks=course.weeks,
        start_meeting_weeks=course.start_meeting_weeks,
        start_held_at=_held_at(course.start_meeting),
        end_held_at=_held_at(course.end_meeting),
        ended_at=course.ended_at,
    )
    cw = course.caseworker
    spine.obligations_store(
        child=course.child,
        source=SOURCE,
        source_id=course.pk,
        derived=derived,
        owners={code: (cw.team, cw) for code in rules.COURSE_TYPES},
    )


def meeting_held(meeting: NetworkMeeting) -> None:
    """A network meeting was held: if it is one of a course's two, the course's deadline is met."""
    for course in Course.objects.filter(start_meeting=meeting) | Course.objects.filter(end_meeting=meeting):
        refresh_obligations(_fresh(course))


def followed_by_course(meeting: NetworkMeeting) -> bool:
    """The start meeting of a running course: the course's end meeting follows it, under the course's deadline."""
    return Course.objects.filter(start_meeting=meeting, ended_at__isnull=True).exists()


def _fresh(course: Course) -> Course:
    return Course.objects.select_related(
        "child", "caseworker__team", "start_meeting", "end_meeting", "measure", "worker"
    ).get(pk=course.pk)


def _locked(course: Course) -> Course:
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("child", "caseworker__team", "start_meeting", "end_meeting", "measure", "worker")
        .get(pk=course.pk)
    )


def _event(
    course: Course, kind: str, summary: str | tuple[str, str], args: dict | None, actor: Staff, at=None
) -> None:
    spine.event_record(
        child=course.child,
        kind=kind,
        occurred_at=at or timezone.now(),
        actor=actor,
        summary=summary,
        summary_args=args,
        source=SOURCE,
        source_id=course.pk,
    )


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def _measure_event(course: Course, measure: Measure, kind: str, day: dt.date, actor: Staff, **args) -> None:
    """The measure's own start or end on the child's timeline, as interventions writes it: the key figures'
    kept facts (metrics.signals) refresh the staircase and spending months from that day on."""
    summary = (
        gettext_noop("Indsats startet: %(type)s")
        if kind == "started"
        else gettext_noop("Indsats afsluttet: %(type)s – %(reason)s")
    )
    spine.event_record(
        child=course.child,
        kind=f"interventions.measure.{kind}",
        occurred_at=_noon(day),
        actor=actor,
        summary=summary,
        summary_args={"type": measure.type.title, **args},
        source="measure",
        source_id=measure.pk,
    )


def _check_worker(worker: Staff | None, child: Child, errors: dict) -> None:
    if worker is None:
        errors["worker_id"] = [_("Vælg en konsulent eller familiebehandler.")]
    elif (
        worker.municipality_id != child.municipality_id or worker.role not in WORKERS or not worker.is_active
    ):
        errors["worker_id"] = [_("Vælg en konsulent eller familiebehandler fra kommunen.")]


def _measure_type(municipality_id: int) -> MeasureType:
    """The municipality's own § 30 type (with its provider and price) if it has one, else the shipped one."""
    types = MeasureType.objects.filter(code=MEASURE_TYPE)
    own = types.filter(municipality_id=municipality_id).first()
    return own or types.get(municipality__isnull=True)


# --- start ---------------------------------------------------------------------------------------------------


def course_start(
    *,
    actor: Staff,
    child: Child,
    worker: Staff | None,
    started_on: dt.date,
    purpose: str = "",
    goals: str = "",
    weeks: int | None = None,
    origin: str = Origin.CHILD,
    notification: Notification | None = None,
    crossteam_item: MeetingItem | None = None,
) -> Course:
    """Start a § 30 course: the measure (on the staircase), the course and its deadlines. The length is the
    municipality's (12 weeks by default) unless the caseworker sets another for this family."""
    require_start(actor, child)
    length = course_length(child.municipality_id)
    weeks = length.weeks if weeks is None else weeks
    errors: dict[str, list[str]] = {}
    _check_worker(worker, child, errors)
    today = timezone.localdate()
    if started_on > today + dt.timedelta(days=60):
        errors["started_on"] = [
            _("Startdatoen ligger mere end 60 dage ude i fremtiden. Vælg en tidligere startdato.")
        ]
    elif started_on < today - dt.timedelta(days=365):
        errors["started_on"] = [_("Startdatoen ligger mere end et år tilbage. Vælg en senere startdato.")]
    if not 1 <= weeks <= 52:
        errors["weeks"] = [_("Et forløb varer 1–52 uger. Skriv et antal uger fra 1 til 52.")]
    if origin not in Origin.values:
        errors["origin"] = [_("Vælg hvor forløbet starter fra.")]
    if notification is not None and notification.child_id != child.pk:
        errors["notification_id"] = [_("Findes ikke på barnets sag. Vælg en på barnets sag.")]
    if crossteam_item is not None and crossteam_item.child_id != child.pk:
        errors["crossteam_item_id"] = [_("Findes ikke på barnets sag. Vælg en på barnets sag.")]
    if Course.objects.filter(child=child, ended_at__isnull=True).exists():
        errors["__all__"] = [_("Barnet har allerede et forløb i gang. Afslut det først.")]
    if errors:
        raise ValidationError(errors)
    if origin == Origin.SCREENING and notification is None:
        notification = Notification.objects.filter(child=child).order_by("-received_at").first()
    with transaction.atomic():
        measure = Measure.objects.create(
            municipality_id=child.municipality_id,
            child=child,
            type=_measure_type(child.municipality_id),
            decided_on=min(started_on, today),
            started_on=started_on,
            decided_by=actor,
        )
        course = Course.objects.create(
            municipality_id=child.municipality_id,
            child=child,
            measure=measure,
            caseworker=actor,
            worker=worker,
            origin=origin,
            notification=notification,
            crossteam_item=crossteam_item,
            started_on=started_on,
            weeks=weeks,
            start_meeting_weeks=min(length.start_meeting_weeks, weeks),
            purpose=purpose.strip(),
            goals=goals.strip(),
            created_by=actor,
        )
        _measure_event(course, measure, "started", started_on, actor)
        _event(
            course,
            "course.started",
            counted("§ 30-forløb startet (%(n)s uge)", "§ 30-forløb startet (%(n)s uger)"),
            {"n": weeks},
            actor,
        )
        refresh_obligations(_fresh(course))
        audit.record(actor=actor, action="course.started", obj=course, child_id=child.pk)
    return course


# --- meetings, goals, worker ---------------------------------------------------------------------------------


def course_meeting_plan(
    *,
    actor: Staff,
    course: Course,
    which: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    send: bool = True,
) -> NetworkMeeting:
    """Plan the start or end meeting as a network meeting (to follow the course's measure), linked here. A
    cancelled meeting may be replaced; a planned or held one may not."""
    if which not in (START, END):
        raise ValidationError({"which": [_("Vælg startmødet eller slutmødet.")]})
    with transaction.atomic():
        c = _locked(course)
        require_act(actor, c)
        if c.ended_at:
            raise ValidationError(_("Forløbet er afsluttet. Start et nyt forløb, hvis der er brug for det."))
        current = c.start_meeting if which == START else c.end_meeting
        if current is not None and current.status != NetworkMeeting.Status.CANCELLED:
            raise ValidationError(
                {"which": [_("Mødet er allerede planlagt. Flyt det, hvis tiden skal ændres.")]}
            )
        purpose = (
            _("Startmøde i § 30-forløb: mål og aftaler med familien")
            if which == START
            else _("Slutmøde i § 30-forløb: er målene nået?")
        )
        meeting = network.meeting_plan(
            actor=actor,
            child=c.child,
            context=Context.MEASURE,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            online_link=online_link,
            purpose="\n".join(p for p in (purpose, c.purpose) if p),
            measure=c.measure,
            send=send,
        )
        if which == START:
            c.start_meeting = meeting
        else:
            c.end_meeting = meeting
        c.save(update_fields=["start_meeting" if which == START else "end_meeting"])
        refresh_obligations(c)
        audit.record(
            actor=actor, action="course.meeting_planned", obj=c, child_id=c.child_id, data={"which": which}
        )
    return meeting


def course_update(*, actor: Staff, course: Course, goals: str, purpose: str, worker: Staff | None) -> Course:
    """The goals agreed with the family, the purpose, the consultant or family worker."""
    with transaction.atomic():
        c = _locked(course)
        require_act(actor, c)
        if c.ended_at:
            raise ValidationError(_("Forløbet er afsluttet. Start et nyt forløb, hvis der er brug for det."))
        errors: dict[str, list[str]] = {}
        _check_worker(worker, c.child, errors)
        if errors:
            raise ValidationError(errors)
        changed_worker = worker.pk != c.worker_id
        c.goals, c.purpose, c.worker = goals.strip(), purpose.strip(), worker
        c.save(update_fields=["goals", "purpose", "worker"])
        if changed_worker:
            _event(
                c,
                "course.worker_assigned",
                gettext_noop("Ny konsulent/familiebehandler i § 30-forløb: %(name)s"),
                {"name": worker.get_full_name() or worker.username},
                actor,
            )
        audit.record(actor=actor, action="course.updated", obj=c, child_id=c.child_id)
    return c


# --- end ------------------------------------------------------------------------------------------------------


def course_end(
    *, actor: Staff, course: Course, result: str, reason: str, ended_on: dt.date | None = None
) -> Course:
    """End the course with a result and its reason; the § 30 measure ends the same day. A meeting not yet held
    is owed no more."""
    today = timezone.localdate()
    ended_on = ended_on or today
    with transaction.atomic():
        c = _locked(course)
        require_act(actor, c)
        errors: dict[str, list[str]] = {}
        if c.ended_at:
            raise ValidationError(
                _("Forløbet er allerede afsluttet. Start et nyt forløb, hvis der er brug for det.")
            )
        if result not in Result.values:
            errors["result"] = [_("Vælg forløbets resultat.")]
        if not reason.strip():
            errors["reason"] = [_("Skriv begrundelsen for resultatet.")]
        if ended_on > today:
            errors["ended_on"] = [_("Slutdatoen ligger i fremtiden; afslut forløbet, når det er slut.")]
        elif ended_on < c.started_on:
            errors["ended_on"] = [_("Slutdatoen ligger før startdatoen. Ret slutdatoen.")]
        if errors:
            raise ValidationError(errors)
        ended_at = (
            timezone.now()
            if ended_on == today
            else timezone.make_aware(dt.datetime.combine(ended_on, dt.time(12)))
        )
        c.result, c.result_reason, c.ended_at = result, reason.strip(), ended_at
        c.save(update_fields=["result", "result_reason", "ended_at"])
        label = _msgid(Result(result).label)
        Measure.objects.filter(pk=c.measure_id).update(ended_on=ended_on, end_reason=label[:200])
        _measure_event(c, c.measure, "ended", ended_on, actor, reason=label[:120])
        _event(c, "course.ended", gettext_noop("§ 30-forløb afsluttet: %(result)s"), {"result": label}, actor)
        refresh_obligations(c)
        audit.record(actor=actor, action="course.ended", obj=c, child_id=c.child_id, data={"result": result})
    return c


def week_of(course: Course, on: dt.date | None = None) -> int:
    return rules.course_week(course.started_on, on or local_date(timezone.now()))
