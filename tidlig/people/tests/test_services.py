"""Registering a child the municipality does not know yet, and an unborn child through the mother."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import District, Institution
from tidlig.people.models import Child, Person
from tidlig.people.services import child_register, unborn_child_register

pytestmark = pytest.mark.django_db


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        call()
    return e.value.message_dict


def test_it_registers_a_child_with_birth_date_sex_and_district_from_the_cpr_and_institution(rita, org):
    child = child_register(
        actor=rita, cpr="020920-4236", first_name=" Ida ", last_name="Jensen", institution=org["syd_skole"]
    )
    assert (child.cpr, child.first_name, child.birth_date, child.sex) == (
        "0209204236",
        "Ida",
        dt.date(2020, 9, 2),
        "F",
    )
    assert child.district == org["syd"]
    assert child.municipality == rita.municipality
    entry = AuditEntry.objects.get(action="people.child.registered")
    assert (entry.actor, entry.child_id, entry.object_id) == (rita, child.pk, child.pk)


@pytest.mark.parametrize("persona", ["eva", "ann"])
def test_it_refuses_people_who_do_not_register_children(persona, request):
    with pytest.raises(PermissionDenied):
        child_register(
            actor=request.getfixturevalue(persona), cpr="0209204236", first_name="Ida", last_name="Jensen"
        )
    assert not Child.objects.exists()


def test_it_names_every_field_to_fix_in_danish(rita, other_municipality):
    district = District.objects.create(municipality=other_municipality, name="Fremmed")
    foreign = Institution.objects.create(
        municipality=other_municipality, district=district, name="Fremmed skole", kind=Institution.Kind.SCHOOL
    )
    errors = errors_of(
        lambda: child_register(
            actor=rita, cpr="321318-1234", first_name=" ", last_name="", institution=foreign
        )
    )
    assert "fødselsdato" in errors["cpr"][0]
    assert errors["first_name"] == ["Skriv barnets fornavn."]
    assert errors["last_name"] == ["Skriv barnets efternavn."]
    assert "hører ikke til kommunen" in errors["institution"][0]
    assert not Child.objects.exists()


def test_it_refuses_a_child_the_municipality_already_knows(rita, child):
    errors = errors_of(
        lambda: child_register(actor=rita, cpr="150418-4235", first_name="Lukas", last_name="Jensen")
    )
    assert "findes allerede" in errors["cpr"][0]
    assert Child.objects.count() == 1


def test_another_municipality_may_register_the_same_child(olga, child):
    other = child_register(actor=olga, cpr="150418-4235", first_name="Lukas", last_name="Jensen")
    assert other.pk != child.pk
    assert other.municipality == olga.municipality


@time_machine.travel(dt.datetime(2025, 4, 14, 12, 0, tzinfo=dt.UTC), tick=False)
def test_it_registers_a_young_person_the_day_before_the_18th_birthday(rita):
    young = child_register(actor=rita, cpr="150407-4235", first_name="Emil", last_name="Hansen")
    assert young.birth_date == dt.date(2007, 4, 15)


@time_machine.travel(dt.datetime(2025, 4, 15, 12, 0, tzinfo=dt.UTC), tick=False)
def test_it_refuses_a_person_on_the_18th_birthday(rita):
    errors = errors_of(
        lambda: child_register(actor=rita, cpr="150407-4235", first_name="Emil", last_name="Hansen")
    )
    assert "ikke et barn" in errors["cpr"][0]


def test_an_unborn_child_is_registered_through_the_expecting_mother(rita):
    unborn = unborn_child_register(
        actor=rita,
        mother_cpr="030385-1234",
        mother_first_name="Sara",
        mother_last_name="Holm",
        expected_birth=dt.date(2026, 1, 10),
        address="Vej 1",
    )
    assert unborn.is_unborn and unborn.cpr is None
    assert unborn.expecting_mother.cpr == "0303851234"
    assert unborn.address == "Vej 1"
    assert AuditEntry.objects.filter(action="people.child.registered_unborn", child_id=unborn.pk).exists()


def test_registering_the_same_unborn_child_twice_returns_the_first(rita, mother):
    first = unborn_child_register(
        actor=rita,
        mother_cpr="030385-1234",
        mother_first_name="Mette",
        mother_last_name="Jensen",
        expected_birth=None,
    )
    again = unborn_child_register(
        actor=rita,
        mother_cpr="0303851234",
        mother_first_name="Mette",
        mother_last_name="Jensen",
        expected_birth=None,
    )
    assert first.pk == again.pk
    assert first.expecting_mother == mother  # the known person, not a copy
    assert Person.objects.filter(cpr="0303851234").count() == 1


def test_it_asks_for_the_mothers_cpr_and_name(rita):
    errors = errors_of(
        lambda: unborn_child_register(
            actor=rita, mother_cpr="", mother_first_name="Sara", mother_last_name="", expected_birth=None
        )
    )
    assert errors["mother_cpr"][0].startswith("Skriv CPR-nummer")
    assert "mor" in errors["mother_name"][0]


def test_it_refuses_an_educator_registering_an_unborn_child(eva):
    with pytest.raises(PermissionDenied):
        unborn_child_register(
            actor=eva,
            mother_cpr="0303851234",
            mother_first_name="Sara",
            mother_last_name="Holm",
            expected_birth=None,
        )
