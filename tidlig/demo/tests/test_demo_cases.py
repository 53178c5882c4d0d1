"""Case handling in `tidlig demo`: the national shares, raadgiver's caseload, and rows that equal what
the services write (obligations re-derived by the services themselves, events on the timeline).

The session's shared demo (`demo_site`, conftest.py: at least 12,000 children, so the shares of placed and supported
children are not mostly noise) is used; each test runs in a transaction that is rolled back, so re-running
the services leaves the demo as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from tidlig.cases.casework import investigation_refresh_obligations
from tidlig.cases.models import Assessment, Case, ChildConversation, Investigation, JournalNote
from tidlig.course.models import Course
from tidlig.demo import calibration, generator
from tidlig.demo.measure_history import MOVED
from tidlig.intake.models import Notification
from tidlig.interventions.models import Decision, FollowUp, Measure, SupervisionVisit
from tidlig.interventions.selectors import has_ongoing_measure_or_placement
from tidlig.interventions.services import decision_refresh_obligations, measure_refresh_obligations
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.plans.models import Goal, Plan
from tidlig.rules import casework as rules
from tidlig.timeline.models import Event, Obligation

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEMO_CHILDREN_NEEDED = 12_000  # the shared demo (conftest.py): the shares of placed children are not noise
OBLIGATION_FIELDS = (
    "source",
    "code",
    "due_at",
    "due_date",
    "due_is_time",
    "met_at",
    "not_applicable",
    "is_open",
    "team",
    "assignee",
)


@pytest.fixture(scope="module")
def demo(demo_site):
    return demo_site.municipality, demo_site.out


def raadgiver() -> Staff:
    return Staff.objects.get(username="raadgiver")


@pytest.mark.django_db
def test_the_shares_of_placed_and_supported_children_are_the_calibrated_ones(demo, demo_site):
    municipality, out = demo
    f = generator.casework_figures(municipality, timezone.now())
    n = f["children"]
    assert n == demo_site.children
    assert abs(f["placed"] / n - calibration.PLACED_SHARE) < 0.0035, out
    assert abs(f["supported"] / n - calibration.SUPPORT_32_SHARE) < 0.008, out
    # Most placements are with consent (DST 2018: 24 % without).
    assert 0.08 < f["without_consent"] / f["placed"] < 0.40, out
    # Placement sites: foster families about 63 % (8,703 of 13,823), børne- og ungehjem about 31 %.
    types = f["place_types"]
    foster = sum(types.get(k, 0) for k in ("43_1", "43_2", "43_3", "43_4"))
    assert 0.45 < foster / f["placed"] < 0.80, types
    assert 0.15 < types.get("43_6", 0) / f["placed"] < 0.50, types
    assert types.get("43_4", 0) > 0, types  # netværkspleje
    # § 30: DST 2022 1.6 % of the children a year.
    share_30 = f["preventive_started_year"] / n
    assert 0.5 * calibration.PREVENTIVE_30_PER_YEAR < share_30 < 1.6 * calibration.PREVENTIVE_30_PER_YEAR, out
    assert f["placements_started_year"] > 0 and f["drafts"] > 0 and f["cases_closed"] > 0
    assert "Placed without consent" in out


@pytest.mark.django_db
def test_raadgiver_has_children_at_every_stage_on_her_worklist(demo):
    now = timezone.now()
    today = timezone.localdate(now)
    sunday = today + dt.timedelta(days=6 - today.weekday())
    mine = Obligation.objects.filter(assignee=raadgiver(), is_open=True)
    inv = mine.filter(code="investigation")
    assert inv.filter(due_at__gt=now, due_date__lte=today + dt.timedelta(days=14)).exists()
    overdue = inv.filter(due_at__lt=now)
    assert overdue.exists()
    assert Investigation.objects.filter(
        pk__in=overdue.values("source_id"), preliminary_on__isnull=False, concluded_on=None
    ).exists()
    assert mine.filter(code="first_followup", due_date__gte=today, due_date__lte=sunday).exists()
    assert mine.filter(code="supervision_visit", due_date__lte=today + dt.timedelta(days=14)).exists()
    assert mine.filter(code="youth_support_decision", due_date__gt=today).exists()
    assert mine.filter(code="child_conversation").exists()
    assert mine.filter(code="reassessment").exists()  # the intake showcase is still there
    # Down the staircase: home from a placement, with § 32 support since (a move to another place is not).
    home = Measure.objects.filter(
        child__caseworker=raadgiver(), type__kind="placement", ended_on__isnull=False
    ).exclude(end_reason=MOVED)
    assert home.exists()
    for m in home:
        assert m.homecoming_period_end and m.homecoming_period_end <= m.ended_on + dt.timedelta(days=183)


@pytest.mark.django_db
def test_stored_casework_obligations_are_what_the_services_derive(demo):
    municipality, _out = demo

    def snapshot(child_id):
        return sorted(
            Obligation.objects.filter(child_id=child_id)
            .exclude(source="notification")
            .values_list("source_id", *OBLIGATION_FIELDS)
        )

    measures = Measure.objects.filter(municipality=municipality).order_by("pk")
    sample = list(measures[::9]) + list(measures.filter(child__caseworker=raadgiver()))
    sample += list(measures.filter(type__kind="placement", ended_on=None)[:30])
    assert len(sample) > 60
    for m in sample:
        before = snapshot(m.child_id)
        assert before, m.pk
        measure_refresh_obligations(m)
        assert snapshot(m.child_id) == before, m.pk
    for d in Decision.objects.filter(municipality=municipality).order_by("pk")[::7]:
        before = snapshot(d.child_id)
        decision_refresh_obligations(d)
        assert snapshot(d.child_id) == before, d.pk
    for inv in Investigation.objects.filter(child__municipality=municipality).order_by("pk")[::7]:
        before = snapshot(inv.child_id)
        investigation_refresh_obligations(inv)
        assert snapshot(inv.child_id) == before, inv.pk


@pytest.mark.django_db
def test_every_casework_source_has_its_obligations(demo):
    municipality, _out = demo
    have = set(Obligation.objects.filter(municipality=municipality).values_list("source", "source_id"))
    for inv in Investigation.objects.filter(child__municipality=municipality).values_list("pk", flat=True):
        assert ("investigation", inv) in have
    for d in Decision.objects.filter(municipality=municipality).values_list("pk", flat=True):
        assert ("decision", d) in have
    placements = Measure.objects.filter(municipality=municipality, type__kind="placement")
    for m in placements.values_list("pk", flat=True):
        assert ("measure", m) in have  # barnets plan, at least
    codes = set(Obligation.objects.filter(municipality=municipality).values_list("code", flat=True))
    assert set(rules.CASEWORK_TYPES) <= codes
    # Owned by the child's caseworker and team (cases.actions.case_owners), or by nobody if none yet.
    casework = Obligation.objects.filter(municipality=municipality).exclude(source="notification")
    assert (
        not casework.exclude(assignee=F("child__caseworker"))
        .exclude(assignee=None, child__caseworker=None)
        .exists()
    )
    assert not casework.exclude(assignee=None).exclude(team=F("child__caseworker__team")).exists()


@pytest.mark.django_db
def test_every_started_measure_has_a_made_decision_with_the_childs_view(demo):
    municipality, _out = demo
    # A § 30 course (issue 13 § 3) is a measure offered without a case or a decision of its own (BL § 30: the
    # municipality offers the early preventive effort); it has its own events and deadlines (tidlig/course).
    measures = (
        Measure.objects.filter(municipality=municipality, started_on__isnull=False)
        .exclude(pk__in=Course.objects.values("measure_id"))
        .select_related("decision", "decision__conversation", "type")
    )
    assert measures.count() > 100
    for m in measures:
        d = m.decision
        assert d is not None and d.decided_on is not None, m.pk
        assert d.decided_on == m.decided_on <= m.started_on, m.pk
        assert m.ended_on is None or m.ended_on >= m.started_on
        assert d.conversation is not None or d.conversation_exception, m.pk
        if d.conversation is not None:
            assert d.conversation.child_id == m.child_id and d.conversation.held_on <= d.decided_on
        if m.type.kind in ("supportive", "placement"):
            assert d.hearing_on is not None and d.hearing_on <= d.decided_on
            assert d.consent is True or d.without_consent, m.pk
        if m.type.kind == "placement":
            assert m.place_type and m.place_name and d.plan_needed
            concluded = Investigation.objects.filter(child=m.child_id, concluded_on__lte=d.decided_on)
            running = Investigation.objects.filter(child=m.child_id, aware_on__lte=d.decided_on).filter(
                Q(concluded_on=None) | Q(concluded_on__gt=d.decided_on)
            )
            assert concluded.exists() or (running.exists() and d.special_circumstances), m.pk
            if d.without_consent:
                assert concluded.exists()
                assert Plan.objects.filter(
                    child=m.child_id, kind__in=["child", "youth"], recorded_on__lte=d.decided_on
                ).exists()
        if m.type.unit_price and m.type.unit in ("month", "day"):
            assert m.monthly_cost and m.monthly_cost > 0
    # Drafts: no measure yet, and the børnesamtale is still owed for some.
    drafts = Decision.objects.filter(municipality=municipality, decided_on=None)
    assert drafts.exists() and not Measure.objects.filter(decision__in=drafts).exists()


@pytest.mark.django_db
def test_case_rows_keep_the_rules_of_the_services(demo):
    municipality, _out = demo
    today = timezone.localdate()
    per_child = (
        Case.objects.filter(municipality=municipality, closed_at=None).values("child").annotate(n=Count("pk"))
    )
    assert per_child and {r["n"] for r in per_child} == {1}
    with_work = set(Decision.objects.filter(municipality=municipality).values_list("child", flat=True))
    with_work |= set(
        Investigation.objects.filter(child__municipality=municipality).values_list("child", flat=True)
    )
    with_work |= set(
        Assessment.objects.filter(child__municipality=municipality).values_list("child", flat=True)
    )
    with_case = set(Case.objects.filter(municipality=municipality).values_list("child", flat=True))
    assert with_work == with_case
    for case in Case.objects.filter(municipality=municipality, closed_at__isnull=False)[:300]:
        assert case.close_reason and case.closed_by_id and case.closed_at > case.opened_at
        if not case.child.cases.filter(closed_at=None).exists():
            # case_close refuses while § 32 support or a placement is under way (or not yet started).
            assert not case.child.measures.filter(
                ended_on=None, type__kind__in=["supportive", "placement"]
            ).exists(), case.pk
    # One undersøgelse at a time: investigation_start refuses while another is not concluded.
    started = dict(
        Event.objects.filter(municipality=municipality, kind="cases.investigation.started").values_list(
            "source_id", "occurred_at"
        )
    )
    for child_id, rows in _by_child(Investigation.objects.filter(child__municipality=municipality)).items():
        rows.sort(key=lambda i: started[i.pk])
        for a, b in zip(rows, rows[1:], strict=False):
            assert a.concluded_on is not None, child_id
            assert a.concluded_on <= timezone.localdate(started[b.pk]), child_id
            assert a.aware_on <= b.aware_on, child_id
    followups = FollowUp.objects.filter(measure__municipality=municipality)
    assert not followups.filter(held_on__gt=today).exists()
    # followup_record: every follow-up sets the next one (§ 95, stk. 3), after itself.
    assert not followups.filter(Q(next_on=None) | Q(next_on__lte=F("held_on"))).exists()
    assert not SupervisionVisit.objects.filter(measure__type__kind="supportive").exists()
    assert (
        not Goal.objects.filter(plan__child__municipality=municipality, plan__kind="child")
        .filter(text="")
        .exists()
    )


@pytest.mark.django_db
def test_timelines_hold_the_events_of_the_case_work(demo):
    municipality, _out = demo
    now = timezone.now()
    events = defaultdict(set)
    for source, source_id, kind in Event.objects.filter(municipality=municipality).values_list(
        "source", "source_id", "kind"
    ):
        events[(source, source_id)].add(kind)

    def has(source, pk, *kinds):
        assert set(kinds) <= events[(source, pk)], (source, pk, kinds, events[(source, pk)])

    for i in Investigation.objects.filter(child__municipality=municipality):
        has("investigation", i.pk, "cases.investigation.started")
        if i.concluded_on:
            has("investigation", i.pk, "cases.investigation.concluded")
        if i.preliminary_on:
            has("investigation", i.pk, "cases.investigation.preliminary")
    for a in Assessment.objects.filter(child__municipality=municipality):
        has(
            "assessment",
            a.pk,
            "cases.assessment.started",
            *(["cases.assessment.concluded"] if a.concluded_on else []),
        )
    for pk in ChildConversation.objects.filter(child__municipality=municipality).values_list("pk", flat=True):
        has("conversation", pk, "cases.conversation.held")
    for pk in Decision.objects.filter(municipality=municipality).values_list("pk", flat=True):
        has("decision", pk, "interventions.decision.drafted")
    courses = set(
        Course.objects.values_list("measure_id", flat=True)
    )  # § 30 courses: no decision (see above)
    for m in Measure.objects.filter(municipality=municipality):
        if m.pk not in courses:
            has("measure", m.pk, "interventions.decision.made")
        if m.started_on:
            has("measure", m.pk, "interventions.measure.started")
        if m.ended_on:
            has("measure", m.pk, "interventions.measure.ended")
        if m.support_person_offered_on:
            has("measure", m.pk, "interventions.support_person.offered")
    for pk in FollowUp.objects.filter(measure__municipality=municipality).values_list("pk", flat=True):
        has("followup", pk, "interventions.followup.held")
    for pk in SupervisionVisit.objects.filter(measure__municipality=municipality).values_list(
        "pk", flat=True
    ):
        has("supervision", pk, "interventions.supervision.visited")
    for pk in Plan.objects.filter(child__municipality=municipality).values_list("pk", flat=True):
        has("plan", pk, "plans.plan.recorded")
    notes = JournalNote.objects.filter(child__municipality=municipality).values_list("pk", "from_person_id")
    for pk, from_family in notes:
        has("note", pk, "cases.note.from_family" if from_family else "cases.note.written")
    for c in Case.objects.filter(municipality=municipality):
        has("case", c.pk, "cases.case.opened", *(["cases.case.closed"] if c.closed_at else []))
    assert not Event.objects.filter(municipality=municipality, occurred_at__gt=now).exists()
    for kind in (
        "interventions.decision.made",
        "plans.plan.recorded",
        "cases.note.written",
        "cases.case.closed",
    ):
        e = Event.objects.filter(municipality=municipality, kind=kind).first()
        meta = e.data["_summary"]
        msgid = meta["plural"] if meta.get("plural") and meta["args"]["n"] != 1 else meta["msgid"]
        assert e.summary == (msgid % meta["args"] if meta["args"] else msgid)[:300]
        assert e.display_summary


@pytest.mark.django_db
def test_the_reassessment_flag_agrees_with_the_measures_the_child_had(demo):
    """BL § 137: registration flags a notification when § 32 support or a placement was under way."""
    municipality, _out = demo
    for n in Notification.objects.filter(municipality=municipality, child__is_unborn=False).select_related(
        "child"
    ):
        assert n.child_had_ongoing_measure == has_ongoing_measure_or_placement(n.child, on=n.received_at), (
            n.pk
        )


@pytest.mark.django_db
def test_some_children_move_down_the_staircase(demo):
    municipality, _out = demo
    today = timezone.localdate()
    placements = Measure.objects.filter(
        municipality=municipality,
        type__kind="placement",
        ended_on__isnull=False,
        homecoming_period_end__isnull=False,
    )
    after = Measure.objects.filter(
        child__in=placements.values("child"), type__kind="supportive", started_on__isnull=False
    )
    assert after.filter(Q(ended_on=None) | Q(ended_on__gte=today)).exists()  # home, with support
    done = after.filter(ended_on__lt=today)
    assert done.exists()  # and then without
    assert Case.objects.filter(child__in=done.values("child"), closed_at__isnull=False).exists()
    assert (
        Child.objects.filter(municipality=municipality, measures__type__kind="placement")
        .exclude(caseworker=None)
        .count()
        == Child.objects.filter(municipality=municipality, measures__type__kind="placement").count()
    )


def _by_child(qs) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for row in qs:
        out[row.child_id].append(row)
    return out
