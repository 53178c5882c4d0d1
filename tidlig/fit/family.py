"""FIT from home (issue 14 § 3): the family answers the open parts of their own ratings while signed in,
on their phone, before or after the meeting. The answer is saved by the same `rating_answer` as the tablet
and the one-time link, so it is on the professional's FIT page at once, and its alerts are made the same way.

Who is who: a rating belongs to a respondent (the child, the mother, the father …) known by role and first
name only. A signed-in parent answers the ratings of the respondent with their role (a mother "Mor", a
father "Far", by the custody record) and their first name; the young person answers the child's. Another
adult in the family (role "Anden") answers only through the one-time link the professional sends.
A part is open from the day of the session until FAMILY_ANSWER_DAYS after it, and until it is answered.
The citizen's door (`tidlig.family`) decides who is signed in, which child they may see, and logs the reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.people.models import Child

from . import services
from .models import FitLink, Rating, Respondent

FAMILY_ANSWER_DAYS = 7
PARTS = ("outcome", "alliance")


@dataclass(frozen=True)
class Who:
    """The respondent a signed-in citizen is: a role (Respondent.Role) and a first name."""

    role: str
    first_name: str


def _matches(respondent: Respondent, who: Who) -> bool:
    return (
        respondent.role == who.role
        and respondent.first_name.strip().casefold() == who.first_name.strip().casefold()
    )


@dataclass(frozen=True)
class OpenPart:
    rating: Rating
    part: str

    @property
    def is_alliance(self) -> bool:
        return self.part == "alliance"


def open_parts(child: Child, who: Who, *, today: dt.date | None = None) -> list[OpenPart]:
    """The parts of the child's recent ratings that this respondent has not answered yet, oldest first."""
    today = today or timezone.localdate()
    ratings = (
        Rating.objects.filter(
            session__child=child,
            session__held_on__lte=today,
            session__held_on__gte=today - dt.timedelta(days=FAMILY_ANSWER_DAYS),
            respondent__role=who.role,
        )
        .select_related("session", "respondent")
        .order_by("session__held_on", "pk")
    )
    return [
        OpenPart(rating=r, part=part)
        for r in ratings
        if _matches(r.respondent, who)
        for part in PARTS
        if (r.outcome_items if part == "outcome" else r.alliance_items) is None
    ]


def open_part(child: Child, who: Who, rating_id: int, part: str) -> OpenPart | None:
    return next((p for p in open_parts(child, who) if p.rating.pk == rating_id and p.part == part), None)


@transaction.atomic
def answer_from_home(*, child: Child, who: Who, rating: Rating, part: str, items: Sequence) -> Rating:
    """Save a part the signed-in respondent may answer (their own, open, recent); every wrong item is named at
    once. A one-time link still open for the same part stops working."""
    if part not in PARTS:
        raise ValidationError({"part": [_("Vælg hvilken skala: outcome eller alliance.")]})
    if rating.session.child_id != child.pk or not _matches(rating.respondent, who):
        raise PermissionDenied(
            _("Denne besvarelse er ikke jeres. Tjek linket, eller kontakt jeres rådgiver.")
        )
    if open_part(child, who, rating.pk, part) is None:
        raise ValidationError(
            {"items": [_("Denne skala er allerede udfyldt, eller fristen er gået. Spørg jeres rådgiver.")]}
        )
    answered = services.rating_answer(rating=rating, part=part, items=items, via=Rating.Via.HOME, actor=None)
    FitLink.objects.filter(rating=rating, part=part, used_at__isnull=True).update(expires_at=timezone.now())
    return answered
