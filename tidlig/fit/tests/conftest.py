from __future__ import annotations

import json

import pytest

from tidlig.fit import services
from tidlig.fit.models import Respondent


def send(client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def case(child, alice):
    child.caseworker = alice
    child.save()
    return child


@pytest.fixture
def family(case, alice):
    """Lukas (8, so CORS/CSRS) and his mother Mette (ORS/SRS) as respondents."""
    kid = services.respondent_add(child=case, actor=alice, role=Respondent.Role.CHILD, first_name="Lukas")
    mum = services.respondent_add(child=case, actor=alice, role=Respondent.Role.MOTHER, first_name="Mette")
    return kid, mum
