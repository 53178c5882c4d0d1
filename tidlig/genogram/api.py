"""The child's network through the API: the same selectors (need to know, the read logged) and services
(only the case's owners write) as the pages."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Status

from tidlig.core.api import api_fields
from tidlig.core.pagination import paginated
from tidlig.core.schemas import api_errors

from . import drawing, selectors, services
from .models import NetworkPerson
from .schemas import (
    NetworkOut,
    NetworkPersonIn,
    NetworkPersonOut,
    NetworkRelationIn,
    NetworkRelationOut,
    person_out,
    relation_out,
)

router = Router(tags=["network"])
ERRORS = api_errors(403, 404)


@router.get(
    "/children/{child_id}/network",
    response={200: NetworkOut, **api_errors(404)},
    tags=["children"],
    summary="The child's network: people, family ties and bonds (for those who may see the case)",
)
def network(request, child_id: int):
    net = selectors.network_for(request.auth, child_id)
    return NetworkOut(
        child_id=net.child.pk,
        can_edit=net.can_edit,
        people=[person_out(p) for p in net.people],
        relations=[relation_out(r) for r in net.relations],
    )


@router.get(
    "/children/{child_id}/network/people",
    response={200: list[NetworkPersonOut], **api_errors(404)},
    tags=["children"],
    summary="The people of the child's network (the child itself first)",
)
@paginated
def network_people(request, child_id: int):
    return [person_out(p) for p in selectors.network_for(request.auth, child_id).people]


@router.get(
    "/children/{child_id}/network/relations",
    response={200: list[NetworkRelationOut], **api_errors(404)},
    tags=["children"],
    summary="The family ties among the people of the child's network",
)
@paginated
def network_relations(request, child_id: int):
    return [relation_out(r) for r in selectors.network_for(request.auth, child_id).relations]


@router.get(
    "/children/{child_id}/network/genogram.svg",
    response={200: None, **api_errors(404)},
    tags=["children"],
    summary="The genogram as SVG (image/svg+xml)",
)
def genogram_svg(request, child_id: int):
    net = selectors.network_for(request.auth, child_id)
    return HttpResponse(str(drawing.genogram_svg(net)), content_type="image/svg+xml; charset=utf-8")


@router.get(
    "/children/{child_id}/network/map.svg",
    response={200: None, **api_errors(404)},
    tags=["children"],
    summary="The network map as SVG (image/svg+xml)",
)
def network_map_svg(request, child_id: int):
    net = selectors.network_for(request.auth, child_id)
    return HttpResponse(str(drawing.network_map_svg(net)), content_type="image/svg+xml; charset=utf-8")


@router.post(
    "/children/{child_id}/network/people",
    response={201: NetworkPersonOut, **ERRORS},
    tags=["children"],
    summary="Add a person to the child's network (with or without CPR)",
)
def person_add(request, child_id: int, payload: NetworkPersonIn):
    net = selectors.network_for(request.auth, child_id)
    p = services.network_person_add(child=net.child, actor=request.auth, **payload.model_dump())
    return Status(201, person_out(p))


@router.put(
    "/network/people/{person_id}",
    response={200: NetworkPersonOut, **ERRORS},
    summary="Change a person of the child's network",
)
def person_update(request, person_id: int, payload: NetworkPersonIn):
    person = selectors.network_person_for(request.auth, person_id)
    return person_out(
        services.network_person_update(person=person, actor=request.auth, **payload.model_dump())
    )


@router.delete(
    "/network/people/{person_id}",
    response={204: None, **ERRORS},
    summary="Remove a person (and their family ties) from the child's network",
)
def person_remove(request, person_id: int):
    person = selectors.network_person_for(request.auth, person_id)
    services.network_person_remove(person=person, actor=request.auth)
    return Status(204, None)


@router.post(
    "/children/{child_id}/network/relations",
    response={201: NetworkRelationOut, **ERRORS},
    tags=["children"],
    summary="Add a family tie: parent, partner, separated or sibling",
)
def relation_add(request, child_id: int, payload: NetworkRelationIn):
    net = selectors.network_for(request.auth, child_id)
    people = NetworkPerson.objects.filter(child=net.child)
    with api_fields(a="a_id", b="b_id"):
        r = services.relation_add(
            child=net.child,
            actor=request.auth,
            a=people.filter(pk=payload.a_id).first(),
            kind=payload.kind,
            b=people.filter(pk=payload.b_id).first(),
        )
    return Status(201, relation_out(r))


@router.delete(
    "/network/relations/{relation_id}",
    response={204: None, **ERRORS},
    summary="Remove a family tie",
)
def relation_remove(request, relation_id: int):
    relation = selectors.relation_for(request.auth, relation_id)
    services.relation_remove(relation=relation, actor=request.auth)
    return Status(204, None)


@router.post(
    "/children/{child_id}/network/from-register",
    response={200: list[NetworkPersonOut], **ERRORS},
    tags=["children"],
    summary="Bring the child's guardians from the register into the network (once each)",
)
@paginated
def from_register(request, child_id: int):
    net = selectors.network_for(request.auth, child_id)
    return [person_out(p) for p in services.network_from_register(child=net.child, actor=request.auth)]
