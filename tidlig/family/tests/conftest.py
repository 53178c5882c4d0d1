"""The family of the family tests: conftest's Mette Jensen (custody of Lukas, 8, and Ida, 6), Lukas's father
without custody, his grandmother (in his network, no guardian), a young person of 16 and one of 14."""

from __future__ import annotations

import datetime as dt

import pytest

from tidlig.people.models import Child, Guardianship, Person

from .helpers import FATHER_CPR, build_case_file

GRANDMOTHER_CPR = "0505551238"
ENDED_CPR = "0707821236"
YOUNG_CPR = "0203104234"  # 02.03.2010: 16 on the test clock (18.11.2026)
YOUNGER_CPR = "1212114232"  # 12.12.2011: 14 on the test clock
STRANGER_CPR = "0101701239"


@pytest.fixture
def father(municipality, child):
    p = Person.objects.create(
        municipality=municipality, cpr=FATHER_CPR, first_name="Jonas", last_name="Jensen"
    )
    Guardianship.objects.create(
        child=child, person=p, relation="father", has_custody=False, lives_with_child=False
    )
    return p


@pytest.fixture
def grandmother(municipality, child):
    """In Lukas's network, registered as a person, but no guardian of his."""
    return Person.objects.create(
        municipality=municipality, cpr=GRANDMOTHER_CPR, first_name="Grethe", last_name="Jensen"
    )


@pytest.fixture
def young(municipality, org):
    return Child.objects.create(
        municipality=municipality,
        cpr=YOUNG_CPR,
        first_name="Sofie",
        last_name="Holm",
        birth_date=dt.date(2010, 3, 2),
        sex="F",
        institution=org["syd_skole"],
        district=org["syd"],
    )


@pytest.fixture
def younger(municipality, org):
    return Child.objects.create(
        municipality=municipality,
        cpr=YOUNGER_CPR,
        first_name="Malte",
        last_name="Holm",
        birth_date=dt.date(2011, 12, 12),
        sex="M",
        institution=org["syd_skole"],
        district=org["syd"],
    )


@pytest.fixture
def case_file(child, alice, mother):
    return build_case_file(child, alice, mother)
