"""Retention: ratings older than the municipality's period go, with their follow-ups, and the log says so."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.management import call_command

from tidlig.audit.models import AuditEntry
from tidlig.wellbeing.models import Rating, RatingFollowUp
from tidlig.wellbeing.retention import purge_expired_ratings

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def make(child, period, eva, rated_at, kind="joint"):
    return Rating.objects.create(
        municipality=child.municipality, institution=period.institution, period=period, child=child,
        kind=kind, rater=eva, colour="red", note="Privat indhold", rated_at=rated_at,
    )  # fmt: skip


def test_a_rating_just_inside_stays_and_one_just_outside_goes_with_its_follow_up(child, sibling, period, eva):
    municipality = child.municipality
    municipality.wellbeing_retention_months = 24
    municipality.save()
    edge = NOW - relativedelta(months=24)
    kept = make(sibling, period, eva, edge + dt.timedelta(minutes=1))
    gone = make(child, period, eva, edge - dt.timedelta(minutes=1))
    also_gone = make(child, period, eva, edge - dt.timedelta(days=30), kind="individual")
    RatingFollowUp.objects.create(rating=gone, focus_points="Fokus", recorded_by=eva)

    assert purge_expired_ratings(now=NOW) == 2
    assert list(Rating.objects.all()) == [kept]
    assert not RatingFollowUp.objects.exists()
    log = AuditEntry.objects.get(action="wellbeing.ratings.purged")
    assert log.child_id == child.pk and log.actor is None
    assert log.data["ratings"] == 2 and log.data["period"] == period.title
    assert log.data["rated_before"] == edge.date().isoformat()
    assert "Privat" not in str(log.data)
    assert not AuditEntry.objects.filter(action="wellbeing.ratings.purged", child_id=sibling.pk).exists()
    assert also_gone.pk not in Rating.objects.values_list("pk", flat=True)


def test_nothing_to_purge_logs_nothing(child, period, eva):
    make(child, period, eva, NOW - dt.timedelta(days=10))
    assert purge_expired_ratings(now=NOW) == 0
    assert not AuditEntry.objects.filter(action="wellbeing.ratings.purged").exists()


def test_the_command_purges(child, period, eva, capsys):
    make(child, period, eva, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    call_command("purge_wellbeing")
    assert not Rating.objects.exists()
    assert "Deleted 1" in capsys.readouterr().out


def test_months_are_counted_on_the_copenhagen_calendar_just_after_midnight(child, sibling, period, eva):
    """At 00:30 on 1 July in Copenhagen it is still 30 June in UTC; one month back is 1 June, not 30 May."""
    municipality = child.municipality
    municipality.wellbeing_retention_months = 1
    municipality.save()
    cph = dt.timezone(dt.timedelta(hours=2))
    now = dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC)  # as timezone.now() gives it: 00:30 in Copenhagen
    make(child, period, eva, dt.datetime(2026, 5, 31, 12, 0, tzinfo=cph))
    kept = make(sibling, period, eva, dt.datetime(2026, 6, 1, 12, 0, tzinfo=cph))
    assert purge_expired_ratings(now=now) == 1
    assert list(Rating.objects.all()) == [kept]
    assert AuditEntry.objects.get(action="wellbeing.ratings.purged").data["rated_before"] == "2026-06-01"
