"""What the decision and measure services share: dates at noon.

The frame of every action (owner check, lock, transaction, event, obligations, audit) and who owns a case's
obligations are `tidlig.cases.actions` (`case_action`, `case_owners`), shared with the casework services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())
