"""Fixtures for the cross-disciplinary team: a planned meeting at Solsikken and a named item on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tidlig.crossteam import services
from tidlig.crossteam.defaults import default_criteria


def at(days: int, hour: int = 13) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def meeting(lea, org, sara, hanne, pia):
    return services.meeting_create(
        actor=lea, institution_id=org["solsikken"].pk, starts_at=at(7), place="Salen"
    )


@pytest.fixture
def later_meeting(lea, org):
    return services.meeting_create(
        actor=lea, institution_id=org["solsikken"].pk, starts_at=at(35), place="Salen"
    )


def consent(child, mother, **extra) -> dict:
    return {
        "kind": "named",
        "question": "Lukas trækker sig fra legen.",
        "child": child,
        "consent_by": mother,
        "consent_on": timezone.localdate(),
        "consent_note": "Skriftligt, underskrevet blanket",
        "parents_invited": True,
        **extra,
    }


@pytest.fixture
def named_item(meeting, lea, child, mother):
    return services.item_add(actor=lea, meeting=meeting, **consent(child, mother))


@pytest.fixture
def anonymous_item(meeting, lea):
    return services.item_add(
        actor=lea,
        meeting=meeting,
        kind="anonymous",
        anonymous_label="dreng, 5 år",
        question="Uro ved samling.",
    )


@pytest.fixture
def criteria(municipality):
    return default_criteria(municipality)
