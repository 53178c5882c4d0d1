"""Reads of a child's network: only for those who may see the child's case (need to know), and every read
is logged through `cases.access.visible_child` (audit.record_access)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from tidlig.cases.access import is_case_owner, visible_child
from tidlig.organisation.models import Staff
from tidlig.people.models import Child

from .models import NetworkPerson, Relation


@dataclass
class Network:
    child: Child
    people: list[NetworkPerson]
    relations: list[Relation]
    can_edit: bool
    by_id: dict[int, NetworkPerson] = field(init=False)

    def __post_init__(self):
        self.by_id = {p.pk: p for p in self.people}

    @property
    def node(self) -> NetworkPerson | None:
        return next((p for p in self.people if p.is_child), None)

    def ties_of(self, person: NetworkPerson) -> list[tuple[str, NetworkPerson]]:
        """(what the other one is to this person, the other one), for the text list."""
        out = []
        for r in self.relations:
            if r.a_id == person.pk:
                out.append((r.kind + ":a", self.by_id[r.b_id]))
            elif r.b_id == person.pk:
                out.append((r.kind + ":b", self.by_id[r.a_id]))
        return out


def network_for(actor: Staff, child_id: int) -> Network:
    """The child's network, if the actor may see the child's case (else 404); the read is logged."""
    child = visible_child(actor, child_id, what="network")
    people = list(NetworkPerson.objects.filter(child=child).order_by("-is_child", "pk"))
    relations = list(Relation.objects.filter(child=child).order_by("pk"))
    return Network(child=child, people=people, relations=relations, can_edit=is_case_owner(actor, child))


def network_person_for(actor: Staff, person_id: int) -> NetworkPerson:
    """One person of a network the actor may see (the read of the child logged); 404 otherwise."""
    child_id = NetworkPerson.objects.filter(pk=person_id).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Http404
    child = visible_child(actor, child_id, what="network")
    person = NetworkPerson.objects.get(pk=person_id)
    person.child = child
    return person


def relation_for(actor: Staff, relation_id: int) -> Relation:
    child_id = Relation.objects.filter(pk=relation_id).values_list("child_id", flat=True).first()
    if child_id is None:
        raise Http404
    child = visible_child(actor, child_id, what="network")
    relation = Relation.objects.select_related("a", "b").get(pk=relation_id)
    relation.child = child
    return relation
