"""The caseworker's actions on a notification: screening (§ 18), feedback (§ 138, stk. 2), reassessment (§ 137)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.rules import obligations as rules
from tidlig.rules.calendar import local_date
from tidlig.timeline import registry

from .. import permissions
from ..models import Letter, Notification, ScreeningDecision
from .common import _event, _locked, da, notification_refresh_obligations
from .handling import _letter_sent


@transaction.atomic
def notification_screen(
    *, notification: Notification, actor: Staff, decision: str, note: str, now: dt.datetime | None = None
) -> Notification:
    """BL § 18, stk. 1: no further action, afdækning (§ 19) or børnefaglig undersøgelse (§ 20)."""
    permissions.require(
        permissions.can_handle_case(actor, notification), _("Du kan ikke screene underretningen.")
    )
    notification = _locked(notification)
    if decision not in ScreeningDecision.values:
        raise ValidationError({"decision": [_("Vælg et af de tre spor i § 18.")]})
    if notification.screened_at:
        raise ValidationError(
            _("Underretningen er allerede screenet. Genindlæs siden for at se screeningen.")
        )
    if not notification.acute_assessed_at:
        raise ValidationError(
            _(
                "Den akutte vurdering (§ 136, stk. 2) skal foretages før screeningen. Foretag den akutte vurdering først."
            )
        )
    if not note.strip():
        raise ValidationError({"note": [_("Begrund screeningen.")]})
    at = now or timezone.now()
    notification.screened_at, notification.screening_decision = at, decision
    notification.save(update_fields=["screened_at", "screening_decision"])
    _event(
        notification,
        kind=rules.SCREENED,
        actor=actor,
        at=at,
        summary=gettext_noop("Screening: %(decision)s"),
        args={"decision": da(notification.get_screening_decision_display())},
        data={"decision": decision, "note": note.strip()},
    )
    notification_refresh_obligations(notification)
    if decision == ScreeningDecision.UNDERSOEGELSE:
        registry.screened_for_investigation(  # cases starts the § 20 investigation (CasesConfig.ready)
            child=notification.child,
            actor=actor,
            aware_on=local_date(notification.received_at),
            notification_id=notification.pk,
        )
    audit.record(
        actor=actor,
        action=rules.SCREENED,
        obj=notification,
        child_id=notification.child_id,
        data={"decision": decision},
    )
    return notification


@transaction.atomic
def notification_send_feedback(
    *,
    notification: Notification,
    actor: Staff,
    medium: str,
    recipient: str,
    subject: str,
    body: str,
    now: dt.datetime | None = None,
) -> Letter:
    """BL § 138, stk. 2: tell the professional whether an undersøgelse, afdækning or indsats was started."""
    permissions.require(
        permissions.can_handle_case(actor, notification), _("Du kan ikke sende tilbagemeldingen.")
    )
    notification = _locked(notification)
    if notification.notifier_kind != rules.NotifierKind.PROFESSIONAL:
        raise ValidationError(
            _("Tilbagemelding efter § 138, stk. 2 gives kun til fagpersoner. Send en kvittering i stedet.")
        )
    if notification.feedback_sent_at:
        raise ValidationError(_("Tilbagemeldingen er allerede sendt. Genindlæs siden for at se den."))
    if not notification.screened_at:
        raise ValidationError(
            _("Screen underretningen først; tilbagemeldingen fortæller hvad der blev besluttet.")
        )
    return _letter_sent(
        notification,
        actor=actor,
        kind=Letter.Kind.FEEDBACK,
        letter={"medium": medium, "recipient": recipient, "subject": subject, "body": body},
        stamp="feedback_sent_at",
        event=rules.FEEDBACK_SENT,
        summary=gettext_noop("Tilbagemelding sendt til underretter"),
        at=now or timezone.now(),
    )


@transaction.atomic
def notification_waive_feedback(
    *, notification: Notification, actor: Staff, reason: str, now: dt.datetime | None = None
) -> Notification:
    """BL § 138, stk. 2, 2. pkt.: no feedback when "særlige forhold" apply; the reason is recorded."""
    permissions.require(
        permissions.can_handle_case(actor, notification), _("Du kan ikke fravige tilbagemeldingen.")
    )
    notification = _locked(notification)
    if notification.notifier_kind != rules.NotifierKind.PROFESSIONAL:
        raise ValidationError(
            _("Tilbagemelding efter § 138, stk. 2 gives kun til fagpersoner. Send en kvittering i stedet.")
        )
    if notification.feedback_sent_at:
        raise ValidationError(_("Tilbagemeldingen er allerede sendt. Genindlæs siden for at se den."))
    if notification.has_event(rules.FEEDBACK_WAIVED):
        raise ValidationError(
            _("Det er allerede registreret, at der ikke gives tilbagemelding. Genindlæs siden for at se det.")
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": [_("Skriv hvilke særlige forhold der gør, at der ikke gives tilbagemelding.")]}
        )
    _event(
        notification,
        kind=rules.FEEDBACK_WAIVED,
        actor=actor,
        at=now or timezone.now(),
        summary=gettext_noop("Ingen tilbagemelding: særlige forhold (§ 138, stk. 2)"),
        data={"reason": reason.strip()},
    )
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
    ids |= registry.case_deciders(child, before=before)
    if child.caseworker_id:
        ids.add(child.caseworker_id)
    return {i for i in ids if i is not None}


@transaction.atomic
def notification_reassess(
    *,
    notification: Notification,
    actor: Staff,
    participants: list[Staff],
    conclusion: str,
    now: dt.datetime | None = None,
) -> Notification:
    """BL § 137, stk. 1: reassess a case with ongoing support, with someone new to the case taking part."""
    permissions.require(permissions.can_handle_case(actor, notification), _("Du kan ikke genvurdere sagen."))
    notification = _locked(notification)
    if not notification.child_had_ongoing_measure:
        raise ValidationError(
            _(
                "Barnet havde ingen igangværende støttende indsats eller anbringelse; § 137 gælder ikke. "
                "Screen underretningen som sædvanligt."
            )
        )
    if notification.reassessed_at:
        raise ValidationError(
            _(
                "Sagen er allerede genvurderet på baggrund af denne underretning. Genindlæs siden for at se det."
            )
        )
    if not conclusion.strip():
        raise ValidationError({"conclusion": [_("Skriv konklusionen på genvurderingen.")]})
    people = {p.pk: p for p in [actor, *participants] if p.municipality_id == notification.municipality_id}
    earlier = case_participants(notification.child, before=notification.received_at)
    fresh = [p for pk, p in people.items() if pk not in earlier]
    if not fresh:
        raise ValidationError(
            {
                "participants": [
                    _(
                        "Mindst én deltager må ikke tidligere have deltaget i behandlingen af sagen (§ 137, stk. 1). "
                        "Tilføj en kollega, der er ny i sagen."
                    )
                ]
            }
        )
    at = now or timezone.now()
    notification.reassessed_at = at
    notification.save(update_fields=["reassessed_at"])
    _event(
        notification,
        kind=rules.REASSESSED,
        actor=actor,
        at=at,
        summary=gettext_noop("Sagen genvurderet (§ 137) med %(names)s"),
        args={"names": ", ".join(str(p) for p in fresh)},
        data={
            "participants": sorted(people),
            "new_to_case": sorted(p.pk for p in fresh),
            "conclusion": conclusion.strip(),
        },
    )
    notification_refresh_obligations(notification)
    audit.record(actor=actor, action=rules.REASSESSED, obj=notification, child_id=notification.child_id)
    return notification
