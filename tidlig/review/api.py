"""Case review through the API (/api/v1/reviews…): the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from tidlig.core.pagination import paginated
from tidlig.core.schemas import Day, InSchema, Int, Line, Text, api_errors

from . import selectors, services
from .models import Review

router = Router(tags=["review"])


class ReviewOut(Schema):
    id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    size: int
    seed: int
    strata: str = Field(description="'' (simple random sample), team or measure")
    population: int = Field(description="How many cases had an obligation due in the period")
    drawn_at: dt.datetime


class ReviewDrawIn(InSchema):
    title: Line(150)
    period_start: Day
    period_end: Day
    size: Int = Field(26, ge=1, le=services.MAX_SIZE)
    seed: Int | None = Field(None, ge=0, le=services.SEED_MAX, description="Empty: chosen and stored")
    strata: Line(10) = Field("", description="'', team or measure")


class ReviewCaseOut(Schema):
    id: int
    child_id: int
    child_name: str
    team: str | None
    stratum: str
    answered: int
    checkpoints: int
    findings_sent_at: dt.datetime | None


class ReviewEvidenceOut(Schema):
    what: str
    on: dt.date | None = Field(description="When it happened (null: not done)")
    due: dt.date | None = Field(description="The deadline")


class ReviewAnswerOut(Schema):
    id: int
    checkpoint: str
    title: str
    law: str
    derived: str | None = Field(description="Tidlig's pre-answer; null when the reviewer must answer")
    evidence: list[ReviewEvidenceOut]
    answer: str | None = Field(description="The reviewer's answer: met, met_late, not_met, not_applicable")
    reason: str


class ReviewCaseDetailOut(ReviewCaseOut):
    findings: str
    answers: list[ReviewAnswerOut]


class ReviewAnswerIn(InSchema):
    answer: Line(20) = Field(description="met, met_late, not_met or not_applicable")
    reason: Text = Field("", description="Required when the answer differs from Tidlig's pre-answer")


class ReviewFindingsIn(InSchema):
    findings: Text


class PreviousResultOut(Schema):
    review_id: int
    title: str
    n: int
    share: float | None


class ReviewResultOut(Schema):
    checkpoint: str
    title: str
    law: str
    n: int = Field(description="Cases where the checkpoint applied")
    kept: int
    late: int
    not_applicable: int
    share: float | None
    ci_low: float | None = Field(description="95 % Wilson score interval, lower end")
    ci_high: float | None
    national: list[str] = Field(description="Ankestyrelsen's published national rates, oldest first")
    unconfirmed: int = Field(description="Pre-answers counted that the reviewer has not confirmed")
    previous: list[PreviousResultOut] = Field(
        description="The same checkpoint in the municipality's (up to) three previous reviews, newest first"
    )


class NotKeptOut(Schema):
    checkpoint: str
    title: str
    answer: str = Field(description="not_met or met_late")


class ReviewFindingOut(Schema):
    review_case_id: int
    child_id: int
    child_name: str
    review: str
    findings: str
    sent_at: dt.datetime
    not_kept: list[NotKeptOut] = Field(description="the checkpoints where the law was not kept in this case")


def _review(r: Review) -> dict:
    return {f: getattr(r, f) for f in ReviewOut.model_fields}


def _case(c) -> dict:
    return {
        "id": c.pk,
        "child_id": c.child_id,
        "child_name": str(c.child),
        "team": c.team.name if c.team else None,
        "stratum": c.stratum,
        "answered": c.n_answered,
        "checkpoints": c.n_answers,
        "findings_sent_at": c.findings_sent_at,
    }


def _answer(r: selectors.AnswerRow) -> dict:
    return {
        "id": r.row.pk,
        "checkpoint": r.checkpoint.code,
        "title": r.checkpoint.title,
        "law": r.checkpoint.law,
        "derived": r.row.derived or None,
        "evidence": r.evidence,
        "answer": r.row.answer or None,
        "reason": r.row.reason,
    }


def _detail(actor, case_id: int) -> dict:
    case, rows = selectors.case_get(actor, case_id)
    answered = sum(1 for r in rows if r.row.answer)
    base = {
        "id": case.pk,
        "child_id": case.child_id,
        "child_name": str(case.child),
        "team": case.team.name if case.team else None,
        "stratum": case.stratum,
        "answered": answered,
        "checkpoints": len(rows),
        "findings_sent_at": case.findings_sent_at,
        "findings": case.findings,
    }
    return base | {"answers": [_answer(r) for r in rows]}


@router.get("/reviews", response={200: list[ReviewOut], **api_errors(403)}, summary="Case reviews")
@paginated
def reviews_list(request):
    return [_review(r) for r in selectors.reviews_for(request.auth)]


@router.post("/reviews", response={201: ReviewOut, **api_errors(403)}, summary="Draw a case review sample")
def review_draw(request, payload: ReviewDrawIn):
    r = services.review_draw(actor=request.auth, **payload.dict())
    return Status(201, _review(r))


@router.get("/reviews/{review_id}", response={200: ReviewOut, **api_errors(403, 404)}, summary="One review")
def review_get(request, review_id: int):
    return _review(selectors.review_get(request.auth, review_id))


@router.get(
    "/reviews/{review_id}/cases",
    response={200: list[ReviewCaseOut], **api_errors(403, 404)},
    summary="The sampled cases of a review",
)
@paginated
def review_cases(request, review_id: int):
    r = selectors.review_get(request.auth, review_id)
    return [_case(c) for c in selectors.review_cases(request.auth, r)]


@router.get(
    "/reviews/{review_id}/results",
    response={200: list[ReviewResultOut], **api_errors(403, 404)},
    summary="Results per checkpoint with n and a 95 % Wilson interval",
)
@paginated
def review_results(request, review_id: int):
    r = selectors.review_get(request.auth, review_id)
    return [
        {
            "checkpoint": x.result.checkpoint.code,
            "title": x.result.checkpoint.title,
            "law": x.result.checkpoint.law,
            "n": x.result.n,
            "kept": x.result.kept,
            "late": x.result.late,
            "not_applicable": x.result.not_applicable,
            "share": x.result.share,
            "ci_low": x.result.interval[0] if x.result.interval else None,
            "ci_high": x.result.interval[1] if x.result.interval else None,
            "national": list(x.result.checkpoint.national),
            "unconfirmed": x.unconfirmed,
            "previous": [
                {"review_id": p.pk, "title": p.title, "n": res.n, "share": res.share} for p, res in x.previous
            ],
        }
        for x in selectors.review_results(request.auth, r)
    ]


@router.get(
    "/review-cases/{case_id}",
    response={200: ReviewCaseDetailOut, **api_errors(403, 404)},
    summary="A sampled case with its checkpoints, pre-answers and evidence",
)
def review_case(request, case_id: int):
    return _detail(request.auth, case_id)


@router.put(
    "/review-answers/{answer_id}",
    response={200: ReviewAnswerOut, **api_errors(403, 404)},
    summary="Confirm, override (with a reason) or give the answer to a checkpoint",
)
def review_answer(request, answer_id: int, payload: ReviewAnswerIn):
    row = selectors.answer_get(request.auth, answer_id)
    row = services.answer_set(actor=request.auth, answer=row, value=payload.answer, reason=payload.reason)
    _case_row, rows = selectors.case_get(request.auth, row.case_id)
    return next(_answer(r) for r in rows if r.row.pk == row.pk)


@router.post(
    "/review-cases/{case_id}/findings",
    response={200: ReviewCaseDetailOut, **api_errors(403, 404)},
    summary="Send the findings on a case to its team leader",
)
def review_findings_send(request, case_id: int, payload: ReviewFindingsIn):
    case = selectors.case_for_findings(request.auth, case_id)
    services.findings_send(actor=request.auth, case=case, findings=payload.findings)
    return _detail(request.auth, case_id)


@router.get(
    "/review-findings",
    response={200: list[ReviewFindingOut], **api_errors(403)},
    summary="Findings on my team's cases (team leaders)",
)
@paginated
def review_findings(request):
    return [
        {
            "review_case_id": c.pk,
            "child_id": c.child_id,
            "child_name": str(c.child),
            "review": c.review.title,
            "findings": c.findings,
            "sent_at": c.findings_sent_at,
            "not_kept": [{k: x[k] for k in ("checkpoint", "title", "answer")} for x in c.not_kept],
        }
        for c in selectors.findings_for_team_leader(request.auth)
    ]


class AppealFigureOut(Schema):
    year: int
    received: int | None = Field(description="Complaints received that year; null when hidden")
    decided: int | None = Field(
        description="Decided on the merits by Ankestyrelsen that year; null when hidden"
    )
    changed: int | None = Field(description="Of those, changed, annulled or sent back; null when hidden")
    share: int | None = Field(description="changed / decided in per cent; null when not shown")
    hidden: dict[str, str] = Field(description="Why a count is hidden: small or complementary")


def _count(v):
    return v if isinstance(v, int) else None


@router.get(
    "/appeal-figures",
    response={200: list[AppealFigureOut], **api_errors(403)},
    summary="Per year: the share of appealed decisions Ankestyrelsen changed or sent back",
)
@paginated
def appeal_figures(request):
    return [
        {
            "year": r.year,
            "received": _count(r.received),
            "decided": _count(r.decided),
            "changed": _count(r.changed),
            "share": int(r.share.rstrip(" %")) if r.share.endswith("%") else None,
            "hidden": r.hidden,
        }
        for r in selectors.appeal_figures(request.auth)
    ]
