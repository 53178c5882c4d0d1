"""Concern fixtures on top of the shared personas: eva raised a concern for `child` in Mariehønen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tidlig.concerns import services
from tidlig.concerns.defaults import default_guide


@pytest.fixture
def guide(municipality):
    municipality.acute_phone = "70 11 22 33"
    municipality.save(update_fields=["acute_phone"])
    return default_guide(municipality)


@pytest.fixture
def concern(eva, child, group, guide):
    today = timezone.localdate()
    return services.concern_raise(
        actor=eva,
        child=child,
        observation="Lukas er stille og trækker sig fra legen; han spiser næsten intet til frokost.",
        observed_on=today - dt.timedelta(days=2),
        follow_up_on=today + dt.timedelta(days=14),
    )
