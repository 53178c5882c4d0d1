from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidlig.audit import services as audit
from tidlig.organisation.models import Institution, Role, Staff

from . import cpr as cprmod
from .models import Child, Person

REGISTRARS = {Role.RECEPTION, Role.CASEWORKER, Role.TEAM_LEADER}


# Tidlig is for children and young people under 18 (BL § 1); the one age rule for registering a child.
CHILD_AGE_LIMIT = 18


def not_a_child_problem(number: str, *, today: dt.date | None = None) -> str | None:
    """Why the valid CPR number `number` cannot be a child's, in Danish, or None if it can.

    The birth date comes from the number itself (python-stdnum), so a typing error such as 010203-1234
    (born 1903) is named as what it is instead of "unknown child"."""
    born = cprmod.birth_date(number)
    today = today or timezone.localdate()
    age = cprmod.age_on(number, today)
    if age >= CHILD_AGE_LIMIT:
        return ngettext(
            "CPR-nummeret tilhører en person født i %(year)d (%(age)d år) – ikke et barn. "
            "Tidlig handler om børn og unge under %(limit)d. Tjek cifrene.",
            "CPR-nummeret tilhører en person født i %(year)d (%(age)d år) – ikke et barn. "
            "Tidlig handler om børn og unge under %(limit)d. Tjek cifrene.",
            age,
        ) % {"year": born.year, "age": age, "limit": CHILD_AGE_LIMIT}
    return None


def can_register_child(actor: Staff) -> bool:
    """Who may register a child the municipality does not know: the one test for the link and the page."""
    return bool(actor.is_authenticated and actor.role in REGISTRARS and actor.municipality_id)


def _require_registrar(actor: Staff) -> None:
    if not can_register_child(actor):
        raise PermissionDenied(_("Du kan ikke oprette børn. Bed modtagelsen om at oprette barnet."))


@transaction.atomic
def child_register(
    *,
    actor: Staff,
    cpr: str,
    first_name: str,
    last_name: str,
    institution: Institution | None = None,
    address: str = "",
) -> Child:
    """Register a child the municipality does not know yet (in production: filled from the CPR register)."""
    _require_registrar(actor)
    errors: dict[str, list] = {}
    try:
        number = cprmod.clean_cpr(cpr)
    except ValidationError as e:
        errors["cpr"] = e.messages
        number = ""
    if not first_name.strip():
        errors["first_name"] = [_("Skriv barnets fornavn.")]
    if not last_name.strip():
        errors["last_name"] = [_("Skriv barnets efternavn.")]
    if institution is not None and institution.municipality_id != actor.municipality_id:
        errors["institution"] = [_("Institutionen hører ikke til kommunen. Vælg en institution på listen.")]
    if number:
        if problem := not_a_child_problem(number):
            errors.setdefault("cpr", []).append(problem)
        if Child.objects.filter(municipality_id=actor.municipality_id, cpr=number).exists():
            errors.setdefault("cpr", []).append(_("Barnet findes allerede. Søg det frem på CPR-nummeret."))
    if errors:
        raise ValidationError(errors)
    child = Child.objects.create(
        municipality_id=actor.municipality_id,
        cpr=number,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=cprmod.birth_date(number),
        sex=cprmod.sex(number),
        institution=institution,
        district_id=institution.district_id if institution else None,
        address=address.strip(),
    )
    audit.record(actor=actor, action="people.child.registered", obj=child, child_id=child.pk)
    return child


@transaction.atomic
def unborn_child_register(
    *,
    actor: Staff,
    mother_cpr: str,
    mother_first_name: str,
    mother_last_name: str,
    expected_birth: dt.date | None,
    address: str = "",
) -> Child:
    """An unborn child (BL § 133, stk. 1, nr. 2) is identified through the expecting mother."""
    _require_registrar(actor)
    errors: dict[str, list] = {}
    try:
        number = cprmod.clean_cpr(mother_cpr)
    except ValidationError as e:
        errors["mother_cpr"] = e.messages
        number = ""
    if not (mother_first_name.strip() and mother_last_name.strip()):
        errors["mother_name"] = [_("Skriv den vordende mors for- og efternavn.")]
    if errors:
        raise ValidationError(errors)
    mother = Person.objects.filter(municipality_id=actor.municipality_id, cpr=number).first()
    if mother is None:
        mother = Person.objects.create(
            municipality_id=actor.municipality_id,
            cpr=number,
            first_name=mother_first_name.strip(),
            last_name=mother_last_name.strip(),
            address=address.strip(),
        )
    existing = Child.objects.filter(expecting_mother=mother, is_unborn=True).first()
    if existing:
        return existing
    child = Child.objects.create(
        municipality_id=actor.municipality_id,
        is_unborn=True,
        expecting_mother=mother,
        expected_birth=expected_birth,
        address=address.strip() or mother.address,
    )
    audit.record(actor=actor, action="people.child.registered_unborn", obj=child, child_id=child.pk)
    return child
