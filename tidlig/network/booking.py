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
from tidlig.core import consents
from tidlig.core.consents import Consent
from tidlig.organisation.models import Staff
from tidlig.organisation.services import token_digest
from tidlig.people.models import Child, Person

from . import ics
from .access import require_booker, require_holder
from .models import (
    CalendarFeed,
    Context,
    NetworkMeeting,
    Slot,
)
from .services import _check_times, _event, _last_held, _recipients, _send, gettext_noop

log = logging.getLogger(__name__)


# --- slots --------------------------------------------------------------------------------------------------


def slot_publish(*, actor: Staff, starts_at: dt.datetime, ends_at: dt.datetime, place: str = "") -> Slot:
    require_holder(actor)
    _check_times(starts_at, ends_at)
    if starts_at <= timezone.now():
        raise ValidationError(
            {"starts_at": [_("En ledig tid skal ligge i fremtiden. Vælg et senere tidspunkt.")]}
        )
    with transaction.atomic():
        overlap = Slot.objects.filter(
            caseworker=actor, withdrawn_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).exists()
        if overlap:
            raise ValidationError(
                {"starts_at": [_("Du har allerede en tid, der overlapper. Vælg et andet tidspunkt.")]}
            )
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
            raise PermissionDenied(
                _("Du kan kun trække dine egne tider tilbage. Bed den, der lagde tiden ud, om at gøre det.")
            )
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
    consent_person: Person | None = None,
    purpose: str = "",
    send: bool = True,
) -> NetworkMeeting:
    """A school or daycare leader books a free slot for a network meeting about a child of their institution,
    with the parents' consent recorded (who gave it, and when). The caseworker and the leader get the
    invitation. The consent is linked to the parent with custody who gave it (`consent_person`, or the one
    whose full name is the free text), so the parent sees it in Tidlig and can withdraw it (issue 14 § 2)."""
    require_booker(actor)
    if child.municipality_id != actor.municipality_id or child.institution_id != actor.institution_id:
        raise PermissionDenied(
            _("Du kan kun booke til børn fra din egen institution. Vælg et barn fra din institution.")
        )
    errors = {}
    if not consent_by.strip():
        errors["consent_by"] = [_("Skriv hvem der har givet samtykke (forældrene).")]
    if consent_on is None:
        errors["consent_on"] = [_("Skriv hvornår forældrene gav samtykke.")]
    elif consent_on > timezone.localdate():
        errors["consent_on"] = [
            _("Samtykket kan ikke være givet i fremtiden. Skriv dagens dato eller en tidligere dato.")
        ]
    if consent_person is not None and not _custody(child).filter(pk=consent_person.pk).exists():
        errors["consent_person"] = [_("Vælg en forælder med forældremyndighed over barnet.")]
    if errors:
        raise ValidationError(errors)
    consent_person = consent_person or _named_parent(child, consent_by)
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
        s.consent_by, s.consent_on, s.consent_person = consent_by.strip(), consent_on, consent_person
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
            data={
                "consent_by": s.consent_by,
                "consent_on": consent_on.isoformat(),
                "consent_person": consent_person.pk if consent_person else None,
            },
        )
        if send:
            _send(m, ics.REQUEST)
    return m


def _custody(child: Child):
    return Person.objects.filter(guardianships__child=child, guardianships__has_custody=True)


def _named_parent(child: Child, text: str) -> Person | None:
    """The one parent with custody whose full name is the free text (case and spaces ignored), else None."""
    wanted = " ".join(text.split()).casefold()
    found = [p for p in _custody(child) if " ".join(str(p).split()).casefold() == wanted]
    return found[0] if len(found) == 1 else None


# --- the parents' consent, seen and withdrawn by the parents (issue 14 § 2) ------------------------------------


@transaction.atomic
def booking_consent_withdraw_by_parent(*, person: Person, slot: Slot) -> Slot:
    """A parent with custody withdraws the consent behind a booked network meeting, signed in to Tidlig.

    The booking rests on the consent: a meeting not yet held is cancelled (METHOD:CANCEL to everyone invited,
    as when staff cancel it) and the caseworker's time is free again as a new slot; the booking row keeps the
    consent and its withdrawal for the record. A meeting already held is not undone: what was said stays in
    the minutes (databeskyttelsesforordningens art. 7, stk. 3). Either way the caseworker sees it on the
    child's timeline and on the meeting."""
    s = Slot.objects.select_for_update(of=("self",)).get(pk=slot.pk)
    m = NetworkMeeting.objects.select_related("child", "caseworker").filter(pk=s.meeting_id).first()
    if m is None or not _custody(m.child).filter(pk=person.pk).exists():
        raise PermissionDenied(
            _(
                "Kun en forælder med forældremyndighed kan trække samtykket tilbage. Vælg en forælder med forældremyndighed."
            )
        )
    if s.consent_withdrawn_on is not None:
        raise ValidationError(
            _("Samtykket er allerede trukket tilbage den %(day)s. Genindlæs siden for at se det.")
            % {"day": s.consent_withdrawn_on.strftime("%d.%m.%Y")}
        )
    now = timezone.now()
    s.consent_withdrawn_on, s.consent_withdrawn_by = timezone.localdate(), person
    cancelled = m.status == NetworkMeeting.Status.PLANNED and m.starts_at > now
    if cancelled:
        recipients = _recipients(m)
        m.status = NetworkMeeting.Status.CANCELLED
        m.sequence += 1
        m.outcome_reason = gettext_noop("Forældrene trak samtykket tilbage via Tidlig.")
        m.save(update_fields=["status", "sequence", "outcome_reason"])
        s.withdrawn_at = now
        Slot.objects.create(
            municipality_id=s.municipality_id,
            caseworker_id=s.caseworker_id,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            place=s.place,
        )
    s.save(update_fields=["consent_withdrawn_on", "consent_withdrawn_by", "withdrawn_at"])
    _event(
        m,
        "network.booking.consent_withdrawn",
        gettext_noop("Forældrene trak samtykket til netværksmødet tilbage via Tidlig; mødet er aflyst")
        if cancelled
        else gettext_noop("Forældrene trak samtykket til netværksmødet tilbage via Tidlig"),
        None,
        None,
    )
    audit.record_citizen(
        person=person,
        action="network.booking.consent_withdrawn",
        obj=s,
        child_id=m.child_id,
        data={"by": "family", "meeting": m.pk, "cancelled": cancelled},
    )
    if cancelled:
        _send(m, ics.CANCEL, recipients)
    return s


def consents_for_children(child_ids) -> list[Consent]:
    """The booked network meetings' consents for these children, with what withdrawing does or did. The
    caller (the family's selector) checks who asks and logs the read."""
    slots = (
        Slot.objects.filter(meeting__child_id__in=list(child_ids), consent_on__isnull=False)
        .select_related("meeting", "booked_for", "consent_person")
        .order_by("consent_on", "pk")
    )
    return [
        Consent(
            kind=consents.NETWORK,
            id=s.pk,
            child_id=s.meeting.child_id,
            title=_("Netværksmøde den %(day)s") % {"day": _local_day(s.meeting.starts_at)},
            given_to=s.booked_for.name if s.booked_for else "",
            given_by=str(s.consent_person) if s.consent_person else s.consent_by,
            given_on=s.consent_on,
            withdrawn_on=s.consent_withdrawn_on,
            withdrawn_by_family=s.consent_withdrawn_by_id is not None,
            effect=_booking_effect(s),
        )
        for s in slots
    ]


def _local_day(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%d.%m.%Y")


def _booking_effect(s: Slot) -> str:
    m = s.meeting
    day = _local_day(m.starts_at)
    if s.consent_withdrawn_on is not None:
        if m.status == NetworkMeeting.Status.CANCELLED:
            return _("Mødet den %(day)s er aflyst. Alle, der var inviteret, har fået besked.") % {"day": day}
        return _("Mødet blev holdt den %(day)s. Det kan ikke gøres om.") % {"day": day}
    if m.status == NetworkMeeting.Status.PLANNED and m.starts_at > timezone.now():
        return _(
            "Mødet den %(day)s bliver aflyst. Alle, der er inviteret, får besked. Skolen eller dagtilbuddet kan "
            "kun booke et nyt møde, hvis I giver et nyt samtykke."
        ) % {"day": day}
    return _(
        "Mødet blev holdt den %(day)s. Det kan ikke gøres om. Men skolen eller dagtilbuddet kan ikke booke et "
        "nyt møde på dette samtykke."
    ) % {"day": day}


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
