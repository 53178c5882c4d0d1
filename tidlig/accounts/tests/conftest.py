"""Sign-in fixtures: a fixed clock (TOTP codes and timeouts depend on it) and a helper for codes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from tidlig.demo.mfa import current_code

NOW = dt.datetime(2026, 11, 17, 10, 0, 5, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def code_for(user) -> str:
    """The code the person's authenticator app shows now."""
    return current_code(TOTPDevice.objects.get(user=user, confirmed=True))


@pytest.fixture
def device(alice):
    return TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
