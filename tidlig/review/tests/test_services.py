import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tidlig.audit.models import AuditEntry
from tidlig.review import selectors, services
from tidlig.review.models import ReviewAnswer

from .conftest import END, START

pytestmark = pytest.mark.django_db


def draw(actor, **kw):
    args = dict(title="H1 2026", period_start=START, period_end=END, size=26, seed=1234)
    return services.review_draw(actor=actor, **{**args, **kw})


def answer(review, child, code) -> ReviewAnswer:
    return ReviewAnswer.objects.get(case__review=review, case__child=child, checkpoint=code)


def test_draws_the_cases_with_obligations_in_the_period_and_stores_the_seed(karen, cases):
    review = draw(karen)
    assert review.seed == 1234 and review.population == 4
    assert {c.child_id for c in review.cases.all()} == {c.pk for c in cases.values()}


def test_the_same_seed_draws_the_same_sample(karen, cases):
    a = draw(karen, size=2, seed=99)
    b = draw(karen, size=2, seed=99)
    picked = [c.child_id for c in a.cases.all()]
    assert len(picked) == 2
    assert picked == [c.child_id for c in b.cases.all()]
    others = {tuple(c.child_id for c in draw(karen, size=2, seed=s).cases.all()) for s in range(10)}
    assert len(others) > 1  # the seed matters


def test_without_a_seed_one_is_chosen_and_stored(karen, cases):
    review = draw(karen, seed=None)
    assert review.seed is not None
    again = draw(karen, seed=review.seed)
    assert [c.child_id for c in again.cases.all()] == [c.child_id for c in review.cases.all()]


def test_stratified_by_team_takes_from_each_team(karen, cases):
    review = draw(karen, size=2, strata="team")
    assert sorted(c.stratum for c in review.cases.all()) == ["Team Nord", "Team Syd"]


def test_pre_answers_met_late_not_met_and_not_applicable(karen, cases):
    review = draw(karen)
    assert answer(review, cases["met"], "acute_assessment").derived == "met"
    late = answer(review, cases["late"], "investigation_in_time")
    assert late.derived == "met_late"
    assert late.evidence == [
        {
            "what": "Børnefaglig undersøgelse afsluttet inden 4 måneder",
            "on": "2026-03-20",
            "due": "2026-03-02",
            "event_id": None,  # the hand-made obligation was met without an event (see test_views)
        }
    ]
    assert answer(review, cases["missed"], "followup").derived == "not_met"
    assert answer(review, cases["na"], "plan").derived == "not_applicable"
    assert answer(review, cases["met"], "followup").derived == "not_applicable"  # nothing due
    # What Tidlig cannot derive waits for the reviewer.
    assert answer(review, cases["met"], "decision_purpose").derived == ""
    assert answer(review, cases["met"], "involvement_quality").derived == ""


def test_override_needs_a_reason_and_confirmation_does_not(karen, cases):
    review = draw(karen)
    row = answer(review, cases["missed"], "followup")
    with pytest.raises(ValidationError) as e:
        services.answer_set(actor=karen, answer=row, value="met")
    assert "reason" in e.value.message_dict
    services.answer_set(
        actor=karen, answer=row, value="met", reason="Opfølgning holdt, men journaliseret som notat."
    )
    row.refresh_from_db()
    assert (row.answer, row.derived, row.answered_by) == ("met", "not_met", karen)
    confirmed = services.answer_set(
        actor=karen, answer=answer(review, cases["met"], "acute_assessment"), value="met"
    )
    assert confirmed.reason == ""
    assert AuditEntry.objects.filter(action="review.answered").count() == 2


def test_results_with_n_and_wilson_interval(karen, cases):
    review = draw(karen)
    for child in cases.values():
        services.answer_set(actor=karen, answer=answer(review, child, "decision_purpose"), value="met")
    services.answer_set(
        actor=karen,
        answer=answer(review, cases["na"], "decision_purpose"),
        value="not_met",
        reason="Ingen varighed",
    )
    rows = {r.result.checkpoint.code: r for r in selectors.review_results(karen, review)}
    purpose = rows["decision_purpose"].result
    assert (purpose.n, purpose.kept) == (4, 3)
    assert rows["decision_purpose"].share_text == "75 %"
    assert rows["decision_purpose"].interval_text == "30 % – 95 %"  # Wilson 3/4: 0.301–0.954
    assert rows["investigation_in_time"].result.n == 1 and rows["investigation_in_time"].unconfirmed == 4


def test_results_beside_the_previous_review(karen, cases, clock):
    first = draw(karen, title="Forrige")
    clock.shift(dt.timedelta(days=1))
    second = draw(karen, title="Denne")
    rows = selectors.review_results(karen, second)
    assert [p.title for p, _res in rows[0].previous] == ["Forrige"]
    assert first.pk != second.pk


def test_only_the_quality_role_draws(alice, tom, ann, cases):
    for who in (alice, tom, ann):
        with pytest.raises(PermissionDenied):
            draw(who)


def test_drawing_logs_the_reads_of_the_sampled_children(karen, cases):
    draw(karen)
    logged = set(
        AuditEntry.objects.filter(action="people.child.viewed", actor=karen).values_list(
            "child_id", flat=True
        )
    )
    assert logged == {c.pk for c in cases.values()}


def test_findings_go_to_the_team_leader_of_the_case(karen, tom, cases):
    review = draw(karen)
    nord_case = review.cases.get(child=cases["late"])
    syd_case = review.cases.get(child=cases["missed"])
    services.findings_send(actor=karen, case=nord_case, findings="Undersøgelsen blev afsluttet for sent.")
    services.findings_send(actor=karen, case=syd_case, findings="Ingen opfølgning.")
    assert [c.child for c in selectors.findings_for_team_leader(tom)] == [cases["late"]]


def test_stratified_by_measure_type_uses_the_latest_measure(karen, cases):
    from tidlig.interventions.models import Measure, MeasureType

    types = list(MeasureType.objects.filter(municipality=None).order_by("pk")[:2])
    child = cases["late"]
    for t, day in zip(types, [dt.date(2025, 5, 1), dt.date(2026, 2, 1)], strict=True):
        Measure.objects.create(municipality=child.municipality, child=child, type=t, decided_on=day)
    review = draw(karen, strata="measure")
    strata = {c.child_id: c.stratum for c in review.cases.all()}
    assert strata[child.pk] == types[1].title
    assert strata[cases["met"].pk] == ""


def test_page_queries_do_not_grow_with_the_sample(karen, cases, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(karen)
    counts = []
    for size in (1, 4):
        review = draw(karen, size=size)
        with CaptureQueriesContext(connection) as q:
            assert c.get(f"/sagsgennemgang/{review.pk}/").status_code == 200
        counts.append(len(q))
    assert counts[0] == counts[1]
