"""The family's own actions through the API (issue 14 §§ 2–3), the twins of views_acts.py: the same `acts`
functions, so the same access rule, services and audit rows. Authenticated by the citizen's session only."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema, Status

from tidlig.core.consents import KINDS, Consent
from tidlig.core.pagination import paginated
from tidlig.core.schemas import InSchema, Line, Text, api_errors

from . import acts
from .api import CitizenSession

router = Router(tags=["family"], auth=CitizenSession())


class FamilyConsentOut(Schema):
    kind: str = Field(
        description="crossteam (a named item of the cross-disciplinary team), transition (the "
        "daycare's handover to the school) or network (a network meeting a school or daycare booked)"
    )
    id: int
    child_id: int
    title: str
    given_to: str
    given_by: str
    given_on: dt.date
    withdrawn_on: dt.date | None
    withdrawn_by_family: bool
    effect: str = Field(description="what withdrawing does now, or what it did (plain Danish)")


def consent_out(c: Consent) -> dict:
    return {**c.__dict__}


class FamilyMessageIn(InSchema):
    text: Text = Field(description="at most 2,000 characters of plain text; at most 5 messages in 24 hours")


class FamilyNoteOut(Schema):
    id: int
    happened_on: dt.date
    written_at: dt.datetime
    from_family: bool = Field(description="your own message (else a note the caseworker showed you)")
    kind: str
    author: str = Field(description="the caseworker's name, or empty for your own message")
    text: str


def note_out(n) -> dict:
    return {
        "id": n.pk,
        "happened_on": n.happened_on,
        "written_at": n.written_at,
        "from_family": n.from_family,
        "kind": n.kind,
        "author": "" if n.from_family else (n.author.get_full_name() or str(n.author)),
        "text": n.text,
    }


class FamilyFitOpenOut(Schema):
    rating_id: int
    part: str = Field(
        description="outcome (how it is going: ORS/CORS) or alliance (how the meeting was: SRS/CSRS)"
    )
    instrument: str
    held_on: dt.date
    first_name: str


class FamilyFitIn(InSchema):
    items: list[float | Line(5)] = Field(
        ..., max_length=10, description='four answers 0–10 with at most one decimal: [7.5, 6, "8,1", 9]'
    )


class FamilyFitOut(Schema):
    rating_id: int
    part: str
    total: str


@router.get(
    "/family/children/{child_id}/consents",
    response={200: list[FamilyConsentOut], **api_errors(404)},
    summary="The consents given for the child, with what withdrawing each does (a parent with custody)",
)
@paginated
def family_consents(request, child_id: int):
    _access, rows = acts.consents_page(request.citizen, child_id)
    return [consent_out(c) for c in rows]


@router.post(
    "/family/children/{child_id}/consents/{kind}/{consent_id}/withdraw",
    response={200: FamilyConsentOut, **api_errors(403, 404)},
    summary="Withdraw a consent: a team item not yet held leaves the agenda, a booked meeting is cancelled, the "
    "school no longer reads the handover; what already happened is not undone",
)
def family_consent_withdraw(request, child_id: int, kind: str, consent_id: int):
    if kind not in KINDS:
        raise Http404
    return consent_out(acts.consent_withdraw(request.citizen, child_id, kind, consent_id))


@router.post(
    "/family/children/{child_id}/messages",
    response={201: FamilyNoteOut, **api_errors(403, 404)},
    summary="Send a short message to the caseworker; it lands on the case as a journal note",
)
def family_message(request, child_id: int, payload: FamilyMessageIn):
    return Status(201, note_out(acts.message_send(request.citizen, child_id, text=payload.text)))


@router.get(
    "/family/children/{child_id}/notes",
    response={200: list[FamilyNoteOut], **api_errors(404)},
    summary="The notes the caseworker showed the family, and the family's own messages, newest first",
)
@paginated
def family_notes(request, child_id: int):
    _access, rows = acts.notes_page(request.citizen, child_id)
    return [note_out(n) for n in rows]


@router.get(
    "/family/children/{child_id}/fit",
    response={200: list[FamilyFitOpenOut], **api_errors(404)},
    summary="The FIT questions open to the signed-in citizen (their own, until 7 days after the session)",
)
@paginated
def family_fit(request, child_id: int):
    page = acts.fit_page(request.citizen, child_id)
    return [
        {
            "rating_id": p.rating.pk,
            "part": p.part,
            "instrument": p.rating.instrument(p.part),
            "held_on": p.rating.session.held_on,
            "first_name": p.rating.respondent.first_name,
        }
        for p in page.parts
    ]


@router.post(
    "/family/children/{child_id}/fit/{rating_id}/{part}",
    response={200: FamilyFitOut, **api_errors(403, 404)},
    summary="Answer an open FIT part from home; it is on the professional's FIT page at once",
)
def family_fit_answer(request, child_id: int, rating_id: int, part: str, payload: FamilyFitIn):
    rating = acts.fit_answer(request.citizen, child_id, rating_id, part, [str(v) for v in payload.items])
    total = rating.outcome_total if part == "outcome" else rating.alliance_total
    return {"rating_id": rating.pk, "part": part, "total": str(total)}
