"""The spine reads an upper app's worklist section only through what that app registered."""

from __future__ import annotations

import pytest

from tidlig.intake import selectors as intake_selectors
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
