"""The demo parent with custody has something to see and do on the family's pages (issue 14 §§ 2–3)."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from tidlig.cases import casework
from tidlig.cases import family as case_family
from tidlig.demo import family_acts
from tidlig.family.models import DemoCitizen
from tidlig.fit import family as fit_family


def test_the_demo_parent_gets_notes_a_message_and_fit_to_answer(child, mother, alice):
    child.caseworker = alice
    child.save()
    casework.journal_note_write(
        child=child, actor=alice, kind="phone", happened_on=timezone.localdate(), text="Mor ringede."
    )
    DemoCitizen.objects.create(cpr=mother.cpr, name=str(mother), role="Mor med forældremyndighed")

    assert family_acts.build(SimpleNamespace(raadgiver=alice)) == 1

    notes = list(case_family.notes_for_family([child.pk]))
    assert {n.from_family for n in notes} == {True, False} and len(notes) == 2
    parts = fit_family.open_parts(child, fit_family.Who(role="mother", first_name=mother.first_name))
    assert [p.part for p in parts] == ["outcome", "alliance"]


def test_nothing_without_a_demo_parent(child, alice):
    assert family_acts.build(SimpleNamespace(raadgiver=alice)) == 0
