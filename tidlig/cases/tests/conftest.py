"""Case fixtures on top of the shared personas: Lukas (`child`) with Alice as his caseworker."""

from __future__ import annotations

import pytest


@pytest.fixture
def owned(child, alice):
    """Lukas, with Alice as his caseworker: Alice and her team leader Tom own the case."""
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    return child
