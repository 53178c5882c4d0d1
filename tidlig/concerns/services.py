"""Writes for concerns: raise, add what was done, close, and end in a dialog-based notification.

Keyword-only arguments, one transaction, the audit row in the same transaction. The HTML views
and the API call these, and only these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tidlig.audit import services as audit
from tidlig.intake import services as intake
from tidlig.intake.models import Channel, Notification
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.wellbeing import access

from .defaults import default_guide
from .models import Concern, ConcernEntry, GuideStep
from .selectors import concerns_visible_to, may_work_with_concerns

NOT_YOURS = gettext_noop("Du kan kun arbejde med bekymringer for børn i dine egne grupper.")


def _today(now: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    now = now or timezone.now()
    return now, timezone.localdate(now)


def _require_visible(actor: Staff, concern: Concern, today: dt.date) -> None:
    if not concerns_visible_to(actor, today=today).filter(pk=concern.pk).exists():
        raise PermissionDenied(_(NOT_YOURS))


def _require_open(concern: Concern) -> None:
    if concern.status != Concern.Status.OPEN:
        raise ValidationError(_("Bekymringen er afsluttet. Opret en ny, hvis du igen er bekymret."))


@transaction.atomic
def concern_raise(
    *,
    actor: Staff,
    child: Child,
    observation: str,
    observed_on: dt.date,
    follow_up_on: dt.date | None = None,
    rating=None,
    now: dt.datetime | None = None,
) -> Concern:
    """Record a concern for a child in one of the actor's groups (also when a joint rating is red)."""
    now, today = _today(now)
    if not may_work_with_concerns(actor) or child.municipality_id != actor.municipality_id:
        raise PermissionDenied(_(NOT_YOURS))
    access.require_child(actor, child, today=today)
    errors: dict[str, list[str]] = {}
    if not observation.strip():
        errors["observation"] = [_("Beskriv hvad du har set eller hørt.")]
    if observed_on is None:
        errors["observed_on"] = [_("Skriv hvornår du iagttog det, fx 14.04.2025.")]
    elif observed_on > today:
        errors["observed_on"] = [_("Datoen ligger i fremtiden. Skriv hvornår du iagttog det.")]
    if follow_up_on is not None and observed_on is not None and follow_up_on < observed_on:
        errors["follow_up_on"] = [_("Opfølgningen kan ikke ligge før iagttagelsen. Vælg en senere dato.")]
    if errors:
        raise ValidationError(errors)
    default_guide(actor.municipality)  # the guide opens with the concern: make sure there is one
    concern = Concern.objects.create(
        municipality_id=actor.municipality_id,
        child=child,
        institution_id=actor.institution_id or child.institution_id,
        raised_by=actor,
        observed_on=observed_on,
        observation=observation.strip(),
        follow_up_on=follow_up_on,
        rating=rating,
    )
    audit.record(
        actor=actor,
        action="concerns.concern.raised",
        obj=concern,
        child_id=child.pk,
        data={"from_rating": rating.pk if rating is not None else None},
    )
    return concern


@transaction.atomic
def concern_add_entry(
    *,
    actor: Staff,
    concern: Concern,
    text: str,
    happened_on: dt.date,
    step: GuideStep | None = None,
    follow_up_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ConcernEntry:
    """Record what was done (usually a handleguide step); optionally set the next follow-up date."""
    now, today = _today(now)
    _require_visible(actor, concern, today)
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    _require_open(concern)
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Skriv hvad der skete.")]
    if happened_on is None:
        errors["happened_on"] = [_("Skriv datoen, fx 14.04.2025.")]
    elif happened_on > today:
        errors["happened_on"] = [_("Datoen ligger i fremtiden. Skriv hvornår det skete.")]
    if step is not None and step.municipality_id != concern.municipality_id:
        errors["step"] = [_("Vælg et trin fra kommunens handleguide.")]
    if follow_up_on is not None and follow_up_on < today:
        errors["follow_up_on"] = [
            _("Den næste opfølgning skal ligge i dag eller senere. Vælg en senere dato.")
        ]
    if errors:
        raise ValidationError(errors)
    entry = ConcernEntry.objects.create(
        concern=concern, step=step, text=text.strip(), happened_on=happened_on, recorded_by=actor
    )
    if follow_up_on is not None:
        concern.follow_up_on = follow_up_on
        concern.save(update_fields=["follow_up_on"])
    audit.record(
        actor=actor,
        action="concerns.concern.entry_added",
        obj=concern,
        child_id=concern.child_id,
        data={"entry": entry.pk, "step": step.pk if step else None, "follow_up_on": str(follow_up_on or "")},
    )
    return entry


@transaction.atomic
def concern_close(
    *, actor: Staff, concern: Concern, outcome: str, note: str = "", now: dt.datetime | None = None
) -> Concern:
    """Close a concern with its outcome; a note is kept as the last entry."""
    now, today = _today(now)
    _require_visible(actor, concern, today)
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    _require_open(concern)
    if outcome not in Concern.Outcome.values:
        raise ValidationError({"outcome": [_("Vælg hvordan bekymringen sluttede.")]})
    if outcome == Concern.Outcome.NOTIFICATION and not note.strip():
        raise ValidationError(
            {"note": [_("Skriv hvornår og hvordan underretningen blev sendt, eller send den herfra.")]}
        )
    if note.strip():
        ConcernEntry.objects.create(concern=concern, text=note.strip(), happened_on=today, recorded_by=actor)
    concern.status = Concern.Status.CLOSED
    concern.outcome = outcome
    concern.closed_at = now
    concern.save(update_fields=["status", "outcome", "closed_at"])
    audit.record(
        actor=actor,
        action="concerns.concern.closed",
        obj=concern,
        child_id=concern.child_id,
        data={"outcome": outcome},
    )
    return concern


def concern_notify_dialog(
    *,
    actor: Staff,
    concern: Concern,
    text: str,
    dialog_participants: str,
    dialog_parents_view: str,
    reasons: Sequence[str] = (),
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Notification, bool]:
    """Send a dialog-based notification (BL § 133) from a concern, straight into intake.

    The actor notifies as themselves (`intake.self_as_notifier`: name, job title, institution,
    e-mail/phone) through `intake.notification_register`, so the obligations and routing of any
    professional notification apply. The concern records the notification and closes with the outcome
    "notification". A repeated submit with the same Idempotency-Key returns the first notification.
    """
    now, today = _today(now)
    _require_visible(actor, concern, today)
    key = (idempotency_key or "").strip()[:200] or None
    with transaction.atomic():
        # The lock serialises a double submit: the second one finds the concern closed and replays.
        concern = Concern.objects.select_for_update().select_related("child").get(pk=concern.pk)
        if concern.status != Concern.Status.OPEN:
            n = concern.notification
            if n is not None and key and n.idempotency_key == key:
                return n, False
            _require_open(concern)
        data = intake.NotificationData(
            child=concern.child,
            received_at=now,
            notifier=intake.self_as_notifier(actor),
            text=text,
            reasons=list(reasons),
            dialog_based=True,
            dialog_participants=dialog_participants,
            dialog_parents_view=dialog_parents_view,
        )
        notification, created = intake.notification_register(
            actor=actor, data=data, channel=Channel.EDUCATOR, idempotency_key=key, now=now
        )
        step = GuideStep.objects.filter(
            municipality_id=concern.municipality_id, kind=GuideStep.Kind.NOTIFY
        ).first()
        ConcernEntry.objects.create(
            concern=concern,
            step=step,
            # Stored in Danish whatever the UI language, like everything else on the record.
            text="Dialogbaseret underretning sendt til kommunen. Deltagere: " + dialog_participants.strip(),
            happened_on=today,
            recorded_by=actor,
        )
        concern.notification = notification
        concern.status = Concern.Status.CLOSED
        concern.outcome = Concern.Outcome.NOTIFICATION
        concern.closed_at = now
        concern.save(update_fields=["notification", "status", "outcome", "closed_at"])
        audit.record(
            actor=actor,
            action="concerns.concern.notified",
            obj=concern,
            child_id=concern.child_id,
            data={"notification": notification.pk},
        )
    return notification, created
