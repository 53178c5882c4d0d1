"""A complaint about a § 47 placement, decided by børne- og ungeudvalget (BL § 142, stk. 1, nr. 4), goes to
Ankestyrelsen without the municipality's reconsideration (BL § 146, stk. 1; § 144 sends only the municipal
council's decisions through retssikkerhedsloven § 66). The 4 weeks are the same, under § 146, stk. 1."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tidlig.cases.tests.test_casework_overview import placement_without_consent
from tidlig.interventions.models import Appeal
from tidlig.interventions.services import appeal_record, appeal_update, letter_sent_record
from tidlig.interventions.tests.test_services import (  # noqa: F401  (autouse fixtures)
    D,
    alice_owns,
    frozen_today,
)

pytestmark = pytest.mark.django_db


def test_a_committee_decision_goes_to_ankestyrelsen_without_reconsideration(alice, child, client_for):
    m = placement_without_consent(alice, child)
    decision = m.decision
    letter_sent_record(decision=decision, actor=alice, sent_on=D(2026, 3, 20), method="handed_over")
    appeal = appeal_record(decision=decision, actor=alice, received_on=D(2026, 4, 2))

    page = client_for(alice).get(f"/indsatser/{m.pk}/").content.decode()
    assert "Klagefrist 17.04.2026" in page and "BL § 146, stk. 1" in page
    assert "klagen går direkte til Ankestyrelsen uden genvurdering" in page
    assert "Genvurdering senest" not in page
    api = client_for(alice).get(f"/api/v1/decisions/{decision.pk}/appeals").json()
    assert api[0]["reconsideration_due"] is None

    # The municipality cannot reconsider the committee's decision…
    with pytest.raises(ValidationError) as e:
        appeal_update(appeal=appeal, actor=alice, reconsidered_on=D(2026, 4, 10), reconsideration="kept")
    assert "genvurderes ikke" in str(e.value)
    # …and Ankestyrelsen's outcome is recorded without one (it counts in the appeal figures).
    appeal_update(appeal=appeal, actor=alice, outcome_on=D(2026, 6, 1), outcome="upheld")
    assert Appeal.objects.get().outcome == "upheld"
