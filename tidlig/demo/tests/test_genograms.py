"""The showcase households' genograms (issue 13 § 2): built through the services, drawn without error."""

from __future__ import annotations

import random

import pytest

from tidlig.demo import genograms
from tidlig.genogram.drawing import genogram_svg, network_map_svg
from tidlig.genogram.models import NetworkPerson, Relation
from tidlig.genogram.selectors import network_for
from tidlig.people.models import Guardianship, Person


@pytest.fixture
def owned(child, alice, municipality):
    child.caseworker = alice
    child.save()
    father = Person.objects.create(
        municipality=municipality, cpr="0101831235", first_name="Jens", last_name="Jensen"
    )
    Guardianship.objects.create(child=child, person=father, relation="father", has_custody=True)
    return child


@pytest.mark.parametrize("separated", [True, False])
def test_a_showcase_family_has_three_generations_and_a_network_outside_it(owned, alice, separated):
    genograms.family(owned, alice, random.Random(1), this_year=2026, separated=separated)
    people = NetworkPerson.objects.filter(child=owned)
    kinds = set(Relation.objects.filter(child=owned).values_list("kind", flat=True))

    assert people.filter(role="morfar", is_dead=True).exists()
    assert people.filter(network_foster=True).exists() and people.filter(support_person=True).exists()
    assert set(people.values_list("sector", flat=True)) == {"family", "friends", "school", "professional"}
    assert ("separated" in kinds) is separated and "parent" in kinds
    net = network_for(alice, owned.pk)
    assert "<svg" in genogram_svg(net) and "<svg" in network_map_svg(net)


def test_children_without_a_caseworker_get_no_network(child):
    assert genograms.build([child], random.Random(1), this_year=2026) == 0
    assert not NetworkPerson.objects.exists()
