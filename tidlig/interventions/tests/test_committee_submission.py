"""BL § 51: the indstilling to børne- og ungeudvalget about a placement without consent (§ 47) has its own
record — when it went, the committee's meeting, and which of § 51's parts it held — but no obligation: § 51
sets no deadline (docs/law.md, "§ 47: the indstilling"). Service, draft page, measure page and API twin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tidlig.interventions.models import CommitteeSubmission
from tidlig.interventions.services import committee_submission_record
from tidlig.interventions.tests.test_services import (  # noqa: F401  (autouse fixtures)
    PLACEMENT_DECIDED,
    D,
    alice_owns,
    draft,
    frozen_today,
    investigated,
    make,
)
from tidlig.plans.services import plan_record
from tidlig.timeline.models import Event, Obligation

pytestmark = pytest.mark.django_db

ALL = {"investigation": True, "custody_assessment": True, "plan_and_support": True, "child_view": True}


def committee_draft(alice, child):
    investigated(alice, child)
    plan_record(
        child=child,
        actor=alice,
        kind="child",
        summary="Plan før § 47.",
        recorded_on=D(2026, 3, 18),
        goals=[("Tryghed", "Plejefamilien")],
    )
    return draft(alice, child, "anb_almen", without_consent=True, planned_on=PLACEMENT_DECIDED)


def record(alice, d, **changes):
    args = dict(
        submitted_on=D(2026, 3, 12),
        meeting_on=PLACEMENT_DECIDED,
        parent_plan="attached",
        siblings="not_relevant",
        **ALL,
    )
    return committee_submission_record(decision=d, actor=alice, **{**args, **changes})


def test_the_indstilling_is_recorded_with_what_it_held_and_owes_no_deadline(alice, child):
    d = committee_draft(alice, child)
    before = set(Obligation.objects.filter(child=child).values_list("code", flat=True))
    row = record(alice, d, child_view=False, siblings="missing")
    assert row.missing == ["nr. 4: barnets eller den unges holdning", "søskende under 15 år (stk. 3)"]
    assert Event.objects.filter(child=child, kind="interventions.decision.committee_submission").count() == 1
    assert set(Obligation.objects.filter(child=child).values_list("code", flat=True)) == before
    # Recorded again, it is corrected, not doubled.
    again = record(alice, d)
    assert again.pk == row.pk and again.missing == [] and CommitteeSubmission.objects.count() == 1


def test_the_indstilling_is_refused_in_one_round_with_every_problem(alice, child):
    d = committee_draft(alice, child)
    with pytest.raises(ValidationError) as e:
        record(alice, d, submitted_on=D(2026, 7, 1), meeting_on=D(2026, 6, 30), parent_plan="x", siblings="")
    assert set(e.value.message_dict) == {"submitted_on", "meeting_on", "parent_plan", "siblings"}
    assert not CommitteeSubmission.objects.exists()


def test_only_a_draft_placement_without_consent_is_submitted_to_the_committee(alice, child):
    with pytest.raises(ValidationError, match="§ 47"):
        record(alice, draft(alice, child))  # § 32 support: decided by the municipality
    d = committee_draft(alice, child)
    record(alice, d)
    make(alice, d, decided_on=PLACEMENT_DECIDED, consent=False)
    with pytest.raises(ValidationError, match="udkast"):
        record(alice, d)


def test_draft_page_records_it_and_the_measure_page_shows_it(alice, bob, child, client_for):
    d = committee_draft(alice, child)
    c = client_for(alice)
    page = c.get(f"/indsatser/afgoerelse/{d.pk}/").content.decode()
    assert (
        "Indstilling til børne- og ungeudvalget (§ 51)" in page
        and "Indstillingen er ikke registreret" in page
    )
    bad = c.post(f"/indsatser/afgoerelse/{d.pk}/indstilling/", {"submitted_on": "12.03.2026"})
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "12.03.2026" in html  # kept
    assert "Vælg hvad der er vedlagt om planen for forældrene." in html
    assert "Vælg hvad indstillingen siger om søskende under 15 år." in html
    ok = c.post(
        f"/indsatser/afgoerelse/{d.pk}/indstilling/",
        {
            "submitted_on": "12.03.2026",
            "meeting_on": "20.03.2026",
            "contents": ["investigation", "custody_assessment", "plan_and_support"],
            "parent_plan": "reason",
            "siblings": "not_relevant",
        },
    )
    assert ok.status_code == 302
    page = c.get(f"/indsatser/afgoerelse/{d.pk}/").content.decode()
    assert "Sendt til udvalget 12.03.2026; udvalgets møde 20.03.2026." in page
    assert (
        "Indstillingen mangler noget, § 51 kræver" in page
        and "Nr. 4: barnets eller den unges holdning" in page
    )
    m = make(alice, d, decided_on=PLACEMENT_DECIDED, consent=False)
    assert "Sendt til udvalget 12.03.2026" in c.get(f"/indsatser/{m.pk}/").content.decode()
    # Another team's caseworker can neither record nor read it.
    assert client_for(bob).post(f"/indsatser/afgoerelse/{d.pk}/indstilling/", {}).status_code in (403, 404)


def test_api_twin(alice, bob, child, token_for):
    d = committee_draft(alice, child)
    api = token_for(alice)
    url = f"/api/v1/decisions/{d.pk}/committee-submission"
    assert api.get(url).status_code == 404
    body = {
        "submitted_on": "2026-03-12",
        "meeting_on": "2026-03-20",
        "parent_plan": "attached",
        "siblings": "reasoned",
        **ALL,
    }
    r = api.put(url, body, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["missing"] == [] and api.get(url).json()["siblings"] == "reasoned"
    bad = api.put(url, {**body, "meeting_on": "2026-03-01"}, content_type="application/json")
    assert bad.status_code == 422
    assert token_for(bob).get(url).status_code in (403, 404)
