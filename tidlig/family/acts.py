"""What the family does themself (issue 14 §§ 2–3): see and withdraw their consents, write to the caseworker,
read the notes shown to them, and answer FIT from home. Reads and writes go through `access.py` (who may see
which child, logged with the citizen as reader) and the owning apps' services (which hold the rules and write
the audit row with the citizen as the one who acted).

Who may act: a parent with custody (standing CUSTODY) withdraws consents and writes messages, because the
consents were given by a custody holder on the child's behalf and the services check custody again. FIT is
answered by the respondent the citizen is (a parent by role and first name; the young person from 15 as the
child). A parent without custody (ORIENTATION) gets 404 on all of these, like any page of the case.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from tidlig.audit import services as audit
from tidlig.cases import family as case_family
from tidlig.cases.models import JournalNote
from tidlig.core import consents as consent_kinds
from tidlig.core.consents import Consent
from tidlig.crossteam import selectors as crossteam_selectors
from tidlig.crossteam import services as crossteam_services
from tidlig.crossteam.models import MeetingItem
from tidlig.fit import family as fit_family
from tidlig.fit.models import Rating
from tidlig.network import booking
from tidlig.network.models import Slot
from tidlig.people.models import Guardianship, Person
from tidlig.wellbeing import transitions
from tidlig.wellbeing.models import Transition

from .access import CUSTODY, YOUNG, ChildAccess, visible_child_for_citizen
from .citizen import Citizen


def _parent(citizen: Citizen, access: ChildAccess) -> Person:
    """The custody holder (people.Person) the citizen is for this child; 404 for anyone else."""
    if access.standing != CUSTODY:
        raise Http404
    g = (
        Guardianship.objects.filter(child=access.child, person__cpr=citizen.cpr, has_custody=True)
        .select_related("person")
        .first()
    )
    if g is None:
        raise Http404
    return g.person


def parent_for(citizen: Citizen, child_id, *, what: str) -> tuple[ChildAccess, Person]:
    """The child (logged read) and the parent with custody the citizen is; 404 otherwise."""
    access = visible_child_for_citizen(citizen, child_id, what=what, case=True)
    return access, _parent(citizen, access)


# --- consents ------------------------------------------------------------------------------------------------


def consents_of(child_id: int) -> list[Consent]:
    """Every consent given for the child, across the three apps that keep them, newest first."""
    rows = (
        crossteam_selectors.consents_for_children([child_id])
        + transitions.consents_for_children([child_id])
        + booking.consents_for_children([child_id])
    )
    return sorted(rows, key=lambda c: (c.withdrawn, -c.given_on.toordinal(), c.kind, c.id))


def consents_page(citizen: Citizen, child_id) -> tuple[ChildAccess, list[Consent]]:
    access, _person = parent_for(citizen, child_id, what="family.consents")
    return access, consents_of(access.child.pk)


def consent_for(
    citizen: Citizen, child_id, kind: str, consent_id: int
) -> tuple[ChildAccess, Person, Consent]:
    """One consent of the child (404 for another child's, an unknown kind or id)."""
    access, person = parent_for(citizen, child_id, what="family.consent")
    found = next((c for c in consents_of(access.child.pk) if c.kind == kind and c.id == consent_id), None)
    if found is None:
        raise Http404
    return access, person, found


def consent_withdraw(citizen: Citizen, child_id, kind: str, consent_id: int) -> Consent:
    """Withdraw one consent through the service of the app that keeps it; returns it as it is now (withdrawn,
    with what the withdrawal did)."""
    access, person, consent = consent_for(citizen, child_id, kind, consent_id)
    if kind == consent_kinds.CROSSTEAM:
        crossteam_services.consent_withdraw_by_parent(
            person=person, item=MeetingItem.objects.get(pk=consent.id)
        )
    elif kind == consent_kinds.TRANSITION:
        transitions.transition_consent_withdraw_by_parent(
            person=person, transition=Transition.objects.get(pk=consent.id)
        )
    elif kind == consent_kinds.NETWORK:
        booking.booking_consent_withdraw_by_parent(person=person, slot=Slot.objects.get(pk=consent.id))
    else:  # pragma: no cover - consent_for only finds the three kinds
        raise Http404
    return next(c for c in consents_of(access.child.pk) if c.kind == kind and c.id == consent_id)


# --- messages and notes ------------------------------------------------------------------------------------------


def message_send(citizen: Citizen, child_id, *, text: str) -> JournalNote:
    access, person = parent_for(citizen, child_id, what="family.message")
    return case_family.message_from_family(person=person, child=access.child, text=text)


def message_sent(citizen: Citizen, child_id, note_id: int) -> tuple[ChildAccess, JournalNote]:
    """A message this citizen sent about the child (the receipt); 404 for anything else."""
    access, person = parent_for(citizen, child_id, what="family.message_receipt")
    note = JournalNote.objects.filter(pk=note_id, child=access.child, from_person=person).first()
    if note is None:
        raise Http404
    return access, note


def notes_page(citizen: Citizen, child_id) -> tuple[ChildAccess, list[JournalNote]]:
    """The notes the caseworker showed the family, and the family's own messages (a party only)."""
    access = visible_child_for_citizen(citizen, child_id, what="family.notes", case=True)
    return access, list(case_family.notes_for_family([access.child.pk])[:100])


# --- FIT from home -----------------------------------------------------------------------------------------------

ROLE_OF_RELATION = {Guardianship.Relation.MOTHER: "mother", Guardianship.Relation.FATHER: "father"}


def _who(citizen: Citizen, access: ChildAccess) -> fit_family.Who | None:
    if access.standing == YOUNG:
        return fit_family.Who(role="child", first_name=access.child.first_name)
    if access.standing != CUSTODY:
        return None
    g = (
        Guardianship.objects.filter(child=access.child, person__cpr=citizen.cpr, has_custody=True)
        .select_related("person")
        .first()
    )
    role = ROLE_OF_RELATION.get(g.relation) if g else None
    return fit_family.Who(role=role, first_name=g.person.first_name) if role else None


@dataclass
class FitPage:
    access: ChildAccess
    who: fit_family.Who | None
    parts: list[fit_family.OpenPart]


def fit_page(citizen: Citizen, child_id) -> FitPage:
    access = visible_child_for_citizen(citizen, child_id, what="family.fit", case=True)
    who = _who(citizen, access)
    return FitPage(access=access, who=who, parts=fit_family.open_parts(access.child, who) if who else [])


def fit_part(citizen: Citizen, child_id, rating_id: int, part: str) -> tuple[FitPage, fit_family.OpenPart]:
    page = fit_page(citizen, child_id)
    found = next((p for p in page.parts if p.rating.pk == rating_id and p.part == part), None)
    if found is None:
        raise Http404
    return page, found


def fit_answer(citizen: Citizen, child_id, rating_id: int, part: str, items) -> Rating:
    page = fit_page(citizen, child_id)
    if page.who is None:
        raise Http404
    rating = (
        Rating.objects.filter(pk=rating_id, session__child=page.access.child)
        .select_related("session", "respondent")
        .first()
    )
    if rating is None:
        raise Http404
    with transaction.atomic():
        try:
            answered = fit_family.answer_from_home(
                child=page.access.child, who=page.who, rating=rating, part=part, items=items
            )
        except PermissionDenied:
            raise Http404 from None
        audit.record(
            actor=None,
            citizen=citizen.key,
            municipality_id=page.access.child.municipality_id,
            action="fit.rating.answered_from_home",
            obj=answered,
            child_id=page.access.child.pk,
            data={"part": part},
        )
    return answered
