"""Ankestyrelsen's second key figure per year, counted by hand, with small counts suppressed."""

import datetime as dt

import pytest

from tidlig.interventions.models import Appeal, Decision, MeasureType

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def appeals(municipality, child, alice):
    decision = Decision.objects.create(
        municipality=municipality,
        child=child,
        type=MeasureType.objects.filter(municipality=None).first(),
        planned_on=D(2025, 1, 10),
        decided_on=D(2025, 1, 10),
        drafted_by=alice,
        purpose="Formål",
        expected_duration="6 måneder",
        reasoning="Begrundelse",
    )

    def appeal(received, outcome="", outcome_on=None):
        Appeal.objects.create(
            decision=decision,
            received_on=received,
            recorded_by=alice,
            reconsidered_on=received + dt.timedelta(days=20) if outcome else None,
            reconsideration="kept" if outcome else "",
            outcome=outcome,
            outcome_on=outcome_on,
        )

    # 2025, by hand: 12 received; Ankestyrelsen decided 11 on the merits (one dismissed is left out),
    # 3 changed + 2 remitted = 5 of 11 = 45 %.
    for outcome in ["changed"] * 3 + ["remitted"] * 2 + ["upheld"] * 6 + ["dismissed"]:
        appeal(D(2025, 2, 1), outcome, D(2025, 6, 1))
    # 2026: 2 received, 1 changed and 1 upheld: too few to show.
    appeal(D(2026, 2, 1), "changed", D(2026, 6, 1))
    appeal(D(2026, 2, 1), "upheld", D(2026, 6, 1))


def test_share_changed_or_remitted_per_year(karen, appeals, client_for):
    rows = client_for(karen).get("/api/v1/appeal-figures").json()
    assert rows[1] == {"year": 2025, "received": 12, "decided": 11, "changed": 5, "share": 45, "hidden": {}}
    assert rows[0] == {
        "year": 2026,
        "received": None,
        "decided": None,
        "changed": None,
        "share": None,
        "hidden": {"received": "small", "decided": "small", "changed": "small"},
    }


def test_page_marks_small_counts(mads, appeals, client_for):
    html = client_for(mads).get("/sagsgennemgang/klager/").content.decode()
    assert "45 %" in html and "&lt; 5" in html and 'data-testid="suppression-note"' in html


def test_caseworker_gets_no_figures(alice, appeals, client_for):
    c = client_for(alice)
    assert c.get("/sagsgennemgang/klager/").status_code == 403
    assert c.get("/api/v1/appeal-figures").status_code == 403
