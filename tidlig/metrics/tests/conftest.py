import pytest

from tidlig.metrics import facts

from .stairs import build


def refresh(municipality):
    """Keep the facts of the whole history, as the demo and `tidlig facts_refresh --all` do."""
    return facts.facts_refresh(municipality=municipality, months=facts.history_months(municipality))


@pytest.fixture
def stairs(municipality, org, alice, bob):
    """The hand-counted municipality of stairs.py, its facts kept (the pages read nothing else)."""
    build(municipality, org, alice, bob)
    refresh(municipality)
    return municipality
