"""Case review rules (issue 12): pre-answers, the seeded sample, the Wilson interval, the appeal deadlines."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidlig.rules import review as r

D = dt.date
MARCH = D(2026, 3, 1)


def ob(code, status, due=MARCH, met=None):
    return r.ObligationFact(code=code, title=code, due_date=due, met_on=met, status=status)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["met"], r.Answer.MET),
        (["met", "met_late"], r.Answer.MET_LATE),
        (["met_late", "overdue", "met"], r.Answer.NOT_MET),
        ([], r.Answer.NOT_APPLICABLE),
        (["open"], r.Answer.NOT_APPLICABLE),  # not yet due at the review's date
        (["not_applicable"], r.Answer.NOT_APPLICABLE),
    ],
)
def test_obligation_checkpoints_take_the_worst_status(statuses, expected):
    facts = r.CaseFacts(obligations=[ob("investigation", s) for s in statuses] + [ob("receipt", "overdue")])
    pre = r.pre_answer(r.BY_CODE["investigation_in_time"], facts)
    assert pre.answer == expected
    assert len(pre.evidence) == len(statuses)  # the receipt is no evidence for § 20


def test_evidence_carries_the_event_its_date_and_the_deadline():
    late = ob("first_followup", "met_late", due=D(2026, 4, 1), met=D(2026, 4, 9))
    facts = r.CaseFacts(obligations=[dataclasses.replace(late, event_id=41)])
    pre = r.pre_answer(r.BY_CODE["followup"], facts)
    assert pre.answer == r.Answer.MET_LATE
    assert pre.evidence[0].on == D(2026, 4, 9) and pre.evidence[0].due == D(2026, 4, 1)
    assert pre.evidence[0].event_id == 41


def test_reviewer_only_checkpoints_have_no_pre_answer():
    for code in ("decision_purpose", "involvement_quality", "acute_action"):
        assert r.pre_answer(r.BY_CODE[code], r.CaseFacts()).answer is None


def test_investigation_required_after_screening_or_before_a_decision():
    cp = r.BY_CODE["investigation_made"]
    assert r.pre_answer(cp, r.CaseFacts()).answer == r.Answer.NOT_APPLICABLE
    assert r.pre_answer(cp, r.CaseFacts(screened_for_investigation=True)).answer == r.Answer.NOT_MET
    assert r.pre_answer(cp, r.CaseFacts(decisions=[D(2026, 5, 1)])).answer == r.Answer.NOT_MET
    done = r.CaseFacts(decisions=[D(2026, 5, 1)], investigations=[(D(2026, 1, 5), D(2026, 4, 1))])
    assert r.pre_answer(cp, done).answer == r.Answer.MET


def test_conversation_during_the_investigation():
    cp = r.BY_CODE["child_talk_investigation"]
    inv = [(D(2026, 1, 5), D(2026, 4, 1))]
    assert r.pre_answer(cp, r.CaseFacts()).answer == r.Answer.NOT_APPLICABLE
    assert (
        r.pre_answer(cp, r.CaseFacts(investigations=[(D(2026, 1, 5), None)])).answer
        == r.Answer.NOT_APPLICABLE
    )
    assert (
        r.pre_answer(cp, r.CaseFacts(investigations=inv, conversations=[D(2026, 2, 1)])).answer
        == r.Answer.MET
    )
    after = r.CaseFacts(investigations=inv, conversations=[D(2026, 4, 2)])
    assert r.pre_answer(cp, after).answer == r.Answer.NOT_MET


POP = [(i, "A" if i % 3 else "B") for i in range(1, 200)]


def test_sample_is_reproducible_with_its_seed_whatever_the_order():
    one = r.draw(POP, size=26, seed=42, stratified=False)
    assert one == r.draw(list(reversed(POP)), size=26, seed=42, stratified=False)
    assert len(one) == 26 == len(set(one))
    assert one != r.draw(POP, size=26, seed=43, stratified=False)


def test_stratified_sample_is_proportional():
    chosen = r.draw(POP, size=30, seed=7, stratified=True)
    strata = dict(POP)
    assert sum(strata[c] == "B" for c in chosen) == 10  # 66 of 199 are B: 9.95 → 10
    assert r.draw(POP, size=30, seed=7, stratified=True) == chosen


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 50), max_size=6), st.integers(0, 400))
def test_allocation_sums_to_the_sample_and_fits_each_stratum(sizes, n):
    out = r.allocate(sizes, n)
    assert sum(out.values()) == min(n, sum(sizes.values()))
    assert all(0 <= out[k] <= sizes[k] for k in sizes)


def test_wilson_against_a_hand_computed_example():
    # 13 of 26, z = 1.959964: z²/n = 0.147748, centre = (0.5 + 0.073874) / 1.147748 = 0.5,
    # half = 1.959964 / 1.147748 · √(0.25/26 + 3.841459/2704) = 1.707660 · 0.105053 = 0.179394.
    lo, hi = r.wilson(13, 26)
    assert lo == pytest.approx(0.320606, abs=1e-5)
    assert hi == pytest.approx(0.679394, abs=1e-5)
    # 0 of 10: centre = half = 0.192073 / 1.384146 = 0.138767, so 0 – 27.75 % (Wald would say 0 – 0).
    lo, hi = r.wilson(0, 10)
    assert lo == pytest.approx(0.0, abs=1e-9)
    assert hi == pytest.approx(0.277533, abs=1e-5)
    assert r.wilson(0, 0) is None


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_the_share_and_stays_in_0_1(kn):
    k, n = kn
    lo, hi = r.wilson(k, n)
    assert 0 <= lo <= k / n <= hi <= 1


def test_results_count_met_late_as_not_kept_and_leave_out_not_applicable():
    answers = [("followup", "met")] * 3 + [("followup", "met_late"), ("followup", "not_applicable")]
    res = {x.checkpoint.code: x for x in r.results(answers)}["followup"]
    assert (res.n, res.kept, res.late, res.not_applicable) == (4, 3, 1, 1)
    assert res.share == 0.75


def test_complaint_deadline_runs_from_receipt():
    # RSL § 67, stk. 1: 4 weeks after the party was told of the decision.
    assert r.complaint_deadline(sent_on=D(2026, 11, 2), method="digital_post") == (D(2026, 11, 30), True)
    assert r.complaint_deadline(sent_on=D(2026, 11, 2), method="handed_over") == (D(2026, 11, 30), True)
    # A letter by post: the day of receipt is not known, so the deadline is only the earliest one.
    assert r.complaint_deadline(sent_on=D(2026, 11, 2), method="letter") == (D(2026, 11, 30), False)
    got = r.complaint_deadline(sent_on=D(2026, 11, 2), method="letter", received=D(2026, 11, 5))
    assert got == (D(2026, 12, 3), True)


def test_reconsideration_within_4_weeks_of_the_complaint():
    assert r.reconsideration_due(D(2026, 12, 20)) == D(2027, 1, 17)
    # Børne- og ungeudvalget's decision (§ 47) is not reconsidered: straight to Ankestyrelsen (BL § 146).
    assert r.reconsideration_due(D(2026, 12, 20), committee=True) is None
    assert r.complaint_law(committee=True) == "BL § 146, stk. 1"
    assert r.complaint_law(committee=False) == "RSL § 67, stk. 1"


def test_appeal_share_per_year_leaves_dismissed_out():
    rows = r.appeal_shares(
        [(2025, "upheld"), (2025, "changed"), (2025, "remitted"), (2025, "dismissed"), (2026, "annulled")]
    )
    assert rows == [r.AppealYear(2025, 3, 2), r.AppealYear(2026, 1, 1)]


@given(
    st.lists(st.tuples(st.integers(1, 500), st.sampled_from("ABC")), max_size=80, unique_by=lambda t: t[0]),
    st.integers(0, 60),
    st.integers(0, 2**31 - 1),
    st.booleans(),
)
def test_draw_is_a_reproducible_subset_of_the_right_size(pop, size, seed, stratified):
    one = r.draw(pop, size=size, seed=seed, stratified=stratified)
    assert one == r.draw(list(reversed(pop)), size=size, seed=seed, stratified=stratified)
    assert len(one) == len(set(one)) == min(size, len(pop))
    assert set(one) <= {pk for pk, _s in pop}
