"""Registering a notification of concern (BL §§ 132, 133, 135): validation at the edge, idempotency, attachments."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.core.limits import moment_problem
from tidlig.interventions.selectors import has_ongoing_measure_or_placement
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.rules import obligations as rules

from .. import permissions
from ..models import Attachment, Notification, NotifierKindChoices
from .attachments import attachment_kind, validate_attachments
from .common import _event, da, notification_refresh_obligations, route_for

# A received time up to this far ahead of the server clock is a clock difference, not the future.
CLOCK_SKEW = dt.timedelta(minutes=5)


class IdempotencyConflict(Exception):
    """The same Idempotency-Key was used before for a different notification."""


@dataclass
class NotifierData:
    kind: str
    name: str = ""
    role: str = ""
    workplace: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    category: str = ""
    staff: Staff | None = None


@dataclass
class NotificationData:
    child: Child
    # None: not given. Reception must give both; anyone else notifies as themselves, now
    # (`as_the_actor_may`), so whatever a door sends for them is not taken.
    received_at: dt.datetime | None
    notifier: NotifierData | None
    text: str
    reasons: list[str] = field(default_factory=list)
    # Dialog-based notification: written at a meeting with the parents present.
    dialog_based: bool = False
    dialog_participants: str = ""
    dialog_parents_view: str = ""


def validate_notification(data: NotificationData, *, now: dt.datetime) -> None:
    """Raise a ValidationError naming, in Danish, every field to fix."""
    errors: dict[str, list[str]] = {}
    n = data.notifier or NotifierData(kind="")
    if data.received_at is None:
        errors.setdefault("received_at", []).append(
            _("Skriv hvornår underretningen blev modtaget, fx 2025-04-14T09:30:00+02:00 (ISO 8601).")
        )
    elif data.received_at.tzinfo is None:
        errors.setdefault("received_at", []).append(_("Angiv tidspunktet med tidszone."))
    elif problem := moment_problem(data.received_at):
        # year 1 at +14:00 overflows on the way to UTC; a notification from before 2000 is a typing error
        errors.setdefault("received_at", []).append(problem)
    elif data.received_at > now + CLOCK_SKEW:
        errors.setdefault("received_at", []).append(
            _(
                "Modtagelsestidspunktet ligger i fremtiden. Angiv hvornår underretningen faktisk blev modtaget."
            )
        )
    if data.notifier is None:
        errors.setdefault("notifier", []).append(_("Angiv hvem der underretter (notifier.kind m.m.)."))
    elif n.kind not in NotifierKindChoices.values:
        errors.setdefault("notifier_kind", []).append(_("Vælg hvem der underretter."))
    if n.kind == rules.NotifierKind.PROFESSIONAL:
        if not n.name.strip():
            errors.setdefault("notifier_name", []).append(
                _(
                    "En fagperson underretter med navn (§ 133). Skriv underretterens navn, eller vælg 'Anonym'."
                )
            )
        if not n.workplace.strip():
            errors.setdefault("notifier_workplace", []).append(_("Skriv fagpersonens arbejdssted."))
        if not (n.email.strip() or n.phone.strip() or n.address.strip()):
            errors.setdefault("notifier_email", []).append(
                _("Skriv e-mail, telefon eller adresse, så kvittering og tilbagemelding kan sendes (§ 138).")
            )
    elif n.kind == rules.NotifierKind.CITIZEN and not n.name.strip():
        errors.setdefault("notifier_name", []).append(
            _("Skriv borgerens navn. Vil borgeren ikke oplyse navn, så vælg 'Anonym'.")
        )
    elif n.kind == rules.NotifierKind.MUNICIPALITY and not n.workplace.strip():
        errors.setdefault("notifier_workplace", []).append(
            _("Skriv hvilken kommune der underretter (§ 132).")
        )
    if not data.text.strip():
        errors.setdefault("text", []).append(_("Beskriv bekymringen."))
    if data.dialog_based:
        if not data.dialog_participants.strip():
            errors.setdefault("dialog_participants", []).append(
                _("Skriv hvem der deltog i dialogen, fx mor, far og pædagogen.")
            )
        if not data.dialog_parents_view.strip():
            errors.setdefault("dialog_parents_view", []).append(
                _("Skriv hvad forældrene sagde til bekymringen.")
            )
    if data.child.is_unborn and data.child.expecting_mother_id is None:
        errors.setdefault("child", []).append(_("Et ufødt barn registreres via den vordende mor."))
    if errors:
        raise ValidationError(errors)


def as_the_actor_may(actor: Staff, data: NotificationData, *, now: dt.datetime) -> NotificationData:
    """Only reception registers a notification from someone else (BL § 133). Anyone else notifies as
    themselves and at the moment they submit: they cannot name another notifier or backdate what the
    municipality received, whichever door (page, JSON, multipart, an escalated concern) they came through.
    """
    if permissions.can_register_for_anyone(actor):
        return data
    return replace(data, notifier=self_as_notifier(actor), received_at=now)


def fingerprint(data: NotificationData) -> str:
    """What the sender sent. A professional submitting as themselves does not send the time of receipt
    (the server's clock is), so a double submit a second later is the same notification."""
    n = data.notifier
    received = "" if n.staff is not None else data.received_at.astimezone(dt.UTC).isoformat()
    parts = [str(data.child.pk), received, n.kind, n.name, data.text]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def notification_register(
    *,
    actor: Staff,
    data: NotificationData,
    channel: str,
    attachments: list[UploadedFile] = (),
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
    max_attachment_bytes: int | None = None,
    max_attachment_files: int | None = None,
    max_attachment_total_bytes: int | None = None,
) -> tuple[Notification, bool]:
    """Register a notification of concern; returns it and whether it was created now.

    Retrying with the same idempotency key returns the first notification, never a second one.
    """
    permissions.require(
        permissions.can_submit_notification(actor), _("Du kan ikke registrere underretninger.")
    )
    if data.child.municipality_id != actor.municipality_id:
        raise PermissionDenied(_("Barnet findes ikke i din kommune."))
    now = now or timezone.now()
    data = as_the_actor_may(actor, data, now=now)
    validate_notification(data, now=now)
    validate_attachments(
        list(attachments),
        max_bytes=max_attachment_bytes or settings.ATTACHMENT_MAX_BYTES,
        max_files=max_attachment_files or settings.ATTACHMENT_MAX_FILES,
        max_total_bytes=max_attachment_total_bytes or settings.ATTACHMENT_MAX_TOTAL_BYTES,
    )
    key = (idempotency_key or "").strip()[:200] or None
    fp = fingerprint(data)
    if key:
        existing = Notification.objects.filter(
            municipality_id=actor.municipality_id, idempotency_key=key
        ).first()
        if existing is not None:
            if existing.request_fingerprint != fp:
                raise IdempotencyConflict(key)
            return existing, False
    try:
        with transaction.atomic():
            notification = _create(
                actor=actor, data=data, channel=channel, key=key, fp=fp, attachments=attachments
            )
    except IntegrityError:
        # Two requests with one key raced; the other one won, and its notification is the answer.
        existing = Notification.objects.filter(
            municipality_id=actor.municipality_id, idempotency_key=key
        ).first()
        if key and existing is not None:
            return existing, False
        raise
    return notification, True


def _create(*, actor, data: NotificationData, channel, key, fp, attachments) -> Notification:
    child = data.child
    team, assignee = route_for(child)
    if assignee is not None and child.caseworker_id != assignee.pk:
        # A sibling's caseworker takes the child too: one caseworker per family.
        child.caseworker = assignee
        child.save(update_fields=["caseworker"])
    n = data.notifier
    notification = Notification.objects.create(
        municipality_id=actor.municipality_id,
        child=child,
        received_at=data.received_at,
        registered_by=actor,
        channel=channel,
        idempotency_key=key,
        request_fingerprint=fp,
        notifier_kind=n.kind,
        notifier_category=n.category,
        notifier_name=n.name.strip(),
        notifier_role=n.role.strip(),
        notifier_workplace=n.workplace.strip(),
        notifier_email=n.email.strip(),
        notifier_phone=n.phone.strip(),
        notifier_address=n.address.strip(),
        notifier_staff=n.staff,
        text=data.text.strip(),
        reasons=list(dict.fromkeys(data.reasons)),
        dialog_based=data.dialog_based,
        dialog_participants=data.dialog_participants.strip() if data.dialog_based else "",
        dialog_parents_view=data.dialog_parents_view.strip() if data.dialog_based else "",
        child_had_ongoing_measure=has_ongoing_measure_or_placement(child, on=data.received_at),
        team=team,
        assignee=assignee,
    )
    for f in attachments:
        digest = hashlib.sha256()
        for chunk in f.chunks():
            digest.update(chunk)
        f.seek(0)
        Attachment.objects.create(
            notification=notification,
            file=f,
            original_name=f.name[:255],
            content_type=attachment_kind(f),
            size=f.size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
    _event(
        notification,
        kind=rules.RECEIVED,
        actor=actor,
        at=data.received_at,
        summary=gettext_noop("Underretning modtaget fra %(kind)s"),
        args={"kind": da(notification.get_notifier_kind_display())},
        data={
            "channel": channel,
            "routed_to_team": team.pk if team else None,
            "routed_to": assignee.pk if assignee else None,
        },
    )
    notification_refresh_obligations(notification)
    audit.record(
        actor=actor,
        action=rules.RECEIVED,
        obj=notification,
        child_id=child.pk,
        data={"channel": channel, "attachments": len(attachments), "dialog_based": data.dialog_based},
    )
    return notification


def self_as_notifier(actor: Staff) -> NotifierData:
    """A professional in Tidlig notifies as themselves (§ 133), with their role and workplace."""
    institution = actor.institution
    category = ""
    if institution is not None:
        category = "2" if institution.kind == "school" else "3"
    return NotifierData(
        kind=rules.NotifierKind.PROFESSIONAL,
        name=str(actor),
        role=actor.job_title or actor.get_role_display(),
        workplace=institution.name if institution else (actor.team.name if actor.team else ""),
        email=actor.email,
        phone=actor.phone,
        category=category,
        staff=actor,
    )
