"""The spine reads an upper app's worklist section only through what that app registered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import DateField, Value

from tidlig.intake import selectors as intake_selectors
from tidlig.people.models import Child
from tidlig.timeline import registry
from tidlig.timeline.selectors import team_worklist

pytestmark = pytest.mark.django_db


def test_intake_registers_the_unassigned_notifications_once_even_if_ready_runs_again():
    from django.apps import apps

    assert registry._team_unassigned == [intake_selectors.team_unassigned]
    apps.get_app_config("intake").ready()
    assert registry._team_unassigned == [intake_selectors.team_unassigned]


def test_without_a_registered_section_the_team_worklist_has_no_unassigned_rows(tom, monkeypatch):
    monkeypatch.setattr(registry, "_team_unassigned", [])
    assert team_worklist(tom)["unassigned"] == [] and team_worklist(tom)["unassigned_total"] == 0


def test_every_registered_section_adds_to_the_list_and_the_total_and_the_limit_holds(tom, monkeypatch):
    monkeypatch.setattr(registry, "_team_unassigned", [])
    registry.register_team_unassigned(lambda actor, limit: (["a", "b"][:limit], 2))
    registry.register_team_unassigned(lambda actor, limit: (["c"][:limit], 5))
    assert registry.team_unassigned(tom, limit=2) == (["a", "b"], 7)
    assert registry.team_unassigned(tom, limit=10) == (["a", "b", "c"], 7)


def test_cases_and_interventions_register_what_the_layers_below_them_call_once_even_if_ready_runs_again():
    from django.apps import apps

    from tidlig.cases import casework, overview
    from tidlig.interventions import selectors as measures

    expected = {
        "_investigation_hand_over": [casework.investigation_for_screening],
        "_caseworker_assigned": [casework.assign_case_obligations],
        "_case_work_since": [overview.case_work_since],
        "_ongoing_support": [measures.has_ongoing_measure_or_placement],
        "_case_deciders": [measures.measures_decided_by],
        "_open_measures": [measures.open_measures],
        "_measures_in_force": [measures.measures_in_force],
        "_first_decided_since": [measures.first_decided_since],
    }
    apps.get_app_config("cases").ready()
    apps.get_app_config("interventions").ready()
    assert {name: getattr(registry, name) for name in expected} == expected


def test_a_hand_over_nobody_registered_raises_instead_of_silently_dropping_the_investigation(
    tom, child, monkeypatch
):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setattr(registry, "_investigation_hand_over", [])
    monkeypatch.setattr(registry, "_caseworker_assigned", [])
    with pytest.raises(ImproperlyConfigured):
        registry.screened_for_investigation(
            child=child, actor=tom, aware_on=dt.date(2026, 11, 1), notification_id=1
        )
    with pytest.raises(ImproperlyConfigured):
        registry.caseworker_assigned(child)


def test_the_reads_combine_every_provider(child, monkeypatch):
    monkeypatch.setattr(registry, "_ongoing_support", [])
    monkeypatch.setattr(registry, "_case_deciders", [])
    at = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    assert (
        registry.had_ongoing_support(child, on=at) is False
        and registry.case_deciders(child, before=at) == set()
    )
    registry.register_ongoing_support(lambda c, *, on: False)
    registry.register_ongoing_support(lambda c, *, on: c == child and on == at)
    registry.register_case_deciders(lambda c, *, before: [1, 2])
    registry.register_case_deciders(lambda c, *, before: (2, 3))
    assert registry.had_ongoing_support(child, on=at) is True
    assert registry.case_deciders(child, before=at) == {1, 2, 3}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 2, 1), dt.date(2026, 2, 1)),
        (None, dt.date(2026, 2, 1), dt.date(2026, 2, 1)),
        (dt.date(2026, 3, 1), None, dt.date(2026, 3, 1)),
        (None, None, None),
    ],
)
def test_the_earliest_of_two_days_ignores_a_missing_one_on_every_database(child, a, b, expected):
    day = DateField()
    row = Child.objects.filter(pk=child.pk).annotate(
        first=registry.earliest(Value(a, output_field=day), Value(b, output_field=day))
    )
    assert row.get().first == expected
