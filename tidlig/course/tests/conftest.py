import datetime as dt

import pytest
from django.utils import timezone

from tidlig.course import services


@pytest.fixture
def owned(child, alice):
    """Lukas, with Alice as his caseworker."""
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    return child


def at(days: int, hour: int = 10) -> dt.datetime:
    """A moment `days` from the pinned today, at `hour` Copenhagen time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.fixture
def course(owned, alice, sara):
    """A course that started three weeks ago, with Sara (forebyggende socialrådgiver) as family worker."""
    return services.course_start(
        actor=alice,
        child=owned,
        worker=sara,
        started_on=day(-21),
        purpose="Lukas' trivsel i børnehaven",
        goals="Lukas kommer i børnehave fire dage om ugen.",
    )
