"""Writes for the cross-disciplinary team: its members, meetings, agenda items and minutes.

A named item needs the parents' recorded consent, and RSL § 11 e, stk. 2 limits the exchange about a
named child to one meeting ("kan ske én gang på et møde"); a follow-up meeting only "i særlige
tilfælde", so such an item is marked as the follow-up of the earlier one with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.concerns.models import Concern
from tidlig.organisation.models import Role, Staff
from tidlig.people.models import Child, Guardianship, Person
from tidlig.wellbeing import access as wellbeing_access

from .access import is_leader_of, require_leader, require_minute_taker
from .models import CrossTeamMember, MeetingItem, Profession, TeamMeeting

TEAM_ROLES = (Role.SOCIAL_WORKER, Role.PSYCHOLOGIST, Role.HEALTH_VISITOR, Role.SPECIALIST)


def _day(d: dt.date) -> str:
    return formats.date_format(d, "d.m.Y")


# --- the team ---------------------------------------------------------------------------------------------


@transaction.atomic
def member_add(*, actor: Staff, institution_id: int, staff: Staff, profession: str) -> CrossTeamMember:
    """The leader adds a member when needed (ergo-/fysioterapeut, tale-hørepædagog, SSP …); not fixed."""
    require_leader(actor, institution_id)
    errors: dict[str, list[str]] = {}
    if staff.municipality_id != actor.municipality_id or staff.role not in TEAM_ROLES or not staff.is_active:
        errors["staff"] = [_("Vælg en fagperson fra kommunens tværfaglige medarbejdere.")]
    elif CrossTeamMember.objects.filter(institution_id=institution_id, staff=staff, active=True).exists():
        errors["staff"] = [_("%(name)s er allerede med i teamet. Vælg en anden person.") % {"name": staff}]
    if profession not in Profession.values:
        errors["profession"] = [_("Vælg personens faglighed.")]
    if errors:
        raise ValidationError(errors)
    member = CrossTeamMember.objects.create(
        institution_id=institution_id, staff=staff, profession=profession, fixed=False
    )
    audit.record(actor=actor, action="crossteam.member.added", obj=member, data={"staff": staff.pk})
    return member


@transaction.atomic
def member_deactivate(*, actor: Staff, member: CrossTeamMember) -> CrossTeamMember:
    require_leader(actor, member.institution_id)
    if member.fixed:
        raise ValidationError(
            _(
                "Faste medlemmer af teamet ændres af kommunens administrator. Bed administratoren om ændringen."
            )
        )
    member.active = False
    member.save(update_fields=["active"])
    audit.record(actor=actor, action="crossteam.member.deactivated", obj=member)
    return member


# --- meetings ---------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, actor: Staff, institution_id: int, starts_at: dt.datetime, place: str) -> TeamMeeting:
    """The institution leader calls the meeting; it is held at the school or daycare."""
    require_leader(actor, institution_id)
    if starts_at is None:
        raise ValidationError({"starts_at": [_("Skriv hvornår mødet holdes.")]})
    meeting = TeamMeeting.objects.create(
        institution_id=institution_id, starts_at=starts_at, place=place.strip(), created_by=actor
    )
    audit.record(actor=actor, action="crossteam.meeting.created", obj=meeting)
    return meeting


@transaction.atomic
def meeting_record_minutes(
    *, actor: Staff, meeting: TeamMeeting, held: bool, minutes: str, next_meeting_on: dt.date | None
) -> TeamMeeting:
    require_minute_taker(actor, meeting.institution_id)
    if next_meeting_on and next_meeting_on < timezone.localtime(meeting.starts_at).date():
        raise ValidationError(
            {"next_meeting_on": [_("Næste møde skal ligge efter dette møde. Vælg en senere dato.")]}
        )
    meeting.minutes = minutes.strip()
    meeting.next_meeting_on = next_meeting_on
    if held and meeting.status != TeamMeeting.Status.HELD:
        meeting.status, meeting.held_at = TeamMeeting.Status.HELD, timezone.now()
    meeting.save(update_fields=["minutes", "next_meeting_on", "status", "held_at"])
    audit.record(actor=actor, action="crossteam.meeting.minuted", obj=meeting, data={"held": held})
    return meeting


# --- agenda items -----------------------------------------------------------------------------------------


def _consent_errors(item: MeetingItem, today: dt.date) -> dict[str, list[str]]:
    """The consent rules for a named item (RSL § 11 e, stk. 2); the DB constraint is the last guard."""
    errors: dict[str, list[str]] = {}
    if item.child_id is None:
        return {"child": [_("Vælg barnet, som punktet handler om.")]}
    if item.consent_by_id is None or item.consent_on is None:
        errors["consent_by"] = [
            _("Et punkt med barnets navn kræver forældrenes samtykke: vælg hvem der gav det og hvornår.")
        ]
        return errors
    custody = Guardianship.objects.filter(
        child_id=item.child_id, person_id=item.consent_by_id, has_custody=True
    ).exists()
    if not custody:
        errors["consent_by"] = [
            _(
                "Samtykket skal gives af en forældremyndighedsindehaver til barnet. Vælg en forælder med forældremyndighed."
            )
        ]
    if item.consent_on > today:
        errors["consent_on"] = [
            _("Samtykkedatoen ligger i fremtiden. Skriv dagens dato eller en tidligere dato.")
        ]
    if not item.consent_note.strip():
        errors["consent_note"] = [
            _("Skriv hvordan samtykket er givet, fx skriftligt eller mundtligt til lederen.")
        ]
    same = MeetingItem.objects.filter(
        kind=MeetingItem.Kind.NAMED,
        child_id=item.child_id,
        consent_by_id=item.consent_by_id,
        consent_on=item.consent_on,
    ).exclude(pk=item.pk)
    if item.consent_withdrawn_on is not None or same.filter(consent_withdrawn_on__isnull=False).exists():
        errors["consent_on"] = [_("Forældrene har trukket dette samtykke tilbage. Indhent et nyt samtykke.")]
    if item.meeting_id is None:
        return errors
    earlier = same.filter(meeting__isnull=False).exclude(meeting_id=item.meeting_id)
    original = item.follow_up_of
    if original is not None:
        if original.child_id != item.child_id or original.meeting_id is None:
            errors["follow_up_of"] = [
                _(
                    "Opfølgningen skal være på et tidligere punkt om samme barn. Vælg et punkt om barnet fra et tidligere møde."
                )
            ]
        elif original.meeting.starts_at >= item.meeting.starts_at:
            errors["follow_up_of"] = [
                _(
                    "Punktet, der følges op på, skal være fra et tidligere møde. Vælg et punkt fra et tidligere møde."
                )
            ]
        elif MeetingItem.objects.filter(follow_up_of=original).exclude(pk=item.pk).exists():
            errors["follow_up_of"] = [
                _("Der er allerede holdt et opfølgende møde om dette punkt. Indhent et nyt samtykke.")
            ]
        if not item.follow_up_reason.strip():
            errors["follow_up_reason"] = [
                _("Begrund hvorfor der er tale om et særligt tilfælde (RSL § 11 e, stk. 2).")
            ]
        earlier = earlier.exclude(pk=original.pk)
    first = earlier.select_related("meeting").order_by("meeting__starts_at").first()
    if first is not None:
        errors["consent_on"] = [
            _(
                "Samtykket fra %(consent)s er allerede brugt på mødet %(meeting)s. Efter "
                "retssikkerhedslovens § 11 e, stk. 2 kan oplysninger om barnet udveksles én gang på et "
                "møde: indhent et nyt samtykke, eller markér punktet som opfølgning på det tidligere punkt "
                "og begrund hvorfor."
            )
            % {"consent": _day(item.consent_on), "meeting": _day(timezone.localtime(first.meeting.starts_at))}
        ]
    return errors


def _validate(item: MeetingItem, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if not item.question.strip():
        errors["question"] = [_("Skriv hvad I ønsker drøftet.")]
    if item.kind == MeetingItem.Kind.ANONYMOUS:
        if not item.anonymous_label.strip():
            errors["anonymous_label"] = [_("Beskriv barnet uden navn, fx »dreng, 4 år«.")]
        item.child = item.consent_by = item.consent_on = item.follow_up_of = None
        item.parents_invited = False
    elif item.kind == MeetingItem.Kind.NAMED:
        if item.child_id and item.child.institution_id != item.institution_id:
            errors["child"] = [_("Barnet går ikke i denne institution. Vælg et barn fra institutionen.")]
        errors |= _consent_errors(item, today)
    else:
        errors["kind"] = [_("Vælg om punktet er anonymt eller med barnets navn.")]
    if item.meeting_id and item.meeting.status != TeamMeeting.Status.PLANNED:
        errors["meeting"] = [_("Mødet er afholdt eller aflyst; vælg et planlagt møde.")]
    if errors:
        raise ValidationError(errors)


def _item(
    *,
    actor: Staff,
    institution_id: int,
    meeting: TeamMeeting | None,
    kind: str,
    question: str,
    anonymous_label: str = "",
    child: Child | None = None,
    consent_by: Person | None = None,
    consent_on: dt.date | None = None,
    consent_note: str = "",
    parents_invited: bool = False,
    follow_up_of: MeetingItem | None = None,
    follow_up_reason: str = "",
    concern: Concern | None = None,
) -> MeetingItem:
    item = MeetingItem(
        institution_id=institution_id,
        meeting=meeting,
        kind=kind,
        question=question.strip(),
        anonymous_label=anonymous_label.strip(),
        child=child,
        consent_by=consent_by,
        consent_on=consent_on,
        consent_note=consent_note.strip(),
        parents_invited=parents_invited,
        follow_up_of=follow_up_of,
        follow_up_reason=follow_up_reason.strip(),
        concern=concern,
        raised_by=actor,
    )
    if concern is not None and child is not None and concern.child_id != child.pk:
        raise ValidationError(
            {"concern": [_("Bekymringen handler om et andet barn. Vælg en bekymring om dette barn.")]}
        )
    _validate(item, timezone.localdate())
    if meeting is not None:
        item.order = meeting.items.count() + 1
    item.save()
    return item


@transaction.atomic
def item_add(*, actor: Staff, meeting: TeamMeeting, **fields) -> MeetingItem:
    """The leader puts an item on the agenda (BL's local teams: the leader decides what is discussed)."""
    require_leader(actor, meeting.institution_id)
    item = _item(actor=actor, institution_id=meeting.institution_id, meeting=meeting, **fields)
    audit.record(actor=actor, action="crossteam.item.added", obj=item, child_id=item.child_id)
    return item


@transaction.atomic
def item_propose(*, actor: Staff, concern: Concern | None = None, **fields) -> MeetingItem:
    """An educator (or the leader) proposes an item, e.g. from a concern; the leader schedules it."""
    today = timezone.localdate()
    institution_id = actor.institution_id
    if actor.role not in (Role.EDUCATOR, Role.INSTITUTION_LEADER) or not institution_id:
        raise PermissionDenied(
            _(
                "Kun pædagoger, lærere og ledere kan foreslå et punkt til teamet. Bed en af dem om at foreslå det."
            )
        )
    mine = wellbeing_access.children_visible_to(actor, today=today)
    if concern is not None and not (
        concern.raised_by_id == actor.pk or mine.filter(pk=concern.child_id).exists()
    ):
        raise PermissionDenied(
            _(
                "Du kan kun foreslå punkter om børn i dine egne grupper. Bed barnets pædagog eller lærer om at foreslå punktet."
            )
        )
    child = fields.get("child")
    if child is not None and not mine.filter(pk=child.pk).exists():
        raise PermissionDenied(
            _(
                "Du kan kun foreslå punkter om børn i dine egne grupper. Bed barnets pædagog eller lærer om at foreslå punktet."
            )
        )
    item = _item(actor=actor, institution_id=institution_id, meeting=None, concern=concern, **fields)
    audit.record(actor=actor, action="crossteam.item.proposed", obj=item, child_id=item.child_id)
    return item


@transaction.atomic
def item_schedule(*, actor: Staff, item: MeetingItem, meeting: TeamMeeting) -> MeetingItem:
    """The leader puts a proposal (or a moved item) on a planned meeting; the consent rules apply again."""
    require_leader(actor, item.institution_id)
    if meeting.institution_id != item.institution_id:
        raise ValidationError({"meeting": [_("Vælg et møde i samme institution.")]})
    item.meeting = meeting
    item.order = meeting.items.count() + 1
    _validate(item, timezone.localdate())
    item.save(update_fields=["meeting", "order"])
    audit.record(actor=actor, action="crossteam.item.scheduled", obj=item, data={"meeting": meeting.pk})
    return item


@transaction.atomic
def item_record_minutes(
    *,
    actor: Staff,
    item: MeetingItem,
    advice: str,
    agreements: str,
    responsible: str,
    follow_up_on: dt.date | None,
    parents_attended: bool | None = None,
) -> MeetingItem:
    """Minutes of an item: the team's advice, the agreements, who does what, and when to follow up."""
    if item.meeting_id is None:
        raise ValidationError(
            _("Punktet er ikke sat på et møde endnu. Bed lederen om at sætte det på et møde.")
        )
    require_minute_taker(actor, item.institution_id)
    if item.consent_withdrawn_on and not is_leader_of(actor, item.institution_id):
        raise PermissionDenied(
            _(
                "Forældrene har trukket samtykket tilbage; kun lederen kan skrive i punktet. Bed lederen om at skrive det."
            )
        )
    if follow_up_on and follow_up_on < timezone.localtime(item.meeting.starts_at).date():
        raise ValidationError(
            {"follow_up_on": [_("Opfølgningen skal ligge efter mødet. Vælg en dato efter mødet.")]}
        )
    item.advice, item.agreements = advice.strip(), agreements.strip()
    item.responsible, item.follow_up_on = responsible.strip(), follow_up_on
    if item.parents_invited:
        item.parents_attended = parents_attended
    item.save(update_fields=["advice", "agreements", "responsible", "follow_up_on", "parents_attended"])
    audit.record(actor=actor, action="crossteam.item.minuted", obj=item, child_id=item.child_id)
    return item


@transaction.atomic
def item_withdraw_consent(
    *, actor: Staff, item: MeetingItem, withdrawn_on: dt.date | None = None
) -> MeetingItem:
    """The parents withdraw their consent: from then on the team's members no longer see the child's name."""
    if not (is_leader_of(actor, item.institution_id) or item.raised_by_id == actor.pk):
        raise PermissionDenied(
            _(
                "Kun lederen eller den, der rejste punktet, kan registrere dette. Bed en af dem om at gøre det."
            )
        )
    if item.kind != MeetingItem.Kind.NAMED:
        raise ValidationError(
            _("Punktet er anonymt; der er intet samtykke at trække tilbage. Gå tilbage til punktet.")
        )
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on > timezone.localdate():
        raise ValidationError(
            {
                "consent_withdrawn_on": [
                    _("Datoen ligger i fremtiden. Skriv dagens dato eller en tidligere dato.")
                ]
            }
        )
    MeetingItem.objects.filter(
        child_id=item.child_id,
        consent_by_id=item.consent_by_id,
        consent_on=item.consent_on,
        consent_withdrawn_on__isnull=True,
    ).update(consent_withdrawn_on=withdrawn_on)
    item.consent_withdrawn_on = withdrawn_on
    audit.record(actor=actor, action="crossteam.item.consent_withdrawn", obj=item, child_id=item.child_id)
    return item


# --- the parents' own withdrawal (issue 14 § 2) ---------------------------------------------------------------


def same_consent(item: MeetingItem):
    """Every named item given on the same consent (one parent, one date, one child)."""
    return MeetingItem.objects.filter(
        kind=MeetingItem.Kind.NAMED,
        child_id=item.child_id,
        consent_by_id=item.consent_by_id,
        consent_on=item.consent_on,
    )


def _not_held(items):
    return items.filter(Q(meeting__isnull=True) | Q(meeting__status=TeamMeeting.Status.PLANNED))


@transaction.atomic
def consent_withdraw_by_parent(*, person: Person, item: MeetingItem) -> MeetingItem:
    """A parent with custody withdraws the consent behind a named item, signed in to Tidlig.

    The effect (RSL § 11 e, stk. 2 rests the exchange on the consent; databeskyttelsesforordningens art. 7,
    stk. 3: a withdrawal does not make the earlier exchange unlawful): every item on this consent that has
    not been discussed is taken off the agenda, and the team cannot put it on again (a new consent is
    needed); an item already discussed stays in the minutes as it was, but the team's members no longer
    see the child's name. Staff see the withdrawal, when and by whom, on the item."""
    item = MeetingItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if item.kind != MeetingItem.Kind.NAMED or not parent_may_withdraw(person, item.child_id):
        raise PermissionDenied(
            _(
                "Kun en forælder med forældremyndighed kan trække samtykket tilbage. Vælg en forælder med forældremyndighed."
            )
        )
    if item.consent_withdrawn_on is not None:
        raise ValidationError(
            _("Samtykket er allerede trukket tilbage den %(day)s. Genindlæs siden for at se det.")
            % {"day": _day(item.consent_withdrawn_on)}
        )
    today = timezone.localdate()
    rows = same_consent(item).filter(consent_withdrawn_on__isnull=True)
    off_agenda = list(_not_held(rows).values_list("pk", flat=True))
    rows.update(consent_withdrawn_on=today, consent_withdrawn_by=person)
    MeetingItem.objects.filter(pk__in=off_agenda).update(meeting=None)
    item.refresh_from_db()
    audit.record_citizen(
        person=person,
        action="crossteam.item.consent_withdrawn",
        obj=item,
        child_id=item.child_id,
        data={"by": "family", "off_agenda": off_agenda},
    )
    return item


def parent_may_withdraw(person: Person, child_id: int) -> bool:
    """A parent with custody of the child now (the consent was given on the child's behalf)."""
    return Guardianship.objects.filter(person=person, child_id=child_id, has_custody=True).exists()
