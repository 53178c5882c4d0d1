import datetime as dt

import pytest
from django.utils import timezone

from tidlig.network import services


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


@pytest.fixture
def planned(owned, alice):
    return services.meeting_plan(
        actor=alice,
        child=owned,
        context="notification",
        starts_at=at(-1),
        ends_at=at(-1, 11),
        place="Solsikken",
        purpose="Lukas' trivsel i børnehaven",
        private_network=[("Birthe Jensen", "mormor")],
    )
