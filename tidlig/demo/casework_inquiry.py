"""Afdækning (§ 19) and børnefaglig undersøgelse (§ 20) in a child's case file: rows, events, notes."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop

from tidlig.cases.models import Assessment, Investigation
from tidlig.rules.calendar import local_date

from . import casetexts as T
from .casefile import NEVER, Book, Span


class InquiryWork:
    """CaseWork's afdækninger and undersøgelser; uses its rng, today, at, event and note."""

    # -- afdækning and undersøgelse -------------------------------------------------------------------

    def investigation(self, b: Book, s) -> None:
        rng, c = self.rng, b.c
        concluded_at = self.at(s.concluded_on, after=s.started_at) if s.concluded_on else None
        outcome = s.outcome if s.outcome in T.INVESTIGATION_CONCLUSIONS else "none"
        row = Investigation(
            child=c.obj,
            notification_id=_nid(s.notification),
            aware_on=s.aware_on,
            started_by=b.cw,
            areas=T.areas(rng, filled=s.concluded_on is not None),
            preliminary_on=s.preliminary_on,
            preliminary_text=rng.choice(T.PRELIMINARY) if s.preliminary_on else "",
            concluded_on=s.concluded_on,
            conclusion=rng.choice(T.INVESTIGATION_CONCLUSIONS[outcome]) if s.concluded_on else "",
        )
        b.investigations.append(row)
        self.event(
            b,
            "cases.investigation.started",
            s.started_at,
            gettext_noop("Børnefaglig undersøgelse startet (§ 20)"),
            "investigation",
            row,
        )
        if s.preliminary_on:
            self.event(
                b,
                "cases.investigation.preliminary",
                self.at(s.preliminary_on, after=s.started_at),
                gettext_noop("Foreløbig vurdering af undersøgelsen (§ 20, stk. 3)"),
                "investigation",
                row,
            )
        if concluded_at:
            self.event(
                b,
                "cases.investigation.concluded",
                concluded_at,
                gettext_noop("Børnefaglig undersøgelse afsluttet (§ 20)"),
                "investigation",
                row,
            )
        b.spans.append(Span(s.started_at, concluded_at or NEVER, s.outcome == "none", "investigation"))
        last = s.concluded_on or self.today
        first = local_date(s.started_at)
        for _ in range(rng.choice((1, 2, 2, 3))):
            day = first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))
            self.note(b, "investigation", day, after=s.started_at)

    def assessment(self, b: Book, s) -> None:
        rng, c = self.rng, b.c
        matters = T.matters_for(s.reasons)
        concluded_at = self.at(s.concluded_on, after=s.started_at) if s.concluded_on else None
        row = Assessment(
            child=c.obj,
            notification_id=_nid(s.notification),
            started_on=s.started_on,
            started_by=b.cw,
            matters=matters,
            professionals=rng.choice(T.PROFESSIONALS),
            concluded_on=s.concluded_on,
            conclusion=rng.choice(T.ASSESSMENT_CONCLUSIONS[s.outcome]) if s.concluded_on else "",
        )
        b.assessments.append(row)
        self.event(
            b,
            "cases.assessment.started",
            s.started_at,
            gettext_noop("Afdækning startet (§ 19): %(matters)s"),
            "assessment",
            row,
            {"matters": matters[:150]},
        )
        if concluded_at:
            self.event(
                b,
                "cases.assessment.concluded",
                concluded_at,
                gettext_noop("Afdækning afsluttet (§ 19)"),
                "assessment",
                row,
            )
        b.spans.append(Span(s.started_at, concluded_at or NEVER, s.outcome == "none", "assessment"))
        last = s.concluded_on or self.today
        day = s.started_on + dt.timedelta(days=rng.randint(0, max((last - s.started_on).days, 0)))
        self.note(b, "assessment", day, after=s.started_at)


def _nid(planned) -> int | None:
    obj = getattr(planned, "obj", None)
    return obj.pk if obj is not None else None
