"""The only writers of case reviews: draw a sample, answer a checkpoint, send findings to the team leader."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidlig.audit import services as audit
from tidlig.organisation.models import Staff
from tidlig.people.models import Child
from tidlig.rules import review as rules

from . import facts
from .access import check_reviewer
from .models import Review, ReviewAnswer, ReviewCase

MAX_SIZE = 500
SEED_MAX = 2**31 - 1


def _evidence(pre: rules.PreAnswer) -> list[dict]:
    return [
        {
            "what": e.what,
            "on": e.on.isoformat() if e.on else None,
            "due": e.due.isoformat() if e.due else None,
            "event_id": e.event_id,
        }
        for e in pre.evidence
    ]


def review_draw(
    *,
    actor: Staff,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    size: int,
    seed: int | None = None,
    strata: str = "",
) -> Review:
    """Draw a random sample of cases with an obligation due in the period and pre-answer every checkpoint
    Tidlig can derive. The seed is stored, so the same sample can be drawn again and checked."""
    check_reviewer(actor)
    errors = {}
    if period_end < period_start:
        errors["period_end"] = [_("Perioden slutter, før den begynder. Ret slutdatoen.")]
    if not 1 <= size <= MAX_SIZE:
        errors["size"] = [
            ngettext("Vælg mellem 1 og %(max)s sag.", "Vælg mellem 1 og %(max)s sager.", MAX_SIZE)
            % {"max": MAX_SIZE}
        ]
    if seed is not None and not 0 <= seed <= SEED_MAX:
        errors["seed"] = [
            _("Frøet skal være et tal mellem 0 og %(max)s. Skriv et andet tal, eller lad feltet stå tomt.")
            % {"max": SEED_MAX}
        ]
    if strata not in Review.Strata.values:
        errors["strata"] = [_("Ukendt stratificering. Vælg en på listen.")]
    if errors:
        raise ValidationError(errors)
    if seed is None:
        seed = random.SystemRandom().randrange(SEED_MAX)
    with transaction.atomic():
        pool = facts.population(actor.municipality_id, period_start, period_end, strata)
        if not pool:
            raise ValidationError(
                {"period_start": [_("Ingen sager har frister i perioden. Vælg en længere periode.")]}
            )
        chosen = rules.draw(pool, size=size, seed=seed, stratified=bool(strata))
        stratum_of = dict(pool)
        review = Review.objects.create(
            municipality_id=actor.municipality_id,
            title=title,
            period_start=period_start,
            period_end=period_end,
            size=size,
            seed=seed,
            strata=strata,
            population=len(pool),
            drawn_by=actor,
            drawn_at=timezone.now(),
        )
        children = Child.objects.in_bulk(chosen)
        teams = dict(
            facts.in_period(period_start, period_end)
            .filter(child_id__in=chosen, team__isnull=False)
            .order_by("-due_at")
            .values_list("child_id", "team_id")
        )
        for pk in chosen:
            child = children[pk]
            case = ReviewCase.objects.create(
                review=review,
                child=child,
                team_id=child.caseworker.team_id if child.caseworker_id else teams.get(pk),
                stratum=stratum_of[pk],
            )
            case_facts = facts.case_facts(child, period_start, period_end)
            ReviewAnswer.objects.bulk_create(
                [
                    ReviewAnswer(
                        case=case,
                        checkpoint=c.code,
                        derived=(pre.answer or ""),
                        evidence=_evidence(pre),
                    )
                    for c in rules.CHECKPOINTS
                    for pre in [rules.pre_answer(c, case_facts)]
                ]
            )
        audit.record(
            actor=actor,
            action="review.drawn",
            obj=review,
            data={"seed": seed, "size": size, "strata": strata, "population": len(pool)},
        )
        # Drawing reads the sampled children's case data (their obligations, investigations, decisions).
        audit.record_access(actor=actor, child_ids=chosen, what="review.drawn")
    return review


def answer_set(*, actor: Staff, answer: ReviewAnswer, value: str, reason: str = "") -> ReviewAnswer:
    """The reviewer confirms Tidlig's pre-answer, overrides it (a reason is required) or answers a checkpoint
    Tidlig cannot derive."""
    check_reviewer(actor)
    with transaction.atomic():
        row = ReviewAnswer.objects.select_for_update().select_related("case__review").get(pk=answer.pk)
        if row.case.review.municipality_id != actor.municipality_id:
            raise ValidationError(_("Sagsgennemgangen findes ikke. Vælg en på listen over sagsgennemgange."))
        reason = reason.strip()
        if value not in rules.Answer.__members__.values():
            raise ValidationError({"answer": [_("Vælg et svar.")]})
        if row.derived and value != row.derived and not reason:
            raise ValidationError({"reason": [_("Skriv hvorfor du ændrer Tidligs svar.")]})
        row.answer, row.reason = value, reason
        row.answered_by, row.answered_at = actor, timezone.now()
        row.save(update_fields=["answer", "reason", "answered_by", "answered_at"])
        audit.record(
            actor=actor,
            action="review.answered",
            obj=row,
            child_id=row.case.child_id,
            data={"checkpoint": row.checkpoint, "answer": value, "derived": row.derived, "reason": reason},
        )
    return row


def findings_send(*, actor: Staff, case: ReviewCase, findings: str) -> ReviewCase:
    """The reviewer's findings on one case go to the team leader of the case's team (their list)."""
    check_reviewer(actor)
    with transaction.atomic():
        row = ReviewCase.objects.select_for_update().select_related("review").get(pk=case.pk)
        if row.review.municipality_id != actor.municipality_id:
            raise ValidationError(_("Sagsgennemgangen findes ikke. Vælg en på listen over sagsgennemgange."))
        findings = findings.strip()
        if not findings:
            raise ValidationError({"findings": [_("Skriv fundene.")]})
        if row.team_id is None:
            raise ValidationError(
                {
                    "findings": [
                        _(
                            "Sagen har intet team at sende fundene til. Bed lederen om at knytte rådgiveren til et team."
                        )
                    ]
                }
            )
        row.findings, row.findings_sent_at = findings, timezone.now()
        row.save(update_fields=["findings", "findings_sent_at"])
        audit.record(actor=actor, action="review.findings_sent", obj=row, child_id=row.child_id)
    return row
