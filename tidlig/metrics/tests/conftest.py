import pytest

from .stairs import build


@pytest.fixture
def stairs(municipality, org, alice, bob):
    """The hand-counted municipality of stairs.py."""
    return build(municipality, org, alice, bob)
