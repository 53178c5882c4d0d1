"""Registering a notification of concern (BL §§ 132, 133, 135): validation at the edge, idempotency, attachments."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.core.limits import moment_problem
from tidlig.organisation.models import Role, Staff
from tidlig.people import cpr as cprmod
from tidlig.people import services as people_services
from tidlig.people.models import Child
from tidlig.rules import obligations as rules
from tidlig.timeline import registry

from .. import permissions
from ..models import Attachment, Notification, NotifierKindChoices
from ..selectors import children_to_notify_about
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
class NewChild:
    """A child the municipality does not know yet, registered with the notification (reception only)."""

    cpr: str
    first_name: str = ""
    last_name: str = ""


@dataclass
class NotificationData:
    # The child, or (reception) a child to register in the same transaction; None while the edge is
    # still collecting the other fields' errors (then validation names the child's problem instead).
    child: Child | None
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
    new_child: NewChild | None = None


@dataclass
class ChildLookup:
    """Which child a notification is about, or why none: errors by field, and for reception an unknown
    but plausible child's CPR number (`unknown_cpr`) that can be registered with the notification."""

    child: Child | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    unknown_cpr: str = ""


def notification_child(
    *,
    actor: Staff,
    child_id: int | None = None,
    child_cpr: str = "",
    unborn_mother_cpr: str = "",
    child_field: str = "child_id",
) -> ChildLookup:
    """Find the child a notification is about within what the actor may notify about (the form and the
    API call this, so both say the same). A CPR that cannot be a child's says why (born in 1903 is not
    a child: the age rule child registration uses); an unknown child's CPR is offered for registration
    to reception, who may see every child, and to nobody else: for others an unknown and a refused CPR
    get the same answer (need to know)."""
    scope = children_to_notify_about(actor)
    if child_id is not None:
        child = scope.filter(pk=child_id).first()
        if child is None:
            return ChildLookup(
                errors={child_field: [_("Barnet findes ikke, eller du har ikke adgang til det.")]}
            )
        return ChildLookup(child=child)
    if (unborn_mother_cpr or "").strip():
        try:
            number = cprmod.clean_cpr(unborn_mother_cpr)
        except ValidationError as e:
            return ChildLookup(errors={"unborn_mother_cpr": e.messages})
        child = scope.filter(is_unborn=True, expecting_mother__cpr=number).first()
        if child is None:
            return ChildLookup(
                errors={
                    "unborn_mother_cpr": [
                        _(
                            "Der er ikke registreret et ufødt barn for denne mor. "
                            "Registrér det under »Opret ufødt barn« og prøv igen."
                        )
                    ]
                }
            )
        return ChildLookup(child=child)
    if not (child_cpr or "").strip():
        return ChildLookup(errors={"child_cpr": [_("Angiv hvilket barn underretningen handler om.")]})
    try:
        number = cprmod.clean_cpr(child_cpr)
    except ValidationError as e:
        return ChildLookup(errors={"child_cpr": e.messages})
    child = scope.filter(cpr=number).first()
    if child is not None:
        return ChildLookup(child=child)
    if problem := people_services.not_a_child_problem(number):
        return ChildLookup(errors={"child_cpr": [problem]})
    if actor.role == Role.RECEPTION:
        return ChildLookup(unknown_cpr=number)
    if actor.role in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        message = _("Barnet findes ikke blandt børnene i din institution. Kontakt modtagelsen.")
    else:
        message = _(
            "Du kan kun underrette om børn, du allerede har adgang til. "
            "Send underretningen til modtagelsen, som registrerer den."
        )
    return ChildLookup(errors={"child_cpr": [message]})


def notification_problems(
    data: NotificationData, *, now: dt.datetime, checked: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Every problem with the notification at once, in Danish, by field. Fields named in `checked`
    already have an error from the edge (a form field or a schema) and are not judged again, so one
    answer names everything to fix without saying a thing twice."""
    errors: dict[str, list[str]] = {}
    skip = set(checked)

    def add(name: str, message: str) -> None:
        if name not in skip:
            errors.setdefault(name, []).append(message)

    n = data.notifier or NotifierData(kind="")
    if data.received_at is None:
        add(
            "received_at",
            _("Skriv hvornår underretningen blev modtaget, fx 2025-04-14T09:30:00+02:00 (ISO 8601)."),
        )
    elif data.received_at.tzinfo is None:
        add("received_at", _("Angiv tidspunktet med tidszone."))
    elif problem := moment_problem(data.received_at):
        # year 1 at +14:00 overflows on the way to UTC; a notification from before 2000 is a typing error
        add("received_at", problem)
    elif data.received_at > now + CLOCK_SKEW:
        add(
            "received_at",
            _(
                "Modtagelsestidspunktet ligger i fremtiden. Angiv hvornår underretningen faktisk blev modtaget."
            ),
        )
    if data.notifier is None:
        add("notifier", _("Angiv hvem der underretter (notifier.kind m.m.)."))
    elif n.kind not in NotifierKindChoices.values:
        add("notifier_kind", _("Vælg hvem der underretter."))
    if n.email.strip():
        try:
            validate_email(n.email.strip())
        except ValidationError:
            add("notifier_email", _("Skriv en gyldig e-mailadresse, fx navn@skole.dk."))
    if n.kind == rules.NotifierKind.PROFESSIONAL:
        if not n.name.strip():
            add(
                "notifier_name",
                _(
                    "En fagperson underretter med navn (§ 133). Skriv underretterens navn, eller vælg »Anonym«."
                ),
            )
        if not n.workplace.strip():
            add("notifier_workplace", _("Skriv fagpersonens arbejdssted."))
        if not (n.email.strip() or n.phone.strip() or n.address.strip()):
            add(
                "notifier_email",
                _("Skriv e-mail, telefon eller adresse, så kvittering og tilbagemelding kan sendes (§ 138)."),
            )
    elif n.kind == rules.NotifierKind.CITIZEN and not n.name.strip():
        add("notifier_name", _("Skriv borgerens navn. Vil borgeren ikke oplyse navn, så vælg »Anonym«."))
    elif n.kind == rules.NotifierKind.MUNICIPALITY and not n.workplace.strip():
        add("notifier_workplace", _("Skriv hvilken kommune der underretter (§ 132)."))
    if not data.text.strip():
        add("text", _("Beskriv bekymringen."))
    if data.dialog_based:
        if not data.dialog_participants.strip():
            add("dialog_participants", _("Skriv hvem der deltog i dialogen, fx mor, far og pædagogen."))
        if not data.dialog_parents_view.strip():
            add("dialog_parents_view", _("Skriv hvad forældrene sagde til bekymringen."))
    if data.child is None and data.new_child is not None:
        new = data.new_child
        if not new.first_name.strip():
            add("new_child_first_name", _("Skriv barnets fornavn, så barnet kan oprettes."))
        if not new.last_name.strip():
            add("new_child_last_name", _("Skriv barnets efternavn, så barnet kan oprettes."))
    elif data.child is not None and data.child.is_unborn and data.child.expecting_mother_id is None:
        add("child", _("Et ufødt barn registreres via den vordende mor."))
    return errors


def as_the_actor_may(actor: Staff, data: NotificationData, *, now: dt.datetime) -> NotificationData:
    """Only reception registers a notification from someone else (BL § 133). Anyone else notifies as
    themselves and at the moment they submit: they cannot name another notifier or backdate what the
    municipality received, whichever door (page, JSON, multipart, an escalated concern) they came through.
    """
    if permissions.can_register_for_anyone(actor):
        return data
    return replace(data, notifier=self_as_notifier(actor), received_at=now)


def validate_notification(data: NotificationData, *, now: dt.datetime) -> None:
    """Raise a ValidationError naming, in Danish, every field to fix."""
    if errors := notification_problems(data, now=now):
        raise ValidationError(errors)


def fingerprint(data: NotificationData) -> str:
    """What the sender sent. A professional submitting as themselves does not send the time of receipt
    (the server's clock is), so a double submit a second later is the same notification."""
    n = data.notifier
    received = "" if n.staff is not None else data.received_at.astimezone(dt.UTC).isoformat()
    child = str(data.child.pk) if data.child is not None else f"new:{data.new_child.cpr}"
    parts = [child, received, n.kind, n.name, data.text]
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
        permissions.can_submit_notification(actor),
        _("Du kan ikke registrere underretninger. Bed din leder om adgang, hvis du har brug for den."),
    )
    if data.child is None and data.new_child is None:
        raise ValidationError({"child_cpr": [_("Angiv hvilket barn underretningen handler om.")]})
    if data.child is not None and data.child.municipality_id != actor.municipality_id:
        raise PermissionDenied(_("Barnet findes ikke i din kommune. Tjek CPR-nummeret."))
    if data.child is None and actor.role != Role.RECEPTION:
        raise PermissionDenied(
            _(
                "Kun modtagelsen opretter et barn sammen med en underretning. Bed modtagelsen om at oprette barnet."
            )
        )
    now = now or timezone.now()
    data = as_the_actor_may(actor, data, now=now)
    errors = notification_problems(data, now=now)
    try:
        validate_attachments(
            list(attachments),
            max_bytes=max_attachment_bytes or settings.ATTACHMENT_MAX_BYTES,
            max_files=max_attachment_files or settings.ATTACHMENT_MAX_FILES,
            max_total_bytes=max_attachment_total_bytes or settings.ATTACHMENT_MAX_TOTAL_BYTES,
        )
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
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
    if child is None:
        try:
            child = people_services.child_register(
                actor=actor,
                cpr=data.new_child.cpr,
                first_name=data.new_child.first_name,
                last_name=data.new_child.last_name,
            )
        except ValidationError as e:
            raise ValidationError(
                {"child_cpr" if k == "cpr" else f"new_child_{k}": v for k, v in e.message_dict.items()}
            ) from None
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
        child_had_ongoing_measure=registry.had_ongoing_support(child, on=data.received_at),
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
