import pytest

from .stairs import build, refresh


@pytest.fixture
def stairs(municipality, org, alice, bob):
    """The hand-counted municipality of stairs.py, its facts kept (the pages read nothing else)."""
    build(municipality, org, alice, bob)
    refresh(municipality)
    return municipality
