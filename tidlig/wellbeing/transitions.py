"""Transitions (overgang): a handover summary from daycare to school, only with the parents' consent.

Without consent from a parent with custody (forældremyndighed) nothing is sent and nothing follows the
child: the service refuses and no row is written. The summary is what the daycare chooses to hand over;
the daycare's ratings never follow the child (the school's staff see ratings of their own institution
only). The exchange rests on the parents' consent (databeskyttelsesforordningens art. 6, stk. 1,
litra a, and art. 9, stk. 2, litra a where the summary holds health data).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.audit import services as audit
from tidlig.core import consents
from tidlig.core.consents import Consent
from tidlig.organisation.models import Institution, Role, Staff
from tidlig.people.models import Child, Person

from .models import GroupMember, Transition


def child_to_hand_over(actor: Staff, child_id: int) -> Child:
    """The child whose handover the actor may write (its daycare's educator or leader), read for the form
    and logged; 404 for a child outside the municipality, 403 for one the actor may not hand over."""
    child = Child.objects.filter(pk=child_id, municipality_id=actor.municipality_id).first()
    if child is None:
        raise Http404
    if sending_institution(actor, child) is None:
        raise PermissionDenied(
            _(
                "Kun pædagoger i barnets gruppe og lederen af dagtilbuddet kan skrive en overlevering. "
                "Bed en af dem om at skrive den."
            )
        )
    audit.record_access(actor=actor, child_ids=[child.pk], what="transition_form")
    return child


def sending_institution(actor: Staff, child: Child) -> Institution | None:
    """The daycare whose educator (of the child's current group) or leader the actor is, else None."""
    if not actor.is_authenticated or actor.role not in (Role.EDUCATOR, Role.INSTITUTION_LEADER):
        return None
    members = GroupMember.objects.filter(
        child=child,
        left_on__isnull=True,
        group__active=True,
        group__institution__kind=Institution.Kind.DAYCARE,
        group__institution__municipality_id=actor.municipality_id,
    ).select_related("group__institution")
    if actor.role == Role.EDUCATOR:
        members = members.filter(group__educators=actor)
    else:
        members = members.filter(group__institution_id=actor.institution_id)
    member = members.first()
    return member.group.institution if member else None


def schools_for(actor: Staff) -> QuerySet[Institution]:
    return Institution.objects.filter(municipality_id=actor.municipality_id, kind=Institution.Kind.SCHOOL)


def custody_holders(child: Child) -> QuerySet[Person]:
    return Person.objects.filter(guardianships__child=child, guardianships__has_custody=True)


@transaction.atomic
def transition_create(
    *,
    actor: Staff,
    child: Child,
    to_institution: Institution | None,
    summary: str,
    consent_by: Person | None,
    consent_on: dt.date | None,
    today: dt.date,
) -> Transition:
    from_institution = sending_institution(actor, child)
    if from_institution is None:
        raise PermissionDenied(
            _(
                "Kun pædagoger i barnets gruppe og lederen af dagtilbuddet kan skrive en overlevering. "
                "Bed en af dem om at skrive den."
            )
        )
    errors: dict[str, str] = {}
    if consent_by is None or not custody_holders(child).filter(pk=consent_by.pk).exists():
        errors["consent_by"] = _(
            "Overleveringen kan kun sendes med samtykke fra en forælder med forældremyndighed. "
            "Uden samtykke sendes intet, og intet følger barnet. Indhent samtykket først."
        )
    if consent_on is None:
        errors["consent_on"] = _("Skriv datoen for forældrenes samtykke.")
    elif consent_on > today:
        errors["consent_on"] = _("Samtykket kan ikke være givet i fremtiden. Ret datoen.")
    if to_institution is None or not schools_for(actor).filter(pk=to_institution.pk).exists():
        errors["to_institution"] = _("Vælg den skole, barnet skal gå i.")
    if not summary.strip():
        errors["summary"] = _("Skriv overleveringen til skolen.")
    if errors:
        raise ValidationError(errors)
    t = Transition.objects.create(
        child=child,
        from_institution=from_institution,
        to_institution=to_institution,
        summary=summary.strip(),
        consent_by=consent_by,
        consent_on=consent_on,
        written_by=actor,
    )
    audit.record(
        actor=actor,
        action="wellbeing.transition.sent",
        obj=t,
        child_id=child.pk,
        data={"to_institution": to_institution.pk, "consent_on": consent_on.isoformat()},
    )
    return t


def transitions_received(actor: Staff) -> QuerySet[Transition]:
    """Handovers the actor may read: the receiving school's leader, and the educators of the child's new group."""
    if not actor.is_authenticated or not actor.institution_id:
        return Transition.objects.none()
    base = Transition.objects.filter(to_institution__municipality_id=actor.municipality_id)
    if actor.role == Role.INSTITUTION_LEADER:
        return base.filter(to_institution_id=actor.institution_id)
    if actor.role == Role.EDUCATOR:
        in_new_group = GroupMember.objects.filter(
            child_id=OuterRef("child_id"),
            group__institution_id=OuterRef("to_institution_id"),
            group__educators=actor,
            group__active=True,
            left_on__isnull=True,
        )
        return base.filter(Exists(in_new_group))
    return Transition.objects.none()


def _withheld(t: Transition) -> Transition:
    """A handover whose consent a parent withdrew is no longer read here: the school sees that it was
    withdrawn (when, by whom), not the summary (issue 14 § 2)."""
    if t.consent_withdrawn_on is not None:
        t.summary = ""
    return t


def received_list(actor: Staff) -> list[Transition]:
    rows = list(
        transitions_received(actor).select_related(
            "child", "from_institution", "to_institution", "written_by", "consent_withdrawn_by"
        )
    )
    audit.record_access(actor=actor, child_ids=[t.child_id for t in rows], what="transitions")
    return [_withheld(t) for t in rows]


def transition_for(actor: Staff, pk: int) -> Transition:
    t = (
        transitions_received(actor)
        .select_related("child", "from_institution", "to_institution", "written_by", "consent_by")
        .filter(pk=pk)
        .first()
    )
    if t is None:
        raise Http404
    audit.record_access(actor=actor, child_ids=[t.child_id], what="transition")
    return _withheld(t)


# --- the parents' consent, seen and withdrawn by the parents (issue 14 § 2) -----------------------------------


def _day(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def consents_for_children(child_ids) -> list[Consent]:
    """The handovers' consents for these children, with what withdrawing does or did. The caller (the
    family's selector) checks who asks and logs the read."""
    rows = Transition.objects.filter(child_id__in=list(child_ids)).select_related(
        "to_institution", "from_institution", "consent_by"
    )
    return [
        Consent(
            kind=consents.TRANSITION,
            id=t.pk,
            child_id=t.child_id,
            title=_("Overlevering fra dagtilbud til skole"),
            given_to=t.to_institution.name,
            given_by=str(t.consent_by),
            given_on=t.consent_on,
            withdrawn_on=t.consent_withdrawn_on,
            withdrawn_by_family=t.consent_withdrawn_by_id is not None,
            effect=_transition_effect(t),
        )
        for t in rows.order_by("consent_on", "pk")
    ]


def _transition_effect(t: Transition) -> str:
    sent = _day(timezone.localtime(t.created_at).date())
    if t.consent_withdrawn_on is not None:
        return _(
            "%(school)s kan ikke længere læse overleveringen i Tidlig. Den blev sendt den %(day)s. Det, skolen "
            "allerede har læst, kan ikke gøres om."
        ) % {"school": t.to_institution.name, "day": sent}
    return _(
        "%(school)s kan ikke længere læse overleveringen i Tidlig. Den blev sendt den %(day)s. Det, skolen "
        "allerede har læst, kan ikke gøres om. Dagtilbuddet kan kun sende en ny overlevering, hvis I giver et "
        "nyt samtykke."
    ) % {"school": t.to_institution.name, "day": sent}


@transaction.atomic
def transition_consent_withdraw_by_parent(*, person: Person, transition: Transition) -> Transition:
    """A parent with custody withdraws the consent behind a handover, signed in to Tidlig.

    A handover is sent when it is written, so there is never an unsent one to stop. From the withdrawal on,
    the school no longer reads the summary in Tidlig; the exchange that already happened stays lawful and is
    not undone (databeskyttelsesforordningens art. 7, stk. 3). The school sees when and by whom."""
    t = Transition.objects.select_for_update(of=("self",)).get(pk=transition.pk)
    if not custody_holders(t.child).filter(pk=person.pk).exists():
        raise PermissionDenied(
            _(
                "Kun en forælder med forældremyndighed kan trække samtykket tilbage. Vælg en forælder med forældremyndighed."
            )
        )
    if t.consent_withdrawn_on is not None:
        raise ValidationError(
            _("Samtykket er allerede trukket tilbage den %(day)s. Genindlæs siden for at se det.")
            % {"day": _day(t.consent_withdrawn_on)}
        )
    t.consent_withdrawn_on, t.consent_withdrawn_by = timezone.localdate(), person
    t.save(update_fields=["consent_withdrawn_on", "consent_withdrawn_by"])
    audit.record_citizen(
        person=person,
        action="wellbeing.transition.consent_withdrawn",
        obj=t,
        child_id=t.child_id,
        data={"by": "family", "to_institution": t.to_institution_id},
    )
    return t
