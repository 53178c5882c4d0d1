"""The demo is built relative to its moment (issue 10): whatever the day `make run` is run, every
persona has their main job waiting — an open rating period with children to rate, earlier periods
closed, the team's next meeting ahead, infants due for the health visitor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from tidlig.crossteam.models import TeamMeeting
from tidlig.demo import generator
from tidlig.demo.reset import delete_municipality
from tidlig.demo.wellbeing import PERIODS, period_dates
from tidlig.organisation.models import Staff
from tidlig.rules.calendar import CPH
from tidlig.wellbeing import selectors
from tidlig.wellbeing.models import Group, Rating, RatingPeriod

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MOMENTS = [
    dt.datetime(2026, 12, 2, 9, 0, tzinfo=CPH),  # the day the issue was filed: "Ingen åben periode"
    dt.datetime(2027, 7, 15, 9, 0, tzinfo=CPH),  # summer, no meeting in July
    dt.datetime(2027, 1, 1, 9, 0, tzinfo=CPH),  # the first day of a half-year
    dt.datetime(2028, 2, 29, 9, 0, tzinfo=CPH),  # a leap day
    dt.datetime(2027, 6, 20, 9, 0, tzinfo=CPH),  # next month is July: the meeting ahead is in August
]


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 12, 2),
        dt.date(2027, 1, 1),
        dt.date(2027, 6, 30),
        dt.date(2027, 7, 1),
        dt.date(2028, 2, 29),
    ],
)
def test_the_newest_period_is_open_today_and_the_earlier_ones_half_a_year_apart_are_closed(day):
    periods = period_dates(day)
    assert len(periods) == PERIODS  # the story's five years of half-years
    *closed, (title, opens, closes) = periods
    assert opens <= day < closes and day - opens <= dt.timedelta(weeks=3)
    # The title names the half-year the overview files the period under (RatingPeriod.half_year).
    assert title == f"{'Forår' if opens.month <= 6 else 'Efterår'} {opens.year}"
    assert all(c < day for _t, _o, c in closed)
    starts = [o for _t, o, _c in periods]
    assert len({(o.year, o.month <= 6) for o in starts}) == PERIODS  # one per half-year, none overlapping
    assert all(a[2] < b[1] for a, b in zip(periods, periods[1:], strict=False))


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.date().isoformat())
def test_paedagog_has_an_open_period_with_children_to_rate_whenever_the_demo_is_built(now):
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        generator.build(children=900, seed=3, now=now, facts=False)
    m = generator.demo_municipality()
    try:
        today = now.date()
        paedagog = Staff.objects.get(username="paedagog")
        group = Group.objects.filter(educators=paedagog).order_by("pk").first()
        children = set(group.members.filter(left_on__isnull=True).values_list("child", flat=True))
        assert len(children) >= 5
        period = RatingPeriod.objects.get(
            institution=group.institution, opens_on__lte=today, closes_on__gte=today
        )
        assert not Rating.objects.filter(period=period, rater=paedagog).exists()  # all hers to rate
        # Her colleague has started, and last period's joint colours are there to start from.
        assert Rating.objects.filter(period=period, group=group).exclude(rater=paedagog).exists()
        earlier = RatingPeriod.objects.filter(institution=group.institution, closes_on__lt=today)
        assert earlier.count() == PERIODS - 1
        assert (
            Rating.objects.filter(period__in=earlier, group=group, kind="joint").count() >= len(children) // 2
        )
        # The leader's and the team's next meeting lies ahead, with an agenda.
        ahead = TeamMeeting.objects.filter(institution=group.institution, starts_at__gt=now)
        assert ahead.filter(status=TeamMeeting.Status.PLANNED).exists()
        assert not TeamMeeting.objects.filter(institution=group.institution, starts_at__gt=now, status="held")
        # The health visitor has infants in the 8–10 month window waiting for their first rating. (Nobody is
        # born after the clock's own day, population.latest_birth: a demo built more than 7 months ahead of it,
        # the leap day here, has no infants that young yet. `make run` builds at the clock's day.)
        due = selectors.health_visitor_due(Staff.objects.get(username="sundhedsplejerske"), today=today)
        if (today - dt.date.today()).days < 212:
            assert any(row.due_now for row in due), [(r.child.birth_date, r.rated) for r in due]
    finally:
        delete_municipality(m)
