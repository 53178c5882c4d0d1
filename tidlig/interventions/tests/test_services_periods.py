"""Issue 12, section 2: every recurring obligation leaves one stored row per period (§ 156, stk. 5 visits, § 79
offers), the parents' answer to the § 79 offer is recorded, the hjemgivelsesperiode continues the placement
(§ 100, stk. 4) and a young person of 16 or more has an ungeplan (§ 108)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tidlig.audit.models import AuditEntry
from tidlig.interventions.models import ParentPlanOffer
from tidlig.interventions.services import (
    measure_end,
    parent_plan_offer_record,
    supervision_visit_record,
)
from tidlig.interventions.tests.test_services import (  # noqa: F401  (autouse fixtures)
    NOW,
    D,
    alice_owns,
    error_fields,
    frozen_today,
    investigated,
    noon,
    placement,
    stored,
)
from tidlig.plans.services import plan_record
from tidlig.timeline.models import Event, Obligation

pytestmark = pytest.mark.django_db


def periods(m, code: str) -> list[tuple[int, object, str]]:
    rows = Obligation.objects.filter(source="measure", source_id=m.pk, code=code).order_by("period")
    return [(o.period, o.due_date, o.status_at(NOW)) for o in rows]


def placed(actor, child, decided_on, started_on):
    """A placement decided before the shared fixtures' investigation: investigated in time for it."""
    investigated(actor, child, aware_on=decided_on - dt.timedelta(days=100), concluded_on=decided_on)
    return placement(actor, child, decided_on=decided_on, started_on=started_on)


def visit(actor, m, day, talked=True):
    return supervision_visit_record(
        measure=m, actor=actor, visited_on=day, talked_with_child=talked, note="Samtale med barnet alene."
    )


def test_a_late_visit_meets_the_missed_period_late_and_the_next_period_gets_its_own_row(alice, child):
    m = placed(alice, child, D(2024, 9, 20), D(2024, 10, 1))
    assert periods(m, "supervision_visit") == [(1, D(2025, 4, 1), "overdue")]
    visit(alice, m, D(2025, 8, 1))  # four months late
    visit(alice, m, D(2026, 1, 15))
    assert periods(m, "supervision_visit") == [
        (1, D(2025, 4, 1), "met_late"),
        (2, D(2026, 2, 1), "met"),
        (3, D(2026, 7, 15), "open"),
    ]
    # the late period leaves the worklists but stays on record with when it was met
    first = Obligation.objects.get(source_id=m.pk, code="supervision_visit", period=1)
    assert (first.is_open, first.met_at) == (False, noon(D(2025, 8, 1)))


def test_the_parents_declining_the_offer_meets_the_first_period_and_the_assessment_the_next(alice, child):
    m = placed(alice, child, D(2026, 1, 5), D(2026, 1, 10))
    offer = parent_plan_offer_record(
        measure=m,
        actor=alice,
        held_on=D(2026, 3, 15),
        outcome="declined",
        note="Mor ønsker ikke en revision nu.",
    )
    assert offer.get_outcome_display() == "Revision tilbudt – forældrene afslog"
    assert periods(m, "parent_plan_offer") == [(1, D(2026, 4, 10), "met"), (2, D(2027, 3, 15), "open")]
    event = Event.objects.get(kind="interventions.parent_plan.offered")
    assert (event.occurred_at, event.source, event.source_id) == (
        noon(D(2026, 3, 15)),
        "parent_plan_offer",
        offer.pk,
    )
    assert AuditEntry.objects.filter(action="interventions.parent_plan.offered").exists()
    parent_plan_offer_record(
        measure=m, actor=alice, held_on=D(2026, 6, 1), outcome="not_needed", note="Intet nyt i familien."
    )
    assert periods(m, "parent_plan_offer")[1:] == [(2, D(2027, 3, 15), "met"), (3, D(2027, 6, 1), "open")]


def test_an_assessment_cannot_stand_in_for_the_first_offer(alice, child):
    m = placed(alice, child, D(2026, 1, 5), D(2026, 1, 10))
    with pytest.raises(ValidationError) as e:
        parent_plan_offer_record(measure=m, actor=alice, held_on=D(2026, 2, 1), outcome="not_needed", note="")
    assert error_fields(e) == {"outcome", "note"}  # every problem in one round
    assert not ParentPlanOffer.objects.exists()
    # the first § 77 plan is not a revision; its second version is
    plan_record(
        child=child,
        actor=alice,
        kind="parent",
        summary="Støtte til mor.",
        goals=[],
        recorded_on=D(2026, 1, 15),
    )
    with pytest.raises(ValidationError):
        parent_plan_offer_record(
            measure=m, actor=alice, held_on=D(2026, 2, 1), outcome="not_needed", note="Intet behov."
        )
    plan_record(
        child=child, actor=alice, kind="parent", summary="Revideret.", goals=[], recorded_on=D(2026, 2, 1)
    )
    parent_plan_offer_record(
        measure=m, actor=alice, held_on=D(2026, 5, 1), outcome="not_needed", note="Intet behov."
    )
    assert [p[2] for p in periods(m, "parent_plan_offer")] == ["met", "met", "open"]


@pytest.mark.parametrize(
    ("day", "outcome", "fields"),
    [
        (D(2026, 3, 31), "accepted", {"held_on"}),  # before the placement
        (D(2026, 6, 16), "accepted", {"held_on"}),  # in the future
        (D(2026, 6, 1), "maybe", {"outcome"}),
    ],
)
def test_an_offer_lies_in_the_placement_and_has_an_outcome(alice, child, day, outcome, fields):
    m = placement(alice, child, started_on=D(2026, 4, 1))
    with pytest.raises(ValidationError) as e:
        parent_plan_offer_record(measure=m, actor=alice, held_on=day, outcome=outcome, note="")
    assert error_fields(e) == fields


def test_visits_and_offers_continue_in_the_hjemgivelsesperiode(alice, child):
    """§ 100, stk. 4: the hjemgivelsesperiode is a continuation of the placement."""
    m = placed(alice, child, D(2025, 5, 20), D(2025, 6, 1))
    measure_end(
        measure=m,
        actor=alice,
        ended_on=D(2026, 3, 1),
        reason="Hjemgivet.",
        homecoming_period_end=D(2026, 8, 31),
    )
    assert periods(m, "supervision_visit") == [(1, D(2025, 12, 1), "overdue")]
    visit(alice, m, D(2026, 4, 1))  # in the hjemgivelsesperiode: the missed period is met late
    assert periods(m, "supervision_visit") == [(1, D(2025, 12, 1), "met_late")]  # the next falls due after it
    parent_plan_offer_record(measure=m, actor=alice, held_on=D(2026, 4, 10), outcome="accepted", note="")
    assert periods(m, "parent_plan_offer") == [(1, D(2025, 9, 1), "met_late")]


def test_no_visit_or_offer_after_the_hjemgivelsesperiode(alice, child):
    m = placed(alice, child, D(2025, 5, 20), D(2025, 6, 1))
    measure_end(
        measure=m,
        actor=alice,
        ended_on=D(2026, 1, 15),
        reason="Hjemgivet.",
        homecoming_period_end=D(2026, 3, 1),
    )
    with pytest.raises(ValidationError):
        visit(alice, m, D(2026, 3, 2))
    with pytest.raises(ValidationError):
        parent_plan_offer_record(measure=m, actor=alice, held_on=D(2026, 3, 2), outcome="accepted", note="")
    assert periods(m, "supervision_visit") == [(1, D(2025, 12, 1), "overdue")]  # the miss stays on record


def test_a_barnets_plan_does_not_meet_the_plan_of_a_17_year_old(alice, child):
    """§ 108, stk. 2 / § 91, stk. 1: placed at 17, the plan must be an ungeplan."""
    child.birth_date = D(2009, 1, 10)
    child.save()
    m = placement(alice, child)
    plan_record(child=child, actor=alice, kind="child", summary="Plan.", goals=[("Skole", "Rådgiver")])
    assert stored("measure", m.pk)["child_plan"].is_open
    plan_record(
        child=child, actor=alice, kind="youth", summary="Ungeplan.", goals=[("Uddannelse", "Rådgiver")]
    )
    assert not stored("measure", m.pk)["child_plan"].is_open
    assert "youth_plan" not in stored("measure", m.pk)


def test_a_child_who_turns_16_in_the_placement_owes_an_ungeplan_three_months_later(alice, child):
    child.birth_date = D(2010, 9, 1)  # 16 on 1 September 2026
    child.save()
    m = placement(alice, child)
    ob = stored("measure", m.pk)["youth_plan"]
    assert (ob.due_date, ob.law) == (D(2026, 12, 1), "BL § 108, stk. 2-3")
    plan_record(child=child, actor=alice, kind="child", summary="Plan.", goals=[("Skole", "Rådgiver")])
    assert not stored("measure", m.pk)["child_plan"].is_open  # 15 at the decision: the barnets plan counts
    assert stored("measure", m.pk)["youth_plan"].is_open


# The page and its API twin -------------------------------------------------------------------------------------


def test_the_caseworker_records_that_the_parents_declined_on_the_placements_page(alice, child, client_for):
    m = placed(alice, child, D(2025, 11, 20), D(2025, 12, 1))
    client = client_for(alice)
    page = client.get(f"/indsatser/{m.pk}/").content.decode()
    assert 'id="parent-plan-offer"' in page and "Revision tilbudt – forældrene afslog" in page
    # every problem in one round, and what was typed is kept
    refused = client.post(
        f"/indsatser/{m.pk}/foraeldrehandleplan/",
        {"held_on": "01.01.2027", "outcome": "not_needed", "note": "Mor vil ikke nu."},
    )
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Datoen skal ligge i anbringelsens periode" in body and "Mor vil ikke nu." in body
    saved = client.post(
        f"/indsatser/{m.pk}/foraeldrehandleplan/",
        {"held_on": "20.02.2026", "outcome": "declined", "note": "Mor vil ikke nu."},
    )
    assert saved.status_code == 302
    page = client.get(f"/indsatser/{m.pk}/").content.decode()
    assert 'data-outcome="declined"' in page and "20.02.2026" in page
    # each period its own row on the child's page: period 1 met (in the closed list), period 2 open
    child_page = client.get(f"/boern/{child.pk}/").content.decode()
    assert child_page.count('data-code="parent_plan_offer"') == 2
    assert "periode 2" in child_page


def test_the_api_twin_records_the_offer_and_the_measure_shows_each_period(alice, child, token_for):
    m = placed(alice, child, D(2025, 11, 20), D(2025, 12, 1))
    api = token_for(alice)
    refused = api.post(
        f"/api/v1/measures/{m.pk}/parent-plan-offers",
        data={"held_on": "2026-01-10", "outcome": "not_needed", "note": ""},
        content_type="application/json",
    )
    assert refused.status_code == 422 and set(refused.json()["errors"]) == {"outcome", "note"}
    made = api.post(
        f"/api/v1/measures/{m.pk}/parent-plan-offers",
        data={"held_on": "2026-01-10", "outcome": "accepted", "note": "Far vil gerne."},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["outcome"] == "accepted"
    detail = api.get(f"/api/v1/measures/{m.pk}").json()
    assert [o["id"] for o in detail["parent_plan_offers"]] == [made.json()["id"]]
    offers = [
        (o["period"], o["due"], o["status"])
        for o in detail["obligations"]
        if o["code"] == "parent_plan_offer"
    ]
    assert sorted(offers) == [(1, "2026-03-01", "met"), (2, "2027-01-10", "open")]
    visits = [(o["period"], o["status"]) for o in detail["obligations"] if o["code"] == "supervision_visit"]
    assert visits == [(1, "overdue")]  # due 01.06.2026; today is 15.06.2026


def test_refreshing_turns_a_rolling_row_of_the_old_release_into_one_row_per_period(alice, child):
    from io import StringIO

    from django.core.management import call_command

    m = placed(alice, child, D(2025, 5, 20), D(2025, 6, 1))
    visit(alice, m, D(2026, 1, 10))
    # what the release before migration timeline 0002 stored: one rolling row, period 0
    Obligation.objects.filter(source="measure", source_id=m.pk, code="supervision_visit").delete()
    Obligation.objects.create(
        municipality_id=child.municipality_id,
        child=child,
        code="supervision_visit",
        source="measure",
        source_id=m.pk,
        due_at=noon(D(2026, 7, 10)),
        due_date=D(2026, 7, 10),
    )
    out = StringIO()
    call_command("refresh_measure_obligations", stdout=out)
    assert "1 measure(s) re-derived" in out.getvalue()
    assert periods(m, "supervision_visit") == [(1, D(2025, 12, 1), "met_late"), (2, D(2026, 7, 10), "open")]


def test_the_issues_example_the_first_parents_plan_five_days_in_leaves_the_offer_due_30_06_2026(alice, child):
    """Issue 12's own case: a placement from 31.03.2026 owes the § 79, stk. 2 offer by 30.06.2026; drafting the
    first § 77 plan on 05.04.2026 used to count as the revision and move the deadline to 05.04.2027."""
    m = placed(alice, child, D(2026, 3, 25), D(2026, 3, 31))
    plan_record(
        child=child, actor=alice, kind="parent", summary="Første plan.", goals=[], recorded_on=D(2026, 4, 5)
    )
    assert periods(m, "parent_plan_offer") == [(1, D(2026, 6, 30), "open")]
    # The parents decline the offer on 10.06.2026: period 1 is met, period 2 runs 12 months from the offer.
    parent_plan_offer_record(
        measure=m, actor=alice, held_on=D(2026, 6, 10), outcome="declined", note="Nej tak."
    )
    assert periods(m, "parent_plan_offer") == [(1, D(2026, 6, 30), "met"), (2, D(2027, 6, 10), "open")]
