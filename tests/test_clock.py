"""The suite never runs at the real clock (issue 8 §6): conftest.py pins it, and TIDLIG_TEST_NOW moves the pin."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from conftest import TEST_NOW

pytestmark = pytest.mark.skipif(TEST_NOW is None, reason="TIDLIG_TEST_NOW=real: the pin is off")


def test_every_clock_a_test_can_read_starts_at_the_pin(clock):
    for now in (timezone.now(), dt.datetime.now(dt.UTC), dt.datetime.fromtimestamp(time.time(), dt.UTC)):
        assert dt.timedelta(0) <= now - TEST_NOW < dt.timedelta(minutes=1), now
    assert timezone.localdate() == TEST_NOW.astimezone(timezone.get_current_timezone()).date()


def test_the_clock_runs_on_so_waits_end(clock):
    before = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > before


def test_a_test_can_travel_to_the_day_it_needs(clock):
    clock.move_to(dt.datetime(2028, 2, 29, 23, 30, tzinfo=dt.UTC))
    assert timezone.localdate() == dt.date(2028, 3, 1)  # 00:30 in Copenhagen
