"""What the API answers about a child (people.api and the intake twins use these)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class ChildBriefOut(Schema):
    """A child as an early-detection role (educator, leader, cross-disciplinary team) may see it: nothing of
    a case. Whether a child has a caseworker is case knowledge (need to know, GDPR art. 5(1)(c))."""

    id: int
    cpr: str | None
    first_name: str
    last_name: str
    birth_date: dt.date | None
    sex: str
    is_unborn: bool
    institution_id: int | None
    district_id: int | None


class ChildOut(ChildBriefOut):
    """A child as reception and case handlers see it, with the caseworker."""

    caseworker_id: int | None
