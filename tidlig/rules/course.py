"""The 12-week preventive course (§ 30-forløb, issue 13 § 3): its deadlines, as pure functions.

The measure is law: Barnets lov § 30, stk. 1 ("skal kommunalbestyrelsen tilbyde en eller flere af følgende
tidligt forebyggende indsatser ... 4) Andre indsatser, der har til formål at forebygge ..."). The shape of the
course is practice, not law: VIVE's collection of 18 municipalities' experience ("Kommuners omlægning til en
tidligere forebyggende indsats", 2021; project background document 000) reports that "Et forløb varer typisk
12 uger og indeholder to netværksmøder". Barnets lov sets no length and no meetings for a § 30 measure, so the
length is a per-municipality setting (`CourseSettings`, 12 weeks by default) and every deadline here is a
local standard:

- the start meeting (the first network meeting, where the goals are agreed with the family) is due within the
  first `start_meeting_weeks` (2 by default) of the course;
- the end meeting (the second network meeting) is due by the course's planned last day;
- the course's end (a result: goal reached / continue / escalate, with a reason) is due one week after the
  planned last day, the time to write it up after the end meeting.

A course ended early owes no meeting still not held; a meeting held meets its deadline (late if after it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import end_of_day
from .obligations import Obligation, ObligationType, gettext_noop

_LAW = "BL § 30; praksis: 12 uger, to netværksmøder (VIVE 2021)"

COURSE_START_MEETING = ObligationType(
    "course_start_meeting", gettext_noop("Startmøde i § 30-forløb"), _LAW, local_standard=True
)
COURSE_END_MEETING = ObligationType(
    "course_end_meeting", gettext_noop("Slutmøde i § 30-forløb"), _LAW, local_standard=True
)
COURSE_END = ObligationType("course_end", gettext_noop("Afslut § 30-forløb"), _LAW, local_standard=True)
COURSE_TYPES = {t.code: t for t in (COURSE_START_MEETING, COURSE_END_MEETING, COURSE_END)}

# The results a course ends with.
GOAL_REACHED = "goal_reached"
CONTINUE = "continue"
ESCALATE = "escalate"
RESULTS = (GOAL_REACHED, CONTINUE, ESCALATE)

DEFAULT_WEEKS = 12
DEFAULT_START_MEETING_WEEKS = 2
END_WRITE_UP_DAYS = 7


@dataclass(frozen=True)
class CourseLength:
    """A municipality's course: its length and when the start meeting is due, in weeks."""

    weeks: int = DEFAULT_WEEKS
    start_meeting_weeks: int = DEFAULT_START_MEETING_WEEKS

    def __post_init__(self):
        if not 1 <= self.weeks <= 52:
            raise ValueError("a course is 1 to 52 weeks")
        if not 1 <= self.start_meeting_weeks <= self.weeks:
            raise ValueError("the start meeting falls inside the course")


def planned_end(started_on: dt.date, weeks: int) -> dt.date:
    """The course's last day: `weeks` whole weeks from the first day (day 1 of 12 weeks → day 84)."""
    return started_on + dt.timedelta(weeks=weeks, days=-1)


def course_week(started_on: dt.date, on: dt.date) -> int:
    """Which week of the course `on` falls in (1 for the first seven days; 0 before the start)."""
    if on < started_on:
        return 0
    return (on - started_on).days // 7 + 1


def _ob(t: ObligationType, due: dt.date, met_at: dt.datetime | None) -> Obligation:
    return Obligation(
        code=t.code,
        title=t.title,
        law=t.law,
        due_at=end_of_day(due),
        due_date=due,
        due_is_time=False,
        met_at=met_at,
    )


def course_obligations(
    *,
    started_on: dt.date,
    weeks: int,
    start_meeting_weeks: int,
    start_held_at: dt.datetime | None,
    end_held_at: dt.datetime | None,
    ended_at: dt.datetime | None,
) -> list[Obligation]:
    """The deadlines of one course. Once the course has ended, a meeting never held is owed no more."""
    last_day = planned_end(started_on, weeks)
    out = []
    if start_held_at is not None or ended_at is None:
        out.append(
            _ob(
                COURSE_START_MEETING,
                started_on + dt.timedelta(weeks=start_meeting_weeks, days=-1),
                start_held_at,
            )
        )
    if end_held_at is not None or ended_at is None:
        out.append(_ob(COURSE_END_MEETING, last_day, end_held_at))
    out.append(_ob(COURSE_END, last_day + dt.timedelta(days=END_WRITE_UP_DAYS), ended_at))
    return out
