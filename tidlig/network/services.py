"""The only writers of network meetings and their agreements (keyword-only arguments, one transaction, the
audit row in it; e-mail after commit). Slots, bookings and the calendar feed are in `booking.py`."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.cases.access import is_case_owner
from tidlig.cases.models import Case
from tidlig.intake.models import Notification
from tidlig.interventions.models import Measure
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.people.selectors import children_visible_to
from tidlig.rules import network as rules
from tidlig.rules.calendar import local_date
from tidlig.timeline import services as spine

from . import ics
from .access import require_act_on_meeting, require_holder
from .models import (
    Agreement,
    Context,
    NetworkMeeting,
    NetworkSettings,
    Outcome,
    PrivateParticipant,
    Slot,
)

log = logging.getLogger(__name__)

SOURCE = "network_meeting"
MAX_MINUTES = 8 * 60  # a meeting or slot is at most a working day
MAX_PRIVATE_NETWORK = 30


def gettext_noop(message: str) -> str:
    return message


def _msgid(label) -> str:
    """A choice's label as written in the code (Danish), so each reader of the event sees it in their language."""
    with translation.override("da"):
        return str(label)


def followup_window(municipality_id: int) -> rules.FollowupWindow:
    """The municipality's window (NetworkSettings in the admin), else Herning's 6–8 weeks."""
    s = NetworkSettings.objects.filter(municipality_id=municipality_id).first()
    return s.window() if s else rules.FollowupWindow()


# --- the spine ----------------------------------------------------------------------------------------------


# (meeting) -> bool: another app owes this meeting's next meeting under its own deadline (the § 30 course's start
# meeting is followed by the course's end meeting, `course_end_meeting`), so no `network_followup` is stored.
_followup_elsewhere: list = []


def register_followup_elsewhere(hook) -> None:
    if hook not in _followup_elsewhere:  # idempotent: ready() may run twice
        _followup_elsewhere.append(hook)


def refresh_followup(meeting: NetworkMeeting) -> None:
    """Store the follow-up a held meeting owes (met by the next meeting held after it)."""
    derived = []
    if (
        meeting.status == NetworkMeeting.Status.HELD
        and meeting.held_at
        and not any(hook(meeting) for hook in _followup_elsewhere)
    ):
        nxt = (
            NetworkMeeting.objects.filter(previous=meeting, status=NetworkMeeting.Status.HELD)
            .order_by("held_at")
            .first()
        )
        derived = rules.network_followup(
            held_on=local_date(meeting.held_at),
            outcome=meeting.outcome,
            next_held_at=nxt.held_at if nxt else None,
            window=followup_window(meeting.municipality_id),
        )
    cw = meeting.caseworker
    spine.obligations_store(
        child=meeting.child,
        source=SOURCE,
        source_id=meeting.pk,
        derived=derived,
        owners={rules.NETWORK_FOLLOWUP.code: (cw.team, cw)},
    )


def _event(
    meeting: NetworkMeeting, kind: str, summary: str, args: dict | None, actor: Staff, at=None
) -> None:
    spine.event_record(
        child=meeting.child,
        kind=kind,
        occurred_at=at or timezone.now(),
        actor=actor,
        summary=summary,
        summary_args=args,
        source=SOURCE,
        source_id=meeting.pk,
    )


# --- e-mail with iCalendar ----------------------------------------------------------------------------------


def _recipients(meeting: NetworkMeeting) -> list[tuple[str, str]]:
    people = [meeting.caseworker]
    slot = Slot.objects.filter(meeting=meeting).select_related("booked_by").first()
    if slot and slot.booked_by:
        people.append(slot.booked_by)
    seen, out = set(), []
    for p in people:
        if p.email and p.email not in seen:
            seen.add(p.email)
            out.append((p.email, str(p)))
    return out


def _send(meeting: NetworkMeeting, method: str, recipients: list[tuple[str, str]] | None = None) -> None:
    """After commit: the invitation, change or cancellation to the caseworker (and the booking leader)."""
    recipients = recipients if recipients is not None else _recipients(meeting)
    if not recipients:
        return
    url = settings.PUBLIC_URL + reverse("network:meeting", args=[meeting.pk])
    body = ics.invitation(meeting, method=method, attendees=recipients, url=url)
    when = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M")
    if method == ics.CANCEL:
        subject = _("Aflyst: netværksmøde %(when)s") % {"when": when}
        text = _("Netværksmødet %(when)s er aflyst.") % {"when": when}
    elif meeting.sequence:
        subject = _("Ændret: netværksmøde %(when)s") % {"when": when}
        text = _("Netværksmødet er flyttet eller ændret. Det nye tidspunkt er %(when)s.") % {"when": when}
    else:
        subject = _("Invitation: netværksmøde %(when)s") % {"when": when}
        text = _("Du er inviteret til et inddragende netværksmøde %(when)s.") % {"when": when}

    def send():
        msg = EmailMessage(subject=subject, body=text, to=[e for e, _n in recipients])
        msg.attach("netvaerksmoede.ics", body, f"text/calendar; method={method}; charset=utf-8")
        try:
            msg.send()
        except (smtplib.SMTPException, OSError):  # the meeting stands; the mail server's refusal is logged
            log.exception("network meeting %s: the invitation was not sent", meeting.pk)

    transaction.on_commit(send)


# --- meetings -----------------------------------------------------------------------------------------------


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("Mødet skal slutte, efter det starter. Ret sluttidspunktet.")]})
    if (ends_at - starts_at) > dt.timedelta(minutes=MAX_MINUTES):
        raise ValidationError(
            {"ends_at": [_("Et møde varer højst 8 timer. Vælg et tidligere sluttidspunkt.")]}
        )


def _check_online_link(link: str) -> str:
    """An online meeting is a link people click: http(s) only (never javascript: or data:)."""
    link = link.strip()
    if link and (not link.lower().startswith(("https://", "http://")) or any(c.isspace() for c in link)):
        raise ValidationError({"online_link": [_("Skriv et helt link, fx https://…")]})
    return link


def _link(child: Child, context: str, notification, case, measure) -> dict:
    """The notification, case or measure the meeting belongs to: the one given (it must be the child's), or
    the child's latest of the kind the context names."""
    if context not in Context.values:
        raise ValidationError({"context": [_("Vælg anledningen til mødet.")]})
    for obj, field in ((notification, "notification_id"), (case, "case_id"), (measure, "measure_id")):
        if obj is not None and obj.child_id != child.pk:
            raise ValidationError({field: [_("Findes ikke på barnets sag. Vælg en på barnets sag.")]})
    if context == Context.NOTIFICATION and notification is None:
        notification = Notification.objects.filter(child=child).order_by("-received_at").first()
    if context == Context.INVESTIGATION and case is None:
        case = Case.objects.filter(child=child, closed_at__isnull=True).first()
    if context == Context.MEASURE and measure is None:
        measure = Measure.objects.filter(child=child, ended_on__isnull=True).order_by("-decided_on").first()
    return {"notification": notification, "case": case, "measure": measure}


def _private(meeting: NetworkMeeting, people: Sequence[tuple[str, str]] | None) -> None:
    if people is None:
        return
    people = [(n.strip(), r.strip()) for n, r in people if n.strip() or r.strip()]
    if len(people) > MAX_PRIVATE_NETWORK:
        raise ValidationError(
            {"private_network": [_("Højst 30 personer fra det private netværk. Fjern nogle personer.")]}
        )
    if any(not n or not r for n, r in people):
        raise ValidationError({"private_network": [_("Skriv både navn og relation for hver person.")]})
    meeting.private_network.all().delete()
    PrivateParticipant.objects.bulk_create(
        [PrivateParticipant(meeting=meeting, name=n[:150], relation=r[:100]) for n, r in people]
    )


def _last_held(child: Child) -> NetworkMeeting | None:
    return (
        NetworkMeeting.objects.filter(child=child, status=NetworkMeeting.Status.HELD)
        .order_by("-held_at")
        .first()
    )


MINUTES_FIELDS = (
    "purpose",
    "hard",
    "works",
    "goals",
    "network_will",
    "chair",
    "institution_participants",
    "child_takes_part",
    "parents_take_part",
)


def meeting_plan(
    *,
    actor: Staff,
    child: Child,
    context: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    purpose: str = "",
    notification: Notification | None = None,
    case: Case | None = None,
    measure: Measure | None = None,
    private_network: Sequence[tuple[str, str]] | None = None,
    send: bool = True,
) -> NetworkMeeting:
    """Plan a meeting about a child; it opens with the agreements of the child's last held meeting.

    Who: the child's caseworker or their team leader; for a child without a caseworker yet (an advice course,
    a fresh notification), a caseworker or team leader who may see the child (`_may_plan`). The follow-up of
    a held meeting is planned by `meeting_next`, which the meeting's own caseworker may do."""
    _may_plan(actor, child)
    return _plan(
        actor=actor,
        child=child,
        context=context,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_link=online_link,
        purpose=purpose,
        notification=notification,
        case=case,
        measure=measure,
        private_network=private_network,
        send=send,
    )


def _may_plan(actor: Staff, child: Child) -> None:
    require_holder(actor)
    if actor.municipality_id != child.municipality_id:
        raise PermissionDenied
    if child.caseworker_id is not None and not is_case_owner(actor, child):
        raise PermissionDenied(
            _("Kun barnets rådgiver og teamlederen kan gøre dette. Bed en af dem om at gøre det.")
        )
    if child.caseworker_id is None and not children_visible_to(actor).filter(pk=child.pk).exists():
        raise PermissionDenied(
            _("Kun barnets rådgiver og teamlederen kan gøre dette. Bed en af dem om at gøre det.")
        )


def _plan(
    *,
    actor: Staff,
    child: Child,
    context: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    online_link: str,
    purpose: str,
    notification: Notification | None,
    case: Case | None,
    measure: Measure | None,
    private_network: Sequence[tuple[str, str]] | None,
    send: bool,
) -> NetworkMeeting:
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        links = _link(child, context, notification, case, measure)
        m = NetworkMeeting.objects.create(
            municipality_id=child.municipality_id,
            child=child,
            caseworker=actor,
            context=context,
            previous=_last_held(child),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            online_link=_check_online_link(online_link),
            purpose=purpose.strip(),
            created_by=actor,
            **links,
        )
        _private(m, private_network)
        _event(m, "network.meeting.planned", gettext_noop("Netværksmøde planlagt"), None, actor)
        audit.record(actor=actor, action="network.meeting.planned", obj=m, child_id=child.pk)
        if send:
            _send(m, ics.REQUEST)
    return m


def _locked(meeting: NetworkMeeting) -> NetworkMeeting:
    return (
        NetworkMeeting.objects.select_for_update(of=("self",))
        .select_related("child", "caseworker__team")
        .get(pk=meeting.pk)
    )


def meeting_minutes_save(
    *,
    actor: Staff,
    meeting: NetworkMeeting,
    private_network: Sequence[tuple[str, str]] | None = None,
    **fields,
) -> NetworkMeeting:
    """Save the agenda/minutes: purpose, the family's own words, goals, what the network will do, who takes part."""
    unknown = set(fields) - set(MINUTES_FIELDS) - {"context"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        m = _locked(meeting)
        require_act_on_meeting(actor, m)
        if m.status == NetworkMeeting.Status.CANCELLED:
            raise ValidationError(_("Mødet er aflyst. Planlæg et nyt møde."))
        if "context" in fields and fields["context"] not in Context.values:
            raise ValidationError({"context": [_("Vælg anledningen til mødet.")]})
        for k, v in fields.items():
            setattr(m, k, v.strip() if isinstance(v, str) else v)
        m.save()
        _private(m, private_network)
        audit.record(actor=actor, action="network.meeting.minutes_saved", obj=m, child_id=m.child_id)
    return m


def agreement_add(
    *, actor: Staff, meeting: NetworkMeeting, text: str, owner: str, due_on: dt.date
) -> Agreement:
    with transaction.atomic():
        m = _locked(meeting)
        require_act_on_meeting(actor, m)
        errors = {}
        if not text.strip():
            errors["text"] = [_("Skriv aftalen.")]
        if not owner.strip():
            errors["owner"] = [_("Skriv hvem der er ansvarlig.")]
        if due_on is None:
            errors["due_on"] = [_("Skriv datoen.")]
        if m.status == NetworkMeeting.Status.CANCELLED:
            errors["text"] = [_("Mødet er aflyst. Planlæg et nyt møde.")]
        if errors:
            raise ValidationError(errors)
        a = Agreement.objects.create(meeting=m, text=text.strip(), owner=owner.strip(), due_on=due_on)
        audit.record(actor=actor, action="network.agreement.added", obj=a, child_id=m.child_id)
    return a


def agreement_status_set(*, actor: Staff, agreement: Agreement, status: str, note: str = "") -> Agreement:
    """Set how an agreement went: on its own meeting, or when the next meeting opens with it."""
    with transaction.atomic():
        a = Agreement.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=agreement.pk)
        m = NetworkMeeting.objects.select_related("child", "caseworker__team").get(pk=a.meeting_id)
        allowed = False
        for candidate in [m, *m.followers.select_related("child", "caseworker__team")]:
            try:
                require_act_on_meeting(actor, candidate)
                allowed = True
                break
            except PermissionDenied:
                continue
        if not allowed:
            require_act_on_meeting(actor, m)
        if status not in Agreement.Status.values:
            raise ValidationError({"status": [_("Vælg en status.")]})
        before = a.status
        a.status, a.status_note = status, note.strip()
        a.save(update_fields=["status", "status_note", "updated_at"])
        audit.record(
            actor=actor,
            action="network.agreement.status_set",
            obj=a,
            child_id=m.child_id,
            data={"from": before, "to": status},
        )
    return a


# (meeting) -> None, called inside `meeting_hold`'s transaction: the apps above network (the § 30 course) learn
# that a meeting of theirs was held without network importing them.
_meeting_held: list = []


def register_meeting_held(hook) -> None:
    if hook not in _meeting_held:  # idempotent: ready() may run twice
        _meeting_held.append(hook)


def meeting_hold(
    *, actor: Staff, meeting: NetworkMeeting, outcome: str, reason: str, held_at: dt.datetime | None = None
) -> NetworkMeeting:
    """The meeting is held and ends with one defined outcome and its reason. "Continue" owes the next meeting
    within the municipality's window (network_followup); holding this one meets what the previous one owed."""
    now = timezone.now()
    held_at = held_at or now
    with transaction.atomic():
        m = _locked(meeting)
        require_act_on_meeting(actor, m)
        errors = {}
        if m.status != NetworkMeeting.Status.PLANNED:
            raise ValidationError(_("Mødet er allerede holdt eller aflyst. Genindlæs siden for at se det."))
        if outcome not in Outcome.values:
            errors["outcome"] = [_("Vælg mødets udfald.")]
        if not reason.strip():
            errors["outcome_reason"] = [_("Skriv begrundelsen for udfaldet.")]
        if held_at > now + dt.timedelta(minutes=5):
            errors["held_at"] = [
                _("Et møde kan ikke være holdt i fremtiden. Registrér mødet, når det er holdt.")
            ]
        if errors:
            raise ValidationError(errors)
        m.status, m.held_at, m.outcome, m.outcome_reason = (
            NetworkMeeting.Status.HELD,
            held_at,
            outcome,
            reason.strip(),
        )
        m.save(update_fields=["status", "held_at", "outcome", "outcome_reason"])
        _event(
            m,
            "network.meeting.held",
            gettext_noop("Netværksmøde holdt: %(outcome)s"),
            {"outcome": _msgid(Outcome(outcome).label)},
            actor,
            at=held_at,
        )
        refresh_followup(m)
        if m.previous_id:
            refresh_followup(
                NetworkMeeting.objects.select_related("child", "caseworker__team").get(pk=m.previous_id)
            )
        for hook in _meeting_held:
            hook(m)
        audit.record(
            actor=actor, action="network.meeting.held", obj=m, child_id=m.child_id, data={"outcome": outcome}
        )
    return m


def meeting_reschedule(
    *,
    actor: Staff,
    meeting: NetworkMeeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str | None = None,
    online_link: str | None = None,
) -> NetworkMeeting:
    """Move or change a planned meeting: the same UID, SEQUENCE + 1, and the change sent to everyone invited."""
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        m = _locked(meeting)
        require_act_on_meeting(actor, m)
        if m.status != NetworkMeeting.Status.PLANNED:
            raise ValidationError(_("Kun et planlagt møde kan flyttes. Planlæg et nyt møde i stedet."))
        m.starts_at, m.ends_at = starts_at, ends_at
        if place is not None:
            m.place = place.strip()
        if online_link is not None:
            m.online_link = _check_online_link(online_link)
        m.sequence += 1
        m.save()
        _event(m, "network.meeting.rescheduled", gettext_noop("Netværksmøde flyttet"), None, actor)
        audit.record(actor=actor, action="network.meeting.rescheduled", obj=m, child_id=m.child_id)
        _send(m, ics.REQUEST)
    return m


def meeting_cancel(*, actor: Staff, meeting: NetworkMeeting, reason: str) -> NetworkMeeting:
    """Cancel a planned meeting: METHOD:CANCEL to everyone invited; a booked slot becomes free again."""
    with transaction.atomic():
        m = _locked(meeting)
        require_act_on_meeting(actor, m)
        if m.status != NetworkMeeting.Status.PLANNED:
            raise ValidationError(_("Kun et planlagt møde kan aflyses. Genindlæs siden for at se mødet."))
        if not reason.strip():
            raise ValidationError({"reason": [_("Skriv hvorfor mødet aflyses.")]})
        recipients = _recipients(m)
        m.status = NetworkMeeting.Status.CANCELLED
        m.sequence += 1
        m.outcome_reason = reason.strip()
        m.save(update_fields=["status", "sequence", "outcome_reason"])
        Slot.objects.filter(meeting=m).update(
            meeting=None, booked_by=None, booked_for=None, booked_at=None, consent_by="", consent_on=None
        )
        _event(m, "network.meeting.cancelled", gettext_noop("Netværksmøde aflyst"), None, actor)
        audit.record(actor=actor, action="network.meeting.cancelled", obj=m, child_id=m.child_id)
        _send(m, ics.CANCEL, recipients)
    return m


def meeting_next(
    *,
    actor: Staff,
    previous: NetworkMeeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_link: str = "",
) -> NetworkMeeting:
    """Plan the follow-up meeting a held meeting owes (the next step of `network_followup`)."""
    previous = NetworkMeeting.objects.select_related("child", "caseworker__team").get(pk=previous.pk)
    require_act_on_meeting(actor, previous)
    if previous.status != NetworkMeeting.Status.HELD:
        raise ValidationError(_("Det forrige møde er ikke holdt endnu. Registrér det forrige møde først."))
    return _plan(
        actor=actor,
        child=previous.child,
        context=previous.context,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_link=online_link,
        purpose=previous.purpose,
        notification=previous.notification,
        case=previous.case,
        measure=previous.measure,
        private_network=list(previous.private_network.values_list("name", "relation")),
        send=True,
    )
