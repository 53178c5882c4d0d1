"""Quality / data-protection personas: karen reads Testrup's access log; quentin does the same in Andetrup."""

from __future__ import annotations

import pytest

from conftest import make_staff
from tidlig.organisation.models import Role


@pytest.fixture
def karen(municipality, org):
    return make_staff("karen", Role.QUALITY, municipality, name="Karen Kvalitet")


@pytest.fixture
def quentin(other_municipality):
    return make_staff("quentin", Role.QUALITY, other_municipality, name="Quentin Andenkommune")


@pytest.fixture
def alices_child(child, alice):
    """`child` on alice's caseload: she may read it, and every read is logged."""
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    return child
