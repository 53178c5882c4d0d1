"""Intervention fixtures: Alice is Lukas' caseworker and calls the API with her token; time can be frozen."""

from __future__ import annotations

import pytest
import time_machine

from tidlig.interventions.tests.api_helpers import NOW


@pytest.fixture
def case(child, alice):
    child.caseworker = alice
    child.save()
    return child


@pytest.fixture
def api(token_for, alice, case):
    return token_for(alice)


@pytest.fixture
def frozen():
    """Wednesday 12 November 2025, 10:00; the API tests use it for every test (`pytestmark`)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
