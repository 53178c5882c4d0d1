"""Involving network meetings (inddragende netværksmøder): the follow-up deadline, as pure functions.

Not law but practice. Socialstyrelsen's analysis of Herning Kommune's Sverigesprogram (project background
document 004, pp. 21–22) reports: "Rådgiverne fortæller, at der efter et afholdt inddragende netværksmøde er
praksis for at gennemføre opfølgende inddragende netværksmøder efter 6-8 uger med fokus på de mål og
aftaler, der blev indgået ved det foregående møde. For at sikre at afholdelsen finder sted, er der afsat et
fast tidsrum i rådgivernes kalendere, hvor de kan bookes til deltagelse i inddragende netværksmøder."
DESIGN.md § 2 lists it as `network_followup` with the source "local practice"; Barnets lov sets no such
deadline. A municipality sets its own window
(`FollowupWindow`); the obligation is due at the END of the window, so the early part is the time to book.
A meeting that ends with another outcome than "continue" (the goal is reached, escalated, other help) owes
no follow-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import end_of_day
from .obligations import Obligation, ObligationType, gettext_noop

NETWORK_FOLLOWUP = ObligationType(
    "network_followup",
    gettext_noop("Opfølgende netværksmøde"),
    "Lokal praksis (Herning: opfølgning efter 6-8 uger)",
    local_standard=True,
)
NETWORK_TYPES = {t.code: t for t in (NETWORK_FOLLOWUP,)}

# The outcomes a meeting ends with (issue 13): only CONTINUE owes a next meeting.
CONTINUE = "continue"
CLOSE_GOAL_REACHED = "close"
ESCALATE_NOTIFICATION = "escalate_notification"
ESCALATE_INVESTIGATION = "escalate_investigation"
OTHER_HELP = "other_help"
OUTCOMES = (CONTINUE, CLOSE_GOAL_REACHED, ESCALATE_NOTIFICATION, ESCALATE_INVESTIGATION, OTHER_HELP)


@dataclass(frozen=True)
class FollowupWindow:
    """When the next meeting should be held, in weeks after the last: Herning's 6–8 weeks by default."""

    earliest_weeks: int = 6
    latest_weeks: int = 8

    def __post_init__(self):
        if not 1 <= self.earliest_weeks <= self.latest_weeks <= 52:
            raise ValueError("a follow-up window is 1 to 52 weeks, earliest first")


def followup_window(held_on: dt.date, window: FollowupWindow) -> tuple[dt.date, dt.date]:
    """The days the next meeting should fall between (both included)."""
    return held_on + dt.timedelta(weeks=window.earliest_weeks), held_on + dt.timedelta(
        weeks=window.latest_weeks
    )


def network_followup(
    *, held_on: dt.date, outcome: str, next_held_at: dt.datetime | None, window: FollowupWindow
) -> list[Obligation]:
    """The follow-up a held meeting owes: none unless it ended with "continue"; else due at the end of the
    window and met by the next meeting held (early or late: a late one meets it late)."""
    if outcome != CONTINUE:
        return []
    _earliest, due = followup_window(held_on, window)
    return [
        Obligation(
            code=NETWORK_FOLLOWUP.code,
            title=NETWORK_FOLLOWUP.title,
            law=NETWORK_FOLLOWUP.law,
            due_at=end_of_day(due),
            due_date=due,
            due_is_time=False,
            met_at=next_held_at,
        )
    ]
