"""Genograms and network maps for the showcase households (issue 13 § 2), written through the genogram
services as the child's caseworker would: the guardians from the register, then grandparents, siblings and
half-siblings, a separation, a death, and the people around the child outside the family. Synthetic only."""

from __future__ import annotations

import random

from tidlig.genogram import services
from tidlig.genogram.models import NetworkPerson, Relation
from tidlig.people.models import Child

from . import names


def build(children: list[Child], rng: random.Random, *, this_year: int) -> int:
    """One network per child with a caseworker (the one who writes it); returns how many were built."""
    built = 0
    for i, child in enumerate(children):
        if child.caseworker_id is None or child.is_unborn or not child.guardianships.exists():
            continue
        family(child, child.caseworker, rng, this_year=this_year, separated=i % 2 == 0)
        built += 1
    return built


def family(child: Child, actor, rng: random.Random, *, this_year: int, separated: bool) -> None:
    services.network_from_register(child=child, actor=actor)
    relation_of = dict(child.guardianships.values_list("person_id", "relation"))
    people = {
        relation_of.get(p.person_id): p for p in NetworkPerson.objects.filter(child=child, is_child=False)
    }
    node = NetworkPerson.objects.get(child=child, is_child=True)
    mother, father = people.get("mother"), people.get("father")
    born = node.born_year or this_year - 8

    def add(**kw) -> NetworkPerson:
        return services.network_person_add(child=child, actor=actor, **kw)

    def tie(a, kind, b) -> None:
        if a is not None and b is not None:
            services.relation_add(child=child, actor=actor, a=a, kind=kind, b=b)

    surname = child.last_name
    if separated and mother and father:
        Relation.objects.filter(child=child, kind=Relation.Kind.PARTNER).delete()
        tie(mother, "separated", father)
        home = f"{rng.choice(names.STREETS)} {rng.randint(2, 60)}"
        services.network_person_update(
            person=father,
            actor=actor,
            **{**_values(father), "household": home, "bond": "distant", "closeness": 2},
        )
        partner = add(first_name=rng.choice(_FIRST_F), last_name=rng.choice(names.SURNAMES), role="fars kæreste",
                      sex="F", born_year=(father.born_year or born - 30) + 3, household=home, closeness=3)  # fmt: skip
        tie(father, "partner", partner)
        half = add(first_name=rng.choice(_FIRST_M), last_name=father.last_name, role="halvbror", sex="M",
                   born_year=min(this_year - 1, born + 4), household=home, bond="close", closeness=2)  # fmt: skip
        tie(father, "parent", half)
        tie(partner, "parent", half)
    else:
        sister = add(first_name=rng.choice(_FIRST_F), last_name=surname, role="storesøster", sex="F",
                     born_year=born - 3, household=mother.household if mother else "", bond="close",
                     closeness=1)  # fmt: skip
        tie(mother, "parent", sister)
        tie(father, "parent", sister)
    if mother:
        mormor = add(first_name=rng.choice(_FIRST_F), last_name=rng.choice(names.SURNAMES), role="mormor", sex="F",
                     born_year=(mother.born_year or born - 28) - 27, household="", bond="resource", closeness=1,
                     is_resource=True, network_foster=True,
                     note="Har barnet hver anden weekend og kender skolen.")  # fmt: skip
        morfar = add(first_name=rng.choice(_FIRST_M), last_name=mormor.last_name, role="morfar", sex="M",
                     born_year=mormor.born_year - 2, died_year=this_year - rng.randint(1, 6), closeness=3)  # fmt: skip
        tie(mormor, "partner", morfar)
        tie(mormor, "parent", mother)
        tie(morfar, "parent", mother)
    if father:
        farmor = add(first_name=rng.choice(_FIRST_F), last_name=father.last_name, role="farmor", sex="F",
                     born_year=(father.born_year or born - 30) - 26, bond="close", closeness=2,
                     support_person=True)  # fmt: skip
        tie(farmor, "parent", father)
    add(first_name=rng.choice(_FIRST_M), role="fodboldtræner", sex="M", sector="friends", closeness=2,
        bond="resource", is_resource=True)  # fmt: skip
    add(first_name=rng.choice(_FIRST_F), role="bedste veninde" if child.sex == "F" else "bedste ven",
        sex="F" if child.sex == "F" else "M", born_year=born, sector="friends", closeness=1, bond="close")  # fmt: skip
    add(
        first_name=rng.choice(_FIRST_F),
        role="klasselærer",
        sex="F",
        sector="school",
        closeness=2,
        bond="close",
    )
    add(first_name=rng.choice(_FIRST_M), role="nabo", sex="M", sector="friends", closeness=3, bond="conflict")
    add(first_name=rng.choice(_FIRST_F), role="PPR-psykolog", sex="F", sector="professional", closeness=3)
    add(first_name=rng.choice(_FIRST_M), role="familiebehandler", sex="M", sector="professional", closeness=2,
        bond="close")  # fmt: skip


def _values(p: NetworkPerson) -> dict:
    return {k: getattr(p, k) for k in services.FIELDS}


_FIRST_F = names.WOMEN
_FIRST_M = names.MEN
