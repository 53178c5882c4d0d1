"""The decision letter through the API (issue 9): the same HTML and PDF the page renders, with the page's rule
that only the child's caseworker and the team leader (case owners) read it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.middleware.csp import get_nonce
from ninja import Router

from tidlig.cases.access import require_case_owner
from tidlig.core.schemas import api_errors

from . import letters
from .case_selectors import decision_for
from .models import Decision

router = Router(tags=["decisions and measures"])
ERRORS = api_errors(403, 404)


def _owned_decision(request, decision_id: int) -> Decision:
    d = decision_for(request.auth, decision_id)
    require_case_owner(request.auth, d.child)
    return Decision.objects.select_related(
        "type", "child", "municipality", "conversation", "decided_by", "drafted_by"
    ).get(pk=d.pk)


@router.get(
    "/decisions/{decision_id}/letter",
    response={200: None, **ERRORS},
    summary="The decision letter in HTML, as the page renders it (a draft until the decision is made)",
    openapi_extra={"responses": {200: {"description": "The letter", "content": {"text/html": {}}}}},
)
def decision_letter(request, decision_id: int):
    d = _owned_decision(request, decision_id)
    html = letters.decision_letter_html(d, csp_nonce=get_nonce(request))
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@router.get(
    "/decisions/{decision_id}/letter.pdf",
    response={200: None, **ERRORS},
    summary="The decision letter as PDF, as the page renders it",
    openapi_extra={"responses": {200: {"description": "The letter", "content": {"application/pdf": {}}}}},
)
def decision_letter_pdf(request, decision_id: int):
    d = _owned_decision(request, decision_id)
    pdf = letters.decision_letter_pdf(d, base_url=request.build_absolute_uri("/"))
    name = f"afgoerelse-{d.pk}{'' if d.is_made else '-udkast'}.pdf"
    return HttpResponse(
        pdf, content_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


@router.get(
    "/decisions/{decision_id}/letter-for-child",
    response={200: None, **ERRORS},
    summary="The decision letter written for the child of 10 or more, who is a party (barnets lov § 3); "
    "404 when the child is younger or the measure is preventive",
    openapi_extra={"responses": {200: {"description": "The letter", "content": {"text/html": {}}}}},
)
def decision_letter_for_child(request, decision_id: int):
    d = _owned_decision(request, decision_id)
    if not letters.decision_letter(d).child_party:
        raise Http404
    html = letters.decision_letter_child_html(d, csp_nonce=get_nonce(request))
    return HttpResponse(html, content_type="text/html; charset=utf-8")
