"""The only writers of the caseworkers' bookable slots, the bookings a school or daycare leader makes, and the
personal calendar feeds (keyword-only arguments, one transaction, the audit row in it; e-mail after commit).
A booked slot becomes a network meeting through `services`."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.organisation.models import Staff
from tidlig.organisation.services import token_digest
from tidlig.people.models import Child

from . import ics
from .access import require_booker, require_holder
from .models import (
    CalendarFeed,
    Context,
    NetworkMeeting,
    Slot,
)
from .services import _check_times, _event, _last_held, _send, gettext_noop

log = logging.getLogger(__name__)


# --- slots --------------------------------------------------------------------------------------------------


def slot_publish(*, actor: Staff, starts_at: dt.datetime, ends_at: dt.datetime, place: str = "") -> Slot:
    require_holder(actor)
    _check_times(starts_at, ends_at)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": [_("En ledig tid skal ligge i fremtiden.")]})
    with transaction.atomic():
        overlap = Slot.objects.filter(
            caseworker=actor, withdrawn_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).exists()
        if overlap:
            raise ValidationError({"starts_at": [_("Du har allerede en tid, der overlapper.")]})
        s = Slot.objects.create(
            municipality_id=actor.municipality_id,
            caseworker=actor,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
        )
        audit.record(actor=actor, action="network.slot.published", obj=s)
    return s


def slot_withdraw(*, actor: Staff, slot: Slot) -> Slot:
    with transaction.atomic():
        s = Slot.objects.select_for_update(of=("self",)).get(pk=slot.pk)
        if s.caseworker_id != actor.pk:
            raise PermissionDenied(_("Du kan kun trække dine egne tider tilbage."))
        if not s.is_free:
            raise ValidationError(_("Tiden er booket; aflys mødet i stedet."))
        s.withdrawn_at = timezone.now()
        s.save(update_fields=["withdrawn_at"])
        audit.record(actor=actor, action="network.slot.withdrawn", obj=s)
    return s


def slot_book(
    *,
    actor: Staff,
    slot: Slot,
    child: Child,
    consent_by: str,
    consent_on: dt.date | None,
    purpose: str = "",
    send: bool = True,
) -> NetworkMeeting:
    """A school or daycare leader books a free slot for a network meeting about a child of their institution,
    with the parents' consent recorded (who gave it, and when). The caseworker and the leader get the
    invitation."""
    require_booker(actor)
    if child.municipality_id != actor.municipality_id or child.institution_id != actor.institution_id:
        raise PermissionDenied(_("Du kan kun booke til børn fra din egen institution."))
    errors = {}
    if not consent_by.strip():
        errors["consent_by"] = [_("Skriv hvem der har givet samtykke (forældrene).")]
    if consent_on is None:
        errors["consent_on"] = [_("Skriv hvornår forældrene gav samtykke.")]
    elif consent_on > timezone.localdate():
        errors["consent_on"] = [_("Samtykket kan ikke være givet i fremtiden.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        s = Slot.objects.select_for_update(of=("self",)).select_related("caseworker__team").get(pk=slot.pk)
        if s.municipality_id != actor.municipality_id:
            raise PermissionDenied
        if not s.is_free:
            raise ValidationError({"slot": [_("Tiden er ikke længere ledig. Vælg en anden.")]})
        if s.starts_at <= timezone.now():
            raise ValidationError({"slot": [_("Tiden er overstået. Vælg en anden.")]})
        m = NetworkMeeting.objects.create(
            municipality_id=child.municipality_id,
            child=child,
            caseworker=s.caseworker,
            context=Context.ADVICE,
            previous=_last_held(child),
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            place=s.place,
            purpose=purpose.strip(),
            institution_participants=str(actor),
            created_by=actor,
        )
        s.meeting, s.booked_by, s.booked_for, s.booked_at = m, actor, actor.institution, timezone.now()
        s.consent_by, s.consent_on = consent_by.strip(), consent_on
        s.save()
        _event(
            m,
            "network.slot.booked",
            gettext_noop("Netværksmøde booket af %(institution)s"),
            {"institution": actor.institution.name},
            actor,
        )
        audit.record(
            actor=actor,
            action="network.slot.booked",
            obj=s,
            child_id=child.pk,
            data={"consent_by": s.consent_by, "consent_on": consent_on.isoformat()},
        )
        if send:
            _send(m, ics.REQUEST)
    return m


# --- the personal calendar feed -----------------------------------------------------------------------------


def feed_create(*, actor: Staff) -> str:
    """A new secret feed URL token for the actor (any earlier one is revoked); shown once, stored as a digest."""
    require_holder(actor)
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(staff=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())
        feed = CalendarFeed.objects.create(staff=actor, digest=token_digest(raw))
        audit.record(actor=actor, action="network.feed.created", obj=feed)
    return raw


def feed_revoke(*, actor: Staff) -> int:
    with transaction.atomic():
        n = CalendarFeed.objects.filter(staff=actor, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit.record(actor=actor, action="network.feed.revoked", data={"revoked": n})
    return n
