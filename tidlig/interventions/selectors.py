from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import DateField, Q, Subquery

from tidlig.people.models import Child
from tidlig.rules import review as review_rules
from tidlig.rules.calendar import local_date
from tidlig.timeline import registry

from .models import Decision, Measure, MeasureType


def ongoing_measures(child: Child, *, on: dt.date):
    return (
        Measure.objects.filter(child=child, started_on__isnull=False, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("type")
    )


def has_ongoing_measure_or_placement(child: Child, *, on: dt.datetime) -> bool:
    """BL § 137, stk. 1: § 32 support or a placement under §§ 46/47 in force when the notification came."""
    return (
        ongoing_measures(child, on=local_date(on))
        .filter(type__kind__in=[MeasureType.Kind.SUPPORTIVE, MeasureType.Kind.PLACEMENT])
        .exists()
    )


def measures_decided_by(child: Child, *, before: dt.datetime) -> list[int]:
    """Who decided the child's measures up to the day of `before` (they have taken part in the case)."""
    return list(
        Measure.objects.filter(
            child=child, decided_on__lte=local_date(before), decided_by__isnull=False
        ).values_list("decided_by_id", flat=True)
    )


def open_measures(child: Child) -> list[Measure]:
    """The child's measures not ended (started or not), shown with a notification about the child. Given to
    intake through `timeline.registry` (InterventionsConfig.ready)."""
    return list(Measure.objects.filter(child=child, ended_on__isnull=True).select_related("type"))


def measures_in_force(child: Child, *, on: dt.date) -> list[Measure]:
    """The child's measures not ended before `on`, in the order they were decided, with their decision (the
    expected duration). Given to intake's feedback letter (§ 138, stk. 3) through `timeline.registry`."""
    return list(
        Measure.objects.filter(child=child)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("type", "decision")
        .order_by("decided_on", "pk")
    )


def first_decided_since(child, since):
    """The first day on or after `since` a decision or measure was made for `child` (both expressions of the
    outer query), NULL if none: the decision's own `decided_on`, backdated or not. Given to early detection
    through `timeline.registry` (an early course's escalation)."""
    decided = (
        Decision.objects.filter(child_id=child, decided_on__isnull=False, decided_on__gte=since)
        .order_by("decided_on")
        .values("decided_on")[:1]
    )
    measured = (
        Measure.objects.filter(child_id=child, decided_on__gte=since)
        .order_by("decided_on")
        .values("decided_on")[:1]
    )
    return registry.earliest(
        Subquery(decided, output_field=DateField()), Subquery(measured, output_field=DateField())
    )


# --- The decision letter's dispatch and complaints (issue 12) -----------------------------------------------


@dataclass
class LetterRow:
    letter: object  # LetterSent
    complaint_deadline: dt.date
    deadline_known: (
        bool  # False: a letter by post whose receipt is not recorded (the deadline at the earliest)
    )
    law: str = "RSL § 67, stk. 1"  # BL § 146, stk. 1 for a decision of børne- og ungeudvalget


@dataclass
class AppealRow:
    appeal: object  # Appeal
    reconsideration_due: dt.date | None  # None: the committee's decision goes straight on (BL § 146)


def letters_sent(decision) -> list[LetterRow]:
    """The letters sent about a decision, each with its complaint deadline (RSL § 67, stk. 1)."""
    out = []
    for s in decision.letters_sent.select_related("recorded_by"):
        deadline, known = review_rules.complaint_deadline(
            sent_on=s.sent_on, method=s.method, received=s.received_on
        )
        out.append(
            LetterRow(s, deadline, known, review_rules.complaint_law(committee=decision.without_consent))
        )
    return out


def appeals_of(decision) -> list[AppealRow]:
    """Complaints about a decision. A § 47 placement is decided by børne- og ungeudvalget (BL § 142, stk. 1,
    nr. 4): no reconsideration by the municipality (BL § 146, stk. 1)."""
    return [
        AppealRow(a, review_rules.reconsideration_due(a.received_on, committee=decision.without_consent))
        for a in decision.appeals.select_related("recorded_by")
    ]
