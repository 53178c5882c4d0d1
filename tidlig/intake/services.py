"""Writes for intake (BL §§ 132–138, § 18). The HTML views and the API call these, and only these."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _, gettext_noop as N_

from tidlig.audit import services as audit
from tidlig.cases import services as cases
from tidlig.interventions.selectors import has_ongoing_measure_or_placement, measures_decided_by
from tidlig.organisation.models import Role, Staff, Team
from tidlig.people.models import Child, Guardianship
from tidlig.rules import obligations as rules

from . import permissions
from .models import Attachment, Channel, Letter, Notification, NotifierKindChoices, ScreeningDecision

SOURCE = "notification"
# A received time up to this far ahead of the server clock is a clock difference, not the future.
CLOCK_SKEW = dt.timedelta(minutes=5)
# What reception may receive, by file ending: the content type and the first bytes it must start with.
# The browser's declared type is not trusted; a program renamed to .pdf is refused.
ATTACHMENT_KINDS = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".txt": ("text/plain", ()),
}


def attachment_kind(f: UploadedFile) -> str | None:
    """The content type of an upload judged by its ending and its first bytes, or None if not allowed."""
    ending = "." + f.name.rsplit(".", 1)[-1].lower() if "." in f.name else ""
    if ending not in ATTACHMENT_KINDS:
        return None
    content_type, signatures = ATTACHMENT_KINDS[ending]
    head = f.read(4096)
    f.seek(0)
    if signatures:
        return content_type if head.startswith(signatures) else None
    return content_type if b"\x00" not in head else None  # text: no NUL bytes, the usual binary test


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
    received_at: dt.datetime
    notifier: NotifierData
    text: str
    reasons: list[str] = field(default_factory=list)


def validate_notification(data: NotificationData, *, now: dt.datetime) -> None:
    """Raise a ValidationError naming, in Danish, every field to fix."""
    errors: dict[str, list[str]] = {}
    n = data.notifier
    if data.received_at.tzinfo is None:
        errors.setdefault("received_at", []).append(_("Angiv tidspunktet med tidszone."))
    elif data.received_at > now + CLOCK_SKEW:
        errors.setdefault("received_at", []).append(
            _("Modtagelsestidspunktet ligger i fremtiden. Angiv hvornår underretningen faktisk blev modtaget.")
        )
    if n.kind not in NotifierKindChoices.values:
        errors.setdefault("notifier_kind", []).append(_("Vælg hvem der underretter."))
    if n.kind == rules.NotifierKind.PROFESSIONAL:
        if not n.name.strip():
            errors.setdefault("notifier_name", []).append(
                _("En fagperson underretter med navn (§ 133). Skriv underretterens navn, eller vælg 'Anonym'.")
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
        errors.setdefault("notifier_workplace", []).append(_("Skriv hvilken kommune der underretter (§ 132)."))
    if not data.text.strip():
        errors.setdefault("text", []).append(_("Beskriv bekymringen."))
    if data.child.is_unborn and data.child.expecting_mother_id is None:
        errors.setdefault("child", []).append(_("Et ufødt barn registreres via den vordende mor."))
    if errors:
        raise ValidationError(errors)


def validate_attachment(f: UploadedFile, *, max_bytes: int) -> None:
    if f.size == 0:
        raise ValidationError({"attachments": [_("Filen %(name)s er tom.") % {"name": f.name}]})
    if f.size > max_bytes:
        raise ValidationError(
            {"attachments": [_("Filen %(name)s er for stor (højst %(mb)d MB).") % {"name": f.name, "mb": max_bytes // 2**20}]}
        )
    if attachment_kind(f) is None:
        raise ValidationError(
            {"attachments": [_("Filen %(name)s har en type, der ikke kan modtages. Brug PDF, Word, JPEG, PNG eller tekst.") % {"name": f.name}]}
        )


def fingerprint(data: NotificationData) -> str:
    n = data.notifier
    parts = [str(data.child.pk), data.received_at.astimezone(dt.UTC).isoformat(), n.kind, n.name, data.text]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def route_for(child: Child) -> tuple[Team | None, Staff | None]:
    """Who gets a new notification: the child's own caseworker (continuity), a sibling's, or the district team."""
    caseworker = child.caseworker
    if caseworker is None or not caseworker.is_active:
        # A sibling: another child of a guardian who has custody of both.
        custodians = Guardianship.objects.filter(child=child, has_custody=True).values("person_id")
        caseworker = (
            Staff.objects.filter(
                is_active=True,
                role=Role.CASEWORKER,
                children__guardianships__person_id__in=custodians,
                children__guardianships__has_custody=True,
            )
            .exclude(children=child)
            .order_by("pk")
            .first()
        )
    if caseworker is not None and caseworker.is_active:
        return caseworker.team, caseworker
    if child.district_id:
        team = Team.objects.filter(district_id=child.district_id, kind=Team.Kind.DISTRICT).first()
        return team, None
    return None, None


def reception_team(municipality_id: int) -> Team | None:
    return Team.objects.filter(municipality_id=municipality_id, kind=Team.Kind.RECEPTION).first()


def notification_refresh_obligations(notification: Notification) -> None:
    """Re-derive this notification's obligations from its events and store them with their owners."""
    municipality = notification.municipality
    derived = rules.notification_obligations(
        rules.NotificationFacts(
            received_at=notification.received_at,
            notifier_kind=rules.NotifierKind(notification.notifier_kind),
            child_had_ongoing_measure=notification.child_had_ongoing_measure,
        ),
        cases.events_for_source(SOURCE, notification.pk),
        calendar=municipality.calendar(),
        local=municipality.local_deadlines(),
    )
    reception = (reception_team(notification.municipality_id), None)
    case_owner = (notification.team, notification.assignee)
    owners = {
        rules.ACUTE_ASSESSMENT.code: reception,
        rules.RECEIPT.code: reception,
        rules.SCREENING.code: case_owner,
        rules.NOTIFIER_FEEDBACK.code: case_owner,
        rules.REASSESSMENT.code: case_owner,
    }
    cases.obligations_store(
        child=notification.child, source=SOURCE, source_id=notification.pk, derived=derived, owners=owners
    )


def da(label) -> str:
    """A choice label in Danish, the language event summaries are recorded in (and translated from)."""
    with translation.override("da"):
        return str(label)


def _event(notification: Notification, *, kind: str, actor, at, summary: str, args: dict | None = None,
           data: dict | None = None) -> None:
    cases.event_record(
        child=notification.child, kind=kind, occurred_at=at, actor=actor, summary=summary, summary_args=args,
        source=SOURCE, source_id=notification.pk, data=data,
    )


def notification_register(
    *,
    actor: Staff,
    data: NotificationData,
    channel: str,
    attachments: list[UploadedFile] = (),
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
    max_attachment_bytes: int = 20 * 2**20,
) -> tuple[Notification, bool]:
    """Register a notification of concern; returns it and whether it was created now.

    Retrying with the same idempotency key returns the first notification, never a second one.
    """
    permissions.require(permissions.can_submit_notification(actor), _("Du kan ikke registrere underretninger."))
    if data.child.municipality_id != actor.municipality_id:
        raise PermissionDenied(_("Barnet findes ikke i din kommune."))
    now = now or timezone.now()
    validate_notification(data, now=now)
    for f in attachments:
        validate_attachment(f, max_bytes=max_attachment_bytes)
    key = (idempotency_key or "").strip()[:200] or None
    fp = fingerprint(data)
    if key:
        existing = Notification.objects.filter(municipality_id=actor.municipality_id, idempotency_key=key).first()
        if existing is not None:
            if existing.request_fingerprint != fp:
                raise IdempotencyConflict(key)
            return existing, False
    try:
        with transaction.atomic():
            notification = _create(actor=actor, data=data, channel=channel, key=key, fp=fp, attachments=attachments)
    except IntegrityError:
        # Two requests with one key raced; the other one won, and its notification is the answer.
        existing = Notification.objects.filter(municipality_id=actor.municipality_id, idempotency_key=key).first()
        if key and existing is not None:
            return existing, False
        raise
    return notification, True


def _create(*, actor, data: NotificationData, channel, key, fp, attachments) -> Notification:
    child = data.child
    team, assignee = route_for(child)
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
            notification=notification, file=f, original_name=f.name[:255], content_type=attachment_kind(f),
            size=f.size, sha256=digest.hexdigest(), uploaded_by=actor,
        )
    _event(
        notification, kind=rules.RECEIVED, actor=actor, at=data.received_at,
        summary=N_("Underretning modtaget fra %(kind)s"), args={"kind": da(notification.get_notifier_kind_display())},
        data={"channel": channel, "routed_to_team": team.pk if team else None,
              "routed_to": assignee.pk if assignee else None},
    )
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action=rules.RECEIVED, obj=notification, child_id=child.pk,
                 data={"channel": channel, "attachments": len(attachments)})
    return notification


def _locked(notification: Notification) -> Notification:
    return Notification.objects.select_for_update().select_related("child", "municipality").get(pk=notification.pk)


@transaction.atomic
def notification_assess_acute(
    *, notification: Notification, actor: Staff, danger: bool, note: str, now: dt.datetime | None = None
) -> Notification:
    """BL § 136, stk. 2: is the child's health or development in danger, and is acute help needed?"""
    permissions.require(permissions.can_assess_acute(actor, notification), _("Du kan ikke foretage den akutte vurdering."))
    notification = _locked(notification)
    if notification.acute_assessed_at:
        raise ValidationError(_("Den akutte vurdering er allerede foretaget."))
    if not note.strip():
        raise ValidationError({"note": [_("Begrund vurderingen kort.")]})
    at = now or timezone.now()
    notification.acute_assessed_at, notification.acute_danger, notification.acute_note = at, danger, note.strip()
    notification.save(update_fields=["acute_assessed_at", "acute_danger", "acute_note"])
    summary = N_("Akut vurdering: barnet er i fare, akut indsats") if danger else N_("Akut vurdering: ikke akut")
    _event(notification, kind=rules.ACUTE_ASSESSED, actor=actor, at=at, summary=summary, data={"danger": danger})
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action=rules.ACUTE_ASSESSED, obj=notification, child_id=notification.child_id,
                 data={"danger": danger})
    return notification


def _send_letter(
    notification: Notification, *, kind: str, actor: Staff, medium: str, recipient: str, subject: str, body: str, at
) -> Letter:
    if not recipient.strip():
        raise ValidationError({"recipient": [_("Skriv modtageren (e-mail eller adresse).")]})
    if not body.strip():
        raise ValidationError({"body": [_("Brevet er tomt.")]})
    if medium not in Letter.Medium.values:
        raise ValidationError({"medium": [_("Vælg hvordan brevet sendes.")]})
    letter = Letter.objects.create(
        notification=notification, kind=kind, medium=medium, recipient=recipient.strip(), subject=subject.strip(),
        body=body.strip(), sent_at=at, sent_by=actor,
    )
    if medium == Letter.Medium.EMAIL:
        # Sent inside the transaction: if the mail server refuses, nothing is recorded as sent.
        try:
            EmailMessage(subject=subject, body=body, to=[recipient.strip()]).send(fail_silently=False)
        except Exception as exc:  # SMTP, DNS, connection: all mean "not sent"
            raise ValidationError({"recipient": [
                _("E-mailen kunne ikke sendes (%(error)s). Intet er registreret som sendt; prøv igen eller vælg en "
                  "anden måde.") % {"error": exc.__class__.__name__}]}) from exc
    return letter


@transaction.atomic
def notification_send_receipt(
    *, notification: Notification, actor: Staff, medium: str, recipient: str, subject: str, body: str,
    now: dt.datetime | None = None,
) -> Letter:
    """BL § 138, stk. 1: confirm receipt to the notifier within 6 working days."""
    permissions.require(permissions.can_handle_intake(actor, notification), _("Du kan ikke sende kvitteringen."))
    notification = _locked(notification)
    if not rules.receipt_required(rules.NotifierKind(notification.notifier_kind)):
        raise ValidationError(_("En anonym underretter kan ikke få kvittering."))
    if notification.receipt_sent_at:
        raise ValidationError(_("Kvitteringen er allerede sendt."))
    at = now or timezone.now()
    letter = _send_letter(notification, kind=Letter.Kind.RECEIPT, actor=actor, medium=medium, recipient=recipient,
                          subject=subject, body=body, at=at)
    notification.receipt_sent_at = at
    notification.save(update_fields=["receipt_sent_at"])
    _event(notification, kind=rules.RECEIPT_SENT, actor=actor, at=at,
           summary=N_("Kvittering sendt til underretter (%(medium)s)"), args={"medium": da(letter.get_medium_display())})
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action=rules.RECEIPT_SENT, obj=notification, child_id=notification.child_id,
                 data={"medium": medium})
    return letter


@transaction.atomic
def notification_route(*, notification: Notification, actor: Staff, team: Team, now=None) -> Notification:
    """Reception sends a notification to a district team (or back to the team leader's pile)."""
    permissions.require(permissions.can_route(actor, notification), _("Du kan ikke fordele underretningen."))
    if team.municipality_id != notification.municipality_id or team.kind != Team.Kind.DISTRICT:
        raise ValidationError({"team": [_("Vælg et distriktsteam i kommunen.")]})
    notification = _locked(notification)
    notification.team, notification.assignee = team, None
    notification.save(update_fields=["team", "assignee"])
    _event(notification, kind="intake.notification.routed", actor=actor, at=now or timezone.now(),
           summary=N_("Sendt til %(team)s"), args={"team": team.name}, data={"team": team.pk})
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action="intake.notification.routed", obj=notification,
                 child_id=notification.child_id, data={"team": team.pk})
    return notification


@transaction.atomic
def notification_assign(*, notification: Notification, actor: Staff, caseworker: Staff, now=None) -> Notification:
    """The team leader assigns a caseworker, who becomes the child's own caseworker (continuity)."""
    permissions.require(permissions.can_assign(actor, notification), _("Du kan ikke fordele underretningen."))
    if caseworker.role != Role.CASEWORKER or caseworker.municipality_id != notification.municipality_id \
            or not caseworker.is_active:
        raise ValidationError({"caseworker": [_("Vælg en aktiv rådgiver i kommunen.")]})
    if caseworker.team_id != actor.team_id:
        raise ValidationError({"caseworker": [
            _("Du fordeler til rådgivere i dit eget team. Hører sagen til et andet team, så send den dertil.")]})
    notification = _locked(notification)
    notification.assignee = caseworker
    notification.team = caseworker.team
    notification.save(update_fields=["assignee", "team"])
    child = notification.child
    if child.caseworker_id != caseworker.pk:
        child.caseworker = caseworker
        child.save(update_fields=["caseworker"])
    _event(notification, kind="intake.notification.assigned", actor=actor, at=now or timezone.now(),
           summary=N_("Fordelt til %(name)s"), args={"name": str(caseworker)}, data={"caseworker": caseworker.pk})
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action="intake.notification.assigned", obj=notification,
                 child_id=notification.child_id, data={"caseworker": caseworker.pk})
    return notification


@transaction.atomic
def notification_screen(
    *, notification: Notification, actor: Staff, decision: str, note: str, now: dt.datetime | None = None
) -> Notification:
    """BL § 18, stk. 1: no further action, afdækning (§ 19) or børnefaglig undersøgelse (§ 20)."""
    permissions.require(permissions.can_handle_case(actor, notification), _("Du kan ikke screene underretningen."))
    notification = _locked(notification)
    if decision not in ScreeningDecision.values:
        raise ValidationError({"decision": [_("Vælg et af de tre spor i § 18.")]})
    if notification.screened_at:
        raise ValidationError(_("Underretningen er allerede screenet."))
    if not notification.acute_assessed_at:
        raise ValidationError(_("Den akutte vurdering (§ 136, stk. 2) skal foretages før screeningen."))
    if not note.strip():
        raise ValidationError({"note": [_("Begrund screeningen.")]})
    at = now or timezone.now()
    notification.screened_at, notification.screening_decision = at, decision
    notification.save(update_fields=["screened_at", "screening_decision"])
    _event(notification, kind=rules.SCREENED, actor=actor, at=at,
           summary=N_("Screening: %(decision)s"), args={"decision": da(notification.get_screening_decision_display())},
           data={"decision": decision, "note": note.strip()})
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action=rules.SCREENED, obj=notification, child_id=notification.child_id,
                 data={"decision": decision})
    return notification


@transaction.atomic
def notification_send_feedback(
    *, notification: Notification, actor: Staff, medium: str, recipient: str, subject: str, body: str,
    now: dt.datetime | None = None,
) -> Letter:
    """BL § 138, stk. 2: tell the professional whether an undersøgelse, afdækning or indsats was started."""
    permissions.require(permissions.can_handle_case(actor, notification), _("Du kan ikke sende tilbagemeldingen."))
    notification = _locked(notification)
    if notification.notifier_kind != rules.NotifierKind.PROFESSIONAL:
        raise ValidationError(_("Tilbagemelding efter § 138, stk. 2 gives kun til fagpersoner."))
    if notification.feedback_sent_at:
        raise ValidationError(_("Tilbagemeldingen er allerede sendt."))
    if not notification.screened_at:
        raise ValidationError(_("Screen underretningen først; tilbagemeldingen fortæller hvad der blev besluttet."))
    at = now or timezone.now()
    letter = _send_letter(notification, kind=Letter.Kind.FEEDBACK, actor=actor, medium=medium, recipient=recipient,
                          subject=subject, body=body, at=at)
    notification.feedback_sent_at = at
    notification.save(update_fields=["feedback_sent_at"])
    _event(notification, kind=rules.FEEDBACK_SENT, actor=actor, at=at,
           summary=N_("Tilbagemelding sendt til underretter"))
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action=rules.FEEDBACK_SENT, obj=notification, child_id=notification.child_id)
    return notification.letters.get(pk=letter.pk)


@transaction.atomic
def notification_waive_feedback(
    *, notification: Notification, actor: Staff, reason: str, now: dt.datetime | None = None
) -> Notification:
    """BL § 138, stk. 2, 2. pkt.: no feedback when "særlige forhold" apply; the reason is recorded."""
    permissions.require(permissions.can_handle_case(actor, notification), _("Du kan ikke fravige tilbagemeldingen."))
    notification = _locked(notification)
    if notification.notifier_kind != rules.NotifierKind.PROFESSIONAL:
        raise ValidationError(_("Tilbagemelding efter § 138, stk. 2 gives kun til fagpersoner."))
    if notification.feedback_sent_at:
        raise ValidationError(_("Tilbagemeldingen er allerede sendt."))
    if notification.has_event(rules.FEEDBACK_WAIVED):
        raise ValidationError(_("Det er allerede registreret, at der ikke gives tilbagemelding."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Skriv hvilke særlige forhold der gør, at der ikke gives tilbagemelding.")]})
    _event(notification, kind=rules.FEEDBACK_WAIVED, actor=actor, at=now or timezone.now(),
           summary=N_("Ingen tilbagemelding: særlige forhold (§ 138, stk. 2)"), data={"reason": reason.strip()})
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action=rules.FEEDBACK_WAIVED, obj=notification, child_id=notification.child_id)
    return notification


def case_participants(child: Child, *, before: dt.datetime) -> set[int]:
    """Staff who took part in the child's case before `before` (BL § 137, stk. 1).

    Taking part: acting on the child's timeline (registering a notification and sending the receipt
    are clerical and do not count), being assigned as caseworker, or deciding a measure; and the
    child's own caseworker always counts, since the reassessment must bring in someone else.
    """
    clerical = {rules.RECEIVED, rules.RECEIPT_SENT}
    earlier = child.events.filter(occurred_at__lt=before)
    ids = set(earlier.exclude(kind__in=clerical).exclude(actor=None).values_list("actor_id", flat=True))
    ids |= set(earlier.filter(kind="intake.notification.assigned").values_list("data__caseworker", flat=True))
    ids |= set(measures_decided_by(child, before=before))
    if child.caseworker_id:
        ids.add(child.caseworker_id)
    return {i for i in ids if i is not None}


@transaction.atomic
def notification_reassess(
    *, notification: Notification, actor: Staff, participants: list[Staff], conclusion: str,
    now: dt.datetime | None = None,
) -> Notification:
    """BL § 137, stk. 1: reassess a case with ongoing support, with someone new to the case taking part."""
    permissions.require(permissions.can_handle_case(actor, notification), _("Du kan ikke genvurdere sagen."))
    notification = _locked(notification)
    if not notification.child_had_ongoing_measure:
        raise ValidationError(_("Barnet havde ingen igangværende støttende indsats eller anbringelse; § 137 gælder ikke."))
    if notification.reassessed_at:
        raise ValidationError(_("Sagen er allerede genvurderet på baggrund af denne underretning."))
    if not conclusion.strip():
        raise ValidationError({"conclusion": [_("Skriv konklusionen på genvurderingen.")]})
    people = {p.pk: p for p in [actor, *participants] if p.municipality_id == notification.municipality_id}
    earlier = case_participants(notification.child, before=notification.received_at)
    fresh = [p for pk, p in people.items() if pk not in earlier]
    if not fresh:
        raise ValidationError({"participants": [
            _("Mindst én deltager må ikke tidligere have deltaget i behandlingen af sagen (§ 137, stk. 1). Tilføj en kollega, der er ny i sagen.")
        ]})
    at = now or timezone.now()
    notification.reassessed_at = at
    notification.save(update_fields=["reassessed_at"])
    _event(notification, kind=rules.REASSESSED, actor=actor, at=at,
           summary=N_("Sagen genvurderet (§ 137) med %(names)s"), args={"names": ", ".join(str(p) for p in fresh)},
           data={"participants": sorted(people), "new_to_case": sorted(p.pk for p in fresh),
                 "conclusion": conclusion.strip()})
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action=rules.REASSESSED, obj=notification, child_id=notification.child_id)
    return notification


def self_as_notifier(actor: Staff) -> NotifierData:
    """A professional in Tidlig notifies as themselves (§ 133), with their role and workplace."""
    institution = actor.institution
    category = ""
    if institution is not None:
        category = "2" if institution.kind == "school" else "3"
    return NotifierData(
        kind=rules.NotifierKind.PROFESSIONAL, name=str(actor), role=actor.job_title or actor.get_role_display(),
        workplace=institution.name if institution else (actor.team.name if actor.team else ""),
        email=actor.email, phone=actor.phone, category=category, staff=actor,
    )
