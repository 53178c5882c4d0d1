"""Reception's and the team leader's actions: acute assessment (§ 136), receipt (§ 138, stk. 1), routing, assignment."""

from __future__ import annotations

import datetime as dt
import smtplib

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.organisation.models import Role, Staff, Team
from tidlig.rules import obligations as rules
from tidlig.timeline import registry

from .. import permissions
from ..models import Letter, Notification
from .common import _event, _locked, da, notification_refresh_obligations
from .outbox import digital_address, pending, queue_letter


@transaction.atomic
def notification_assess_acute(
    *, notification: Notification, actor: Staff, danger: bool, note: str, now: dt.datetime | None = None
) -> Notification:
    """BL § 136, stk. 2: is the child's health or development in danger, and is acute help needed?"""
    permissions.require(
        permissions.can_assess_acute(actor, notification), _("Du kan ikke foretage den akutte vurdering.")
    )
    notification = _locked(notification)
    if notification.acute_assessed_at:
        raise ValidationError(_("Den akutte vurdering er allerede foretaget. Genindlæs siden for at se den."))
    if not note.strip():
        raise ValidationError({"note": [_("Begrund vurderingen kort.")]})
    at = now or timezone.now()
    notification.acute_assessed_at, notification.acute_danger, notification.acute_note = (
        at,
        danger,
        note.strip(),
    )
    notification.save(update_fields=["acute_assessed_at", "acute_danger", "acute_note"])
    summary = (
        gettext_noop("Akut vurdering: barnet er i fare, akut indsats")
        if danger
        else gettext_noop("Akut vurdering: ikke akut")
    )
    _event(
        notification, kind=rules.ACUTE_ASSESSED, actor=actor, at=at, summary=summary, data={"danger": danger}
    )
    notification_refresh_obligations(notification)
    audit.record(
        actor=actor,
        action=rules.ACUTE_ASSESSED,
        obj=notification,
        child_id=notification.child_id,
        data={"danger": danger},
    )
    return notification


def _send_letter(
    notification: Notification,
    *,
    kind: str,
    actor: Staff,
    medium: str,
    recipient: str,
    subject: str,
    body: str,
    at,
) -> Letter:
    if not recipient.strip():
        raise ValidationError(
            {"recipient": [_("Skriv modtageren (e-mail, adresse eller CPR-/CVR-nummer til Digital Post).")]}
        )
    if not body.strip():
        raise ValidationError({"body": [_("Brevet er tomt. Skriv brevets tekst.")]})
    if medium not in Letter.Medium.values:
        raise ValidationError({"medium": [_("Vælg hvordan brevet sendes.")]})
    if pending(notification, kind):
        raise ValidationError(_("Brevet ligger allerede i udbakken. Se dets status under Breve."))
    digital = medium == Letter.Medium.DIGITAL_POST
    if digital:
        digital_address(recipient)  # a wrong number is told before anything is written
    letter = Letter.objects.create(
        notification=notification,
        kind=kind,
        medium=medium,
        recipient=recipient.strip(),
        subject=subject.strip(),
        body=body.strip(),
        sent_at=None if digital else at,  # by Digital Post: sent when the outbox has sent it
        sent_by=actor,
    )
    if digital:
        queue_letter(notification, letter=letter, actor=actor)
    elif medium == Letter.Medium.EMAIL:
        # Sent inside the transaction: if the mail server refuses, nothing is recorded as sent.
        try:
            EmailMessage(subject=subject, body=body, to=[recipient.strip()]).send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as exc:  # SMTP, DNS, connection (OSError) mean "not sent";
            # a programming error is not a mail error and raises (it must not be reported as "not sent")
            raise ValidationError(
                {
                    "recipient": [
                        _(
                            "E-mailen kunne ikke sendes (%(error)s). Intet er registreret som sendt; prøv igen eller vælg en "
                            "anden måde."
                        )
                        % {"error": exc.__class__.__name__}
                    ]
                }
            ) from exc
    return letter


def _letter_sent(
    notification: Notification,
    *,
    actor: Staff,
    kind: str,
    letter: dict,
    stamp: str,
    event: str,
    summary: str,
    at,
) -> Letter:
    """Send a letter, stamp when on the notification, and record it on the timeline and in the audit log.

    `summary` may name %(medium)s, the way it was sent.
    """
    sent = _send_letter(notification, kind=kind, actor=actor, at=at, **letter)
    if (
        sent.sent_at is None
    ):  # in the outbox: the stamp and the event follow when it is sent (outbox.on_letter_sent)
        audit.record(
            actor=actor,
            action=f"{event}.queued",
            obj=notification,
            child_id=notification.child_id,
            data={"medium": letter["medium"]},
        )
        return sent
    setattr(notification, stamp, at)
    notification.save(update_fields=[stamp])
    medium = da(sent.get_medium_display())
    _event(
        notification,
        kind=event,
        actor=actor,
        at=at,
        summary=summary,
        args={"medium": medium} if "%(medium)s" in summary else None,
    )
    notification_refresh_obligations(notification)
    audit.record(
        actor=actor,
        action=event,
        obj=notification,
        child_id=notification.child_id,
        data={"medium": letter["medium"]},
    )
    return sent


@transaction.atomic
def notification_send_receipt(
    *,
    notification: Notification,
    actor: Staff,
    medium: str,
    recipient: str,
    subject: str,
    body: str,
    now: dt.datetime | None = None,
) -> Letter:
    """BL § 138, stk. 1: confirm receipt to the notifier within 6 working days."""
    permissions.require(
        permissions.can_handle_intake(actor, notification), _("Du kan ikke sende kvitteringen.")
    )
    notification = _locked(notification)
    if not rules.receipt_required(rules.NotifierKind(notification.notifier_kind)):
        raise ValidationError(
            _("En anonym underretter kan ikke få kvittering. Registrér, at der ikke sendes kvittering.")
        )
    if notification.receipt_sent_at:
        raise ValidationError(_("Kvitteringen er allerede sendt. Genindlæs siden for at se den."))
    return _letter_sent(
        notification,
        actor=actor,
        kind=Letter.Kind.RECEIPT,
        letter={"medium": medium, "recipient": recipient, "subject": subject, "body": body},
        stamp="receipt_sent_at",
        event=rules.RECEIPT_SENT,
        summary=gettext_noop("Kvittering sendt til underretter (%(medium)s)"),
        at=now or timezone.now(),
    )


@transaction.atomic
def notification_route(*, notification: Notification, actor: Staff, team: Team, now=None) -> Notification:
    """Reception or a team leader sends a notification to a district team: to the child's own caseworker when
    they are in it (continuity), otherwise to the team leader's pile there."""
    permissions.require(permissions.can_route(actor, notification), _("Du kan ikke fordele underretningen."))
    if team.municipality_id != notification.municipality_id or team.kind != Team.Kind.DISTRICT:
        raise ValidationError({"team": [_("Vælg et distriktsteam i kommunen.")]})
    notification = _locked(notification)
    # Continuity, as at registration (route_for): a child whose own caseworker is in that team goes to them.
    own = notification.child.caseworker
    keep = own if own is not None and own.is_active and own.team_id == team.pk else None
    notification.team, notification.assignee = team, keep
    notification.save(update_fields=["team", "assignee"])
    _event(
        notification,
        kind="intake.notification.routed",
        actor=actor,
        at=now or timezone.now(),
        summary=gettext_noop("Sendt til %(team)s"),
        args={"team": team.name},
        data={"team": team.pk},
    )
    notification_refresh_obligations(notification)
    audit.record(
        actor=actor,
        action="intake.notification.routed",
        obj=notification,
        child_id=notification.child_id,
        data={"team": team.pk},
    )
    return notification


@transaction.atomic
def notification_assign(
    *, notification: Notification, actor: Staff, caseworker: Staff, now=None
) -> Notification:
    """The team leader assigns a caseworker, who becomes the child's own caseworker (continuity)."""
    permissions.require(permissions.can_assign(actor, notification), _("Du kan ikke fordele underretningen."))
    if (
        caseworker.role != Role.CASEWORKER
        or caseworker.municipality_id != notification.municipality_id
        or not caseworker.is_active
    ):
        raise ValidationError({"caseworker": [_("Vælg en aktiv rådgiver i kommunen.")]})
    if caseworker.team_id != actor.team_id:
        raise ValidationError(
            {
                "caseworker": [
                    _(
                        "Du fordeler til rådgivere i dit eget team. Hører sagen til et andet team, så send den dertil."
                    )
                ]
            }
        )
    notification = _locked(notification)
    notification.assignee = caseworker
    notification.team = caseworker.team
    notification.save(update_fields=["assignee", "team"])
    child = notification.child
    if child.caseworker_id != caseworker.pk:
        child.caseworker = caseworker
        child.save(update_fields=["caseworker"])
        registry.caseworker_assigned(child)  # the case's deadlines follow (CasesConfig.ready)
    _event(
        notification,
        kind="intake.notification.assigned",
        actor=actor,
        at=now or timezone.now(),
        summary=gettext_noop("Fordelt til %(name)s"),
        args={"name": str(caseworker)},
        data={"caseworker": caseworker.pk},
    )
    notification_refresh_obligations(notification)
    audit.record(
        actor=actor,
        action="intake.notification.assigned",
        obj=notification,
        child_id=notification.child_id,
        data={"caseworker": caseworker.pk},
    )
    return notification
