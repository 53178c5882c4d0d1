"""Reads of case reviews, scoped to the actor; every read that shows a child's case data is logged."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext

from tidlig.audit import services as audit
from tidlig.interventions.models import Appeal
from tidlig.organisation.models import Staff
from tidlig.rules import aggregates as agg
from tidlig.rules import review as rules
from tidlig.rules.review import BY_CODE, CHECKPOINTS
from tidlig.timeline.models import Event

from .access import check_figures, check_reviewer, check_team_leader
from .models import Review, ReviewAnswer, ReviewCase
from .report import interval, pct


def reviews_for(actor: Staff):
    """The municipality's reviews, newest first, with how many answers the reviewers have given."""
    check_reviewer(actor)
    return (
        Review.objects.filter(municipality_id=actor.municipality_id)
        .select_related("drawn_by")
        .annotate(
            n_cases=Count("cases", distinct=True),
            n_answered=Count("cases__answers", filter=~Q(cases__answers__answer="")),
            n_answers=Count("cases__answers"),
        )
    )


def review_get(actor: Staff, review_id: int) -> Review:
    check_reviewer(actor)
    review = Review.objects.filter(municipality_id=actor.municipality_id, pk=review_id).first()
    if review is None:
        raise Http404
    return review


def review_cases(actor: Staff, review: Review) -> list[ReviewCase]:
    cases = list(
        review.cases.select_related("child", "team").annotate(
            n_answered=Count("answers", filter=~Q(answers__answer="")), n_answers=Count("answers")
        )
    )
    audit.record_access(actor=actor, child_ids=[c.child_id for c in cases], what="review.cases")
    return cases


@dataclass
class AnswerRow:
    row: ReviewAnswer
    checkpoint: rules.Checkpoint
    events: dict = field(default_factory=dict)  # event id → its summary in the reader's language

    @property
    def effective(self) -> str:
        return self.row.answer or self.row.derived

    @property
    def folded(self) -> bool:
        """Not applicable by Tidlig's reading and not yet answered: the form is folded away."""
        return self.row.derived == rules.Answer.NOT_APPLICABLE and not self.row.answer

    @property
    def derived_title(self) -> str:
        return answer_title(self.row.derived)

    @property
    def answer_title(self) -> str:
        return answer_title(self.row.answer)

    @property
    def evidence(self) -> list[dict]:
        out = []
        for e in self.row.evidence:
            out.append(
                {
                    "what": gettext(e["what"]),
                    "on": dt.date.fromisoformat(e["on"]) if e.get("on") else None,
                    "due": dt.date.fromisoformat(e["due"]) if e.get("due") else None,
                    "event": self.events.get(e.get("event_id"), ""),
                }
            )
        return out


def answer_title(code: str) -> str:
    return gettext(rules.ANSWER_TITLES[rules.Answer(code)]) if code else ""


def case_get(actor: Staff, case_id: int) -> tuple[ReviewCase, list[AnswerRow]]:
    """One sampled case with its checkpoints, Tidlig's pre-answers and their evidence (logged)."""
    check_reviewer(actor)
    case = (
        ReviewCase.objects.select_related("review", "child", "team")
        .filter(review__municipality_id=actor.municipality_id, pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    answers = list(case.answers.select_related("answered_by"))
    # The events named as evidence, in one query, only this child's (the evidence was stored at the draw).
    ids = {e.get("event_id") for a in answers for e in a.evidence} - {None}
    events = {e.pk: e.display_summary for e in Event.objects.filter(child_id=case.child_id, pk__in=ids)}
    rows = [AnswerRow(a, BY_CODE[a.checkpoint], events) for a in answers]
    order = {c.code: i for i, c in enumerate(CHECKPOINTS)}
    rows.sort(key=lambda r: order[r.checkpoint.code])
    audit.record_access(actor=actor, child_ids=[case.child_id], what="review.case")
    return case, rows


def answer_get(actor: Staff, answer_id: int) -> ReviewAnswer:
    check_reviewer(actor)
    row = ReviewAnswer.objects.filter(
        case__review__municipality_id=actor.municipality_id, pk=answer_id
    ).first()
    if row is None:
        raise Http404
    return row


def case_for_findings(actor: Staff, case_id: int) -> ReviewCase:
    check_reviewer(actor)
    row = ReviewCase.objects.filter(review__municipality_id=actor.municipality_id, pk=case_id).first()
    if row is None:
        raise Http404
    return row


def _effective_answers(review_ids) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for review_id, code, answer, derived in ReviewAnswer.objects.filter(
        case__review_id__in=review_ids
    ).values_list("case__review_id", "checkpoint", "answer", "derived"):
        if answer or derived:
            out.setdefault(review_id, []).append((code, answer or derived))
    return out


@dataclass
class ResultRow:
    result: rules.Result
    previous: list[tuple[Review, rules.Result]]
    unconfirmed: int

    @property
    def share_text(self) -> str:
        return pct(self.result.share)

    @property
    def interval_text(self) -> str:
        return interval(self.result)

    @property
    def national_text(self) -> str:
        return " → ".join(self.result.checkpoint.national) or "–"

    @property
    def previous_texts(self) -> list[str]:
        return [f"{pct(res.share)} (n = {res.n})" for _r, res in self.previous]


def review_results(actor: Staff, review: Review) -> list[ResultRow]:
    """Per checkpoint: n, the share kept and its 95 % Wilson interval, beside the national rates and the
    municipality's earlier reviews. An answer the reviewer has not yet given counts with Tidlig's pre-answer
    (shown as unconfirmed). No names: counts only."""
    check_reviewer(actor)
    earlier = list(
        Review.objects.filter(municipality_id=actor.municipality_id, drawn_at__lt=review.drawn_at).order_by(
            "-drawn_at"
        )[:3]
    )
    answers = _effective_answers([review.pk, *[r.pk for r in earlier]])
    unconfirmed = dict(
        ReviewAnswer.objects.filter(case__review=review, answer="")
        .exclude(derived="")
        .values("checkpoint")
        .annotate(n=Count("pk"))
        .values_list("checkpoint", "n")
    )
    previous = {r.pk: {x.checkpoint.code: x for x in rules.results(answers.get(r.pk, []))} for r in earlier}
    return [
        ResultRow(
            res,
            [(r, previous[r.pk][res.checkpoint.code]) for r in earlier],
            unconfirmed.get(res.checkpoint.code, 0),
        )
        for res in rules.results(answers.get(review.pk, []))
    ]


def findings_for_team_leader(actor: Staff):
    """The findings sent about cases of the team leader's own team (logged: they name the child)."""
    check_team_leader(actor)
    rows = list(
        ReviewCase.objects.filter(
            review__municipality_id=actor.municipality_id,
            team_id=actor.team_id,
            team__isnull=False,
            findings_sent_at__isnull=False,
        )
        .select_related("review", "child")
        .order_by("-findings_sent_at", "-pk")
    )
    # Beside the reviewer's words: the checkpoints where the law was not kept (the answer as it stands).
    order = {c.code: i for i, c in enumerate(CHECKPOINTS)}
    broken: dict[int, list[tuple[str, str]]] = {}
    for case_id, code, answer, derived in (
        ReviewAnswer.objects.filter(case__in=rows)
        .values_list("case_id", "checkpoint", "answer", "derived")
        .order_by("case_id", "pk")
    ):
        effective = answer or derived
        if effective in (rules.Answer.NOT_MET, rules.Answer.MET_LATE):
            broken.setdefault(case_id, []).append((code, effective))
    for c in rows:
        c.not_kept = [
            {
                "checkpoint": code,
                "title": gettext(BY_CODE[code].title),
                "answer": a,
                "answer_title": answer_title(a),
            }
            for code, a in sorted(broken.get(c.pk, []), key=lambda x: order[x[0]])
        ]
    audit.record_access(actor=actor, child_ids=[c.child_id for c in rows], what="review.findings")
    return rows


@dataclass
class AppealYearRow:
    year: int
    received: int | str  # complaints received that year (a count, or the mark of why it is hidden)
    decided: int | str  # decided on the merits by Ankestyrelsen that year
    changed: int | str  # of those: changed, annulled or sent back
    share: str  # changed / decided, or «–»
    hidden: dict  # the reason per hidden count (the API's `hidden`)


def appeal_figures(actor: Staff) -> list[AppealYearRow]:
    """Ankestyrelsen's second key figure per year: of the complaints it decided on the merits, the share it
    changed or sent back (omgørelsesprocent); small counts suppressed (rules/aggregates)."""
    check_figures(actor)
    mine = Appeal.objects.filter(decision__municipality_id=actor.municipality_id)
    received = Counter(d.year for d in mine.values_list("received_on", flat=True))
    decided = rules.appeal_shares(
        (d.year, o) for d, o in mine.exclude(outcome="").values_list("outcome_on", "outcome")
    )
    by_year = {y.year: y for y in decided}
    out = []
    for year in sorted(set(received) | set(by_year), reverse=True):
        y = by_year.get(year, rules.AppealYear(year, 0, 0))
        row = agg.suppress_row([y.changed, y.decided - y.changed])
        n_received = agg.suppress(received.get(year, 0))
        out.append(
            AppealYearRow(
                year=year,
                received=agg.mark(n_received, agg.reason_of(received.get(year, 0))),
                decided=agg.mark(row.total, row.total_reason),
                changed=agg.mark(row.cells[0], row.reasons[0]),
                share=agg.share_mark(row.shares[0]),
                hidden={
                    k: v
                    for k, v in {
                        "received": agg.reason_of(received.get(year, 0)),
                        "decided": row.total_reason,
                        "changed": row.reasons[0],
                    }.items()
                    if v
                },
            )
        )
    return out
