"""The anonymous overview and transitions (overgang) through the API: the same code and permissions as the UI."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from tidlig.core.api import api_fields
from tidlig.core.pagination import paginated
from tidlig.core.schemas import Day, InSchema, Int, Text, api_errors
from tidlig.organisation.models import Institution
from tidlig.people.models import Child, Person

from . import transitions
from .overview import overview

router = Router(tags=["wellbeing"])
ERRORS = api_errors(403, 404)


class CountRow(Schema):
    label: str
    green: int | None
    yellow: int | None
    red: int | None
    total: int | None
    green_pct: int | None
    yellow_pct: int | None
    red_pct: int | None
    hidden: dict[Literal["green", "yellow", "red", "total"], Literal["small", "complementary"]] = Field(
        default_factory=dict,
        description='Why a null count is hidden: "small" (1–4) or "complementary" (hidden only so that a '
        "small count cannot be worked out from the totals; it may be large). Absent keys are shown.",
    )


class MovementOut(Schema):
    from_half_year: str
    to_half_year: str
    rows: list[CountRow]
    total: CountRow


class OverviewOut(Schema):
    """Counts of joint ratings without names; null = hidden (1–4, or hidden so that another cannot be recovered)."""

    level: str
    institution_id: int | None
    half_year: str
    half_year_label: str
    half_years: list[str]
    total: CountRow | None
    by_unit: list[CountRow]
    by_age: list[CountRow]
    by_sex: list[CountRow]
    over_time: list[CountRow]
    movement: MovementOut | None


@router.get(
    "/wellbeing/overview",
    response={200: OverviewOut, **ERRORS},
    summary="Well-being overview without names (leaders: own institution; managers, analysts: all)",
)
def get_overview(
    request, level: str = "", period: str = "", institution: int | None = None, movement: bool = False
):
    """`movement=true` adds the movement between half-years (always there for one institution)."""
    data = overview(
        request.auth, level=level, half_year=period, institution_id=institution, movement=movement
    )
    movement = data["movement"]
    return {
        **data,
        "institution_id": data["institution"].pk if data["institution"] else None,
        "half_years": [k for k, _label in data["half_years"]],
        "movement": movement
        and {
            "from_half_year": movement["from"],
            "to_half_year": movement["to"],
            "rows": movement["rows"],
            "total": movement["total"],
        },
    }


class TransitionIn(InSchema):
    to_institution_id: Int
    summary: Text
    consent_by_id: Int | None = None
    consent_on: Day | None = None


class TransitionOut(Schema):
    id: int
    child_id: int
    child_name: str
    from_institution: str
    to_institution: str
    summary: str = Field(description="empty once a parent withdrew the consent")
    consent_on: dt.date
    consent_withdrawn_on: dt.date | None = Field(None, description="when a parent withdrew the consent")
    consent_withdrawn_by_family: bool = Field(False, description="the parent withdrew it in Tidlig")
    created_at: dt.datetime


def transition_out(t) -> dict:
    return {
        "id": t.pk,
        "child_id": t.child_id,
        "child_name": t.child.display_name,
        "from_institution": t.from_institution.name,
        "to_institution": t.to_institution.name,
        "summary": t.summary,
        "consent_on": t.consent_on,
        "consent_withdrawn_on": t.consent_withdrawn_on,
        "consent_withdrawn_by_family": t.consent_withdrawn_by_id is not None,
        "created_at": t.created_at,
    }


@router.post(
    "/children/{child_id}/transitions",
    response={201: TransitionOut, **ERRORS},
    tags=["children"],
    summary="Send a handover summary from daycare to school (only with a custody holder's consent)",
)
def create_transition(request, child_id: int, payload: TransitionIn):
    actor = request.auth
    child = Child.objects.filter(pk=child_id, municipality_id=actor.municipality_id).first()
    if child is None or transitions.sending_institution(actor, child) is None:
        raise Http404
    with api_fields(to_institution="to_institution_id", consent_by="consent_by_id"):
        t = transitions.transition_create(
            actor=actor,
            child=child,
            to_institution=Institution.objects.filter(pk=payload.to_institution_id).first(),
            summary=payload.summary,
            consent_by=Person.objects.filter(pk=payload.consent_by_id).first()
            if payload.consent_by_id
            else None,
            consent_on=payload.consent_on,
            today=timezone.localdate(),
        )
    return Status(201, transition_out(t))


@router.get(
    "/wellbeing/transitions",
    response={200: list[TransitionOut], **ERRORS},
    summary="Handovers received by the actor's school (leader) or for the children of the actor's classes",
)
@paginated
def list_transitions(request):
    return [transition_out(t) for t in transitions.received_list(request.auth)]


@router.get("/wellbeing/transitions/{transition_id}", response={200: TransitionOut, **ERRORS})
def get_transition(request, transition_id: int):
    return transition_out(transitions.transition_for(request.auth, transition_id))
