"""Keeping the facts: recompute a municipality's key figures for a period and store them (models.Fact).

`facts_refresh` is the one writer. It is idempotent: a period's rows are deleted and written again from
the source tables in one transaction, so running it twice, or after nothing changed, gives the same rows.
Events mark their month dirty (signals.py, cheap: one upsert); the task `refresh_dirty` (tasks.py, run by
the database worker `tidlig db_worker`) refreshes the dirty months; `tidlig facts_refresh` refreshes a
range by hand, and the demo runs it for its whole history after building.

Definitions (what each number counts; the page and the README say the same):

- notifications: notifications received in the period (BL §§ 132, 133, 135), by the child's district.
- notifications.children: distinct children they were about.
- notifications.repeat: notifications about a child who had another notification received in the 12
  months before it (Tidlig's definition; bek. nr. 662 af 2025 § 16 and bilag 3 ask for every notification
  about a child 0–17, so a repeat is one more notification about a child already known from one).
- notifications.kind / .reason / .dialog: by kind of notifier (BL §§ 132, 133, 135), by reason (a
  notification may give several), dialog-based (Tidlig's own field).
- notifications.outcome: the screening decision (BL § 18, stk. 1, nr. 1–3), "pending" if not screened;
  notifications.measure: notifications followed by a measure (decided on or after the day received).
- concern_to_measure.days: for each child whose first measure was decided in the period, the days from
  the child's first notification before it; a histogram (key = days), so medians of any period and
  district come from the kept rows. sign_to_measure.days: the same from the first sign of any kind
  before it (a notification, a red joint rating or a concern raised in daycare or school).
- obligation.due / obligation.on_time: deadlines falling due in the period (not waived, due by the
  refresh), and met by their deadline; key = the obligation's code.
- wellbeing.colour: children with a joint rating (fælles vurdering) in the period, by their last colour;
  wellbeing.concern_before: of those, children whose previous joint rating was yellow or red, by their
  colour now (key "green" = moved to green); red_to_action.days: days from a red joint rating to the
  first team-meeting item or notification about the child after it (histogram).
- population: children 0–17 in Tidlig's register at the period's end (per 1,000 of this);
  population.start (years only): children 0–17 on the year's first day, 1 January, as DST divides by
  FOLK1A's 1 January (the comparison page's own figure, comparison/selectors.py).
- stairs.*, cost.*, population.0_22, committed.*: the staircase in motion and spending, kept per district
  and team; defined in facts_stairs.py.
- caseload.*: a snapshot, kept for the period running when refreshed (the register holds the current
  caseworker only): children with a caseworker and caseworkers with children, by the caseworker's team
  district; team leaders and the staff of their teams.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.utils import timezone

from tidlig.audit import services as audit
from tidlig.concerns.models import Concern
from tidlig.crossteam.models import MeetingItem
from tidlig.intake.models import Notification
from tidlig.interventions.models import Measure
from tidlig.organisation.models import Municipality, Role, Staff
from tidlig.people.models import Child
from tidlig.timeline.models import Obligation
from tidlig.wellbeing.models import Colour, Rating

from . import facts_stairs
from .models import DirtyMonth, Fact, Grain, Refresh

# Rows per (district_id | None, team_id | None, measure, key) → value. The team is kept only for the
# staircase and spending facts (facts_stairs.py), whose pages a team leader sees for the team.
Counts = dict[tuple[int | None, int | None, str, str], int]

AGE_BAND = 18  # children 0–17, as bek. nr. 662 af 2025 § 16 counts notifications


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, n: int) -> dt.date:
    m = day.year * 12 + day.month - 1 + n
    return dt.date(m // 12, m % 12 + 1, 1)


def period_start(grain: str, day: dt.date) -> dt.date:
    size = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.HALF_YEAR: 6, Grain.YEAR: 12}[grain]
    return dt.date(day.year, (day.month - 1) // size * size + 1, 1)


def period_end(grain: str, start: dt.date) -> dt.date:
    """The first day after the period."""
    return add_months(start, {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.HALF_YEAR: 6, Grain.YEAR: 12}[grain])


def periods_of(months: Iterable[dt.date]) -> set[tuple[str, dt.date]]:
    """Every period (month, quarter, half-year, year) that contains one of the months."""
    return {(g, period_start(g, m)) for m in months for g in Grain.values}


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end, dt.time.min, tzinfo=tz),
    )


def _chunks(ids: Iterable[int], size: int = 900) -> Iterable[list[int]]:
    """Ids in slices, so an IN list stays below SQLite's limit of bound parameters at any size."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _add(
    counts: Counts, district: int | None, measure: str, key: str, value: int = 1, *, team: int | None = None
) -> None:
    counts[(district, team, measure, key)] = counts.get((district, team, measure, key), 0) + value


def _notifications(counts: Counts, mid: int, since: dt.datetime, until: dt.datetime) -> None:
    notes = Notification.objects.filter(municipality_id=mid, received_at__gte=since, received_at__lt=until)
    earlier = Notification.objects.filter(
        child=OuterRef("child"),
        received_at__lt=OuterRef("received_at"),
        received_at__gte=OuterRef("received_at") - dt.timedelta(days=365),
    )
    measure_after = Measure.objects.filter(
        child=OuterRef("child"), decided_on__gte=OuterRef("received_at__date")
    )
    rows = notes.annotate(repeat=Exists(earlier), measure=Exists(measure_after)).values_list(
        "child_id",
        "child__district_id",
        "notifier_kind",
        "reasons",
        "dialog_based",
        "screening_decision",
        "repeat",
        "measure",
    )
    children: dict[int | None, set[int]] = defaultdict(set)
    for child, district, kind, reasons, dialog, decision, repeat, measure in rows.iterator(chunk_size=5000):
        _add(counts, district, "notifications", "")
        children[district].add(child)
        _add(counts, district, "notifications.kind", kind)
        for reason in set(reasons or ()):
            _add(counts, district, "notifications.reason", str(reason)[:60])
        if dialog:
            _add(counts, district, "notifications.dialog", "")
        if repeat:
            _add(counts, district, "notifications.repeat", "")
        _add(counts, district, "notifications.outcome", decision or "pending")
        if measure:
            _add(counts, district, "notifications.measure", "")
    for district, ids in children.items():
        _add(counts, district, "notifications.children", "", len(ids))


def _concern_to_measure(counts: Counts, mid: int, start: dt.date, end: dt.date) -> None:
    firsts = (
        Measure.objects.filter(municipality_id=mid)
        .values("child_id", "child__district_id")
        .annotate(first=Min("decided_on"))
        .filter(first__gte=start, first__lt=end)
    )
    firsts = {r["child_id"]: (r["child__district_id"], r["first"]) for r in firsts}
    if not firsts:
        return
    received: dict[int, dt.date] = {}  # the first notification
    sign: dict[int, dt.date] = {}  # the first notification, red joint rating or concern
    for ids in _chunks(firsts):
        notes = Notification.objects.filter(child_id__in=ids).values_list("child_id", "received_at")
        reds = Rating.objects.filter(child_id__in=ids, kind=Rating.Kind.JOINT, colour=Colour.RED).values_list(
            "child_id", "rated_at"
        )
        concerns = Concern.objects.filter(child_id__in=ids).values_list("child_id", "observed_on")
        for source, rows in (("notification", notes), ("red", reds), ("concern", concerns)):
            for child, at in rows:
                day = (
                    at
                    if isinstance(at, dt.date) and not isinstance(at, dt.datetime)
                    else timezone.localdate(at)
                )
                if day > firsts[child][1]:
                    continue
                if source == "notification" and (child not in received or day < received[child]):
                    received[child] = day
                if child not in sign or day < sign[child]:
                    sign[child] = day
    for child, day in received.items():
        district, first = firsts[child]
        _add(counts, district, "concern_to_measure.days", str((first - day).days))
    for child, day in sign.items():
        district, first = firsts[child]
        _add(counts, district, "sign_to_measure.days", str((first - day).days))


def _obligations(counts: Counts, mid: int, since: dt.datetime, until: dt.datetime, now: dt.datetime) -> None:
    rows = (
        Obligation.objects.filter(
            municipality_id=mid, due_at__gte=since, due_at__lt=min(until, now), not_applicable=False
        )
        .values("child__district_id", "code")
        .annotate(
            due=Count("pk"), on_time=Count("pk", filter=Q(met_at__isnull=False, met_at__lte=F("due_at")))
        )
    )
    for r in rows:
        _add(counts, r["child__district_id"], "obligation.due", r["code"], r["due"])
        _add(counts, r["child__district_id"], "obligation.on_time", r["code"], r["on_time"])


def _wellbeing(counts: Counts, mid: int, since: dt.datetime, until: dt.datetime) -> None:
    joint = Rating.objects.filter(municipality_id=mid, kind=Rating.Kind.JOINT)
    last: dict[int, tuple[int | None, str, dt.datetime]] = {}
    for child, district, colour, at in (
        joint.filter(rated_at__gte=since, rated_at__lt=until)
        .values_list("child_id", "district_id", "colour", "rated_at")
        .order_by("rated_at")
    ):
        last[child] = (district, colour, at)
    if not last:
        return
    before: dict[int, str] = {}
    for ids in _chunks(last):
        rows = joint.filter(child_id__in=ids, rated_at__lt=since).values_list("child_id", "colour")
        for child, colour in rows.order_by("rated_at"):
            before[child] = colour  # the last one before the period wins
    for child, (district, colour, _at) in last.items():
        _add(counts, district, "wellbeing.colour", colour)
        if before.get(child) in (Colour.YELLOW, Colour.RED):
            _add(counts, district, "wellbeing.concern_before", colour)
    # Red joint ratings in the period: days to the first meeting item or notification about the child.
    reds = list(
        joint.filter(rated_at__gte=since, rated_at__lt=until, colour=Colour.RED).values_list(
            "child_id", "district_id", "rated_at"
        )
    )
    if not reds:
        return
    actions: dict[int, list[dt.datetime]] = defaultdict(list)
    for ids in _chunks({c for c, _d, _at in reds}):
        items = MeetingItem.objects.filter(child_id__in=ids, meeting__isnull=False)
        for child, at in items.values_list("child_id", "meeting__starts_at"):
            actions[child].append(at)
        for child, at in Notification.objects.filter(child_id__in=ids).values_list("child_id", "received_at"):
            actions[child].append(at)
    for child, district, at in reds:
        after = [a for a in actions[child] if a >= at]
        if after:
            days = (timezone.localdate(min(after)) - timezone.localdate(at)).days
            _add(counts, district, "red_to_action.days", str(days))


def _population(counts: Counts, mid: int, end: dt.date, measure: str = "population") -> None:
    """Children 0–17 in the register on the day before `end`."""
    last_day = end - dt.timedelta(days=1)
    born_after = (
        last_day.replace(year=last_day.year - AGE_BAND)
        if not (last_day.month == 2 and last_day.day == 29)
        else dt.date(last_day.year - AGE_BAND, 2, 28)
    )
    rows = (
        Child.objects.filter(
            municipality_id=mid, is_unborn=False, birth_date__gt=born_after, birth_date__lte=last_day
        )
        .values("district_id")
        .annotate(n=Count("pk"))
    )
    for r in rows:
        _add(counts, r["district_id"], measure, "", r["n"])


def _caseload(counts: Counts, mid: int) -> None:
    rows = (
        Child.objects.filter(municipality_id=mid, caseworker__isnull=False, caseworker__is_active=True)
        .values("caseworker_id", "caseworker__team__district_id")
        .annotate(n=Count("pk"))
    )
    for r in rows:
        district = r["caseworker__team__district_id"]
        _add(counts, district, "caseload.children", "", r["n"])
        _add(counts, district, "caseload.caseworkers", "")
    leaders = Staff.objects.filter(
        municipality_id=mid, role=Role.TEAM_LEADER, is_active=True, team__isnull=False
    )
    members = Counter(
        Staff.objects.filter(municipality_id=mid, is_active=True, team__isnull=False)
        .exclude(role=Role.TEAM_LEADER)
        .values_list("team_id", flat=True)
    )
    for leader in leaders.values("team_id", "team__district_id"):
        district = leader["team__district_id"]
        _add(counts, district, "span.leaders", "")
        _add(counts, district, "span.staff", "", members.get(leader["team_id"], 0))


def compute(
    mid: int, grain: str, start: dt.date, *, now: dt.datetime, measures: facts_stairs.Measures | None = None
) -> Counts:
    """The facts of one period, from the source tables (no writes). `measures`: the municipality's measures
    read once for every period of a refresh (read here when not given)."""
    end = period_end(grain, start)
    since, until = _bounds(start, end)
    counts: Counts = {}
    _notifications(counts, mid, since, until)
    _concern_to_measure(counts, mid, start, end)
    _obligations(counts, mid, since, until, now)
    _wellbeing(counts, mid, since, until)
    _population(counts, mid, min(end, timezone.localdate(now) + dt.timedelta(days=1)))
    if grain == Grain.YEAR:
        _population(counts, mid, start + dt.timedelta(days=1), "population.start")
    if since <= now < until:
        _caseload(counts, mid)
    if grain in facts_stairs.STAIRS_GRAINS and start <= timezone.localdate(now):
        measures = measures or facts_stairs.Measures(mid)

        def add(district, team, measure, key, value=1):
            _add(counts, district, measure, key, value, team=team)

        facts_stairs.compute(add, measures, grain, start, end, timezone.localdate(now))
    return counts


SNAPSHOT_MEASURES = (
    "caseload.children",
    "caseload.caseworkers",
    "span.leaders",
    "span.staff",
    *facts_stairs.COMMITTED_MEASURES,
    facts_stairs.COMMITTED_ASOF,
)


def facts_refresh(
    *, municipality: Municipality, months: Iterable[dt.date], now: dt.datetime | None = None, actor=None
) -> int:
    """Recompute every period containing one of `months` (month, quarter, half-year, year) and replace
    its rows; clears those months' dirty marks. Returns the number of rows written. Idempotent.

    Caseload is a snapshot: written for the period running now, and kept as it was for closed periods."""
    now = now or timezone.now()
    months = sorted({month_start(m) for m in months})
    periods = sorted(periods_of(months))
    written = 0
    with transaction.atomic():
        # First, so that an event recorded while the periods are recomputed marks its month again (and
        # enqueues another refresh) instead of having its mark deleted with the ones taken here.
        DirtyMonth.objects.filter(municipality=municipality, month__in=months).delete()
        measures = facts_stairs.Measures(municipality.pk)  # read once for every period
        for grain, start in periods:
            counts = compute(municipality.pk, grain, start, now=now, measures=measures)
            end = period_end(grain, start)
            since, until = _bounds(start, end)
            old = Fact.objects.filter(municipality=municipality, grain=grain, start=start)
            if not (since <= now < until):
                old = old.exclude(measure__in=SNAPSHOT_MEASURES)
            old.delete()
            Fact.objects.bulk_create(
                [
                    Fact(
                        municipality=municipality,
                        district_id=district,
                        team_id=team,
                        grain=grain,
                        start=start,
                        measure=measure,
                        key=key,
                        value=value,
                    )
                    for (district, team, measure, key), value in counts.items()
                    if since <= now < until or measure not in SNAPSHOT_MEASURES
                ],
                batch_size=2000,
            )
            written += len(counts)
        Refresh.objects.update_or_create(
            municipality=municipality, defaults={"refreshed_at": now, "stamp": uuid.uuid4()}
        )
        audit.record(
            actor=actor,
            action="metrics.facts.refreshed",
            obj=municipality,
            data={"months": [m.isoformat() for m in months], "rows": written},
        )
    return written


def history_months(municipality: Municipality, *, now: dt.datetime | None = None) -> list[dt.date]:
    """Every month from the first notification, measure or rating up to now (a full refresh)."""
    now = now or timezone.now()
    firsts = [
        Notification.objects.filter(municipality=municipality).aggregate(m=Min("received_at"))["m"],
        Rating.objects.filter(municipality=municipality).aggregate(m=Min("rated_at"))["m"],
        Obligation.objects.filter(municipality=municipality).aggregate(m=Min("due_at"))["m"],
    ]
    days = [timezone.localdate(f) for f in firsts if f]
    first_measure = Measure.objects.filter(municipality=municipality).aggregate(m=Min("decided_on"))["m"]
    if first_measure:
        days.append(first_measure)
    today = timezone.localdate(now)
    month = month_start(min(days, default=today))
    out = []
    while month <= today:
        out.append(month)
        month = add_months(month, 1)
    return out


def mark_dirty(*, municipality_id: int, day: dt.date) -> None:
    """Cheap, in the event's own transaction: one INSERT … ON CONFLICT DO NOTHING (issue 11 § 5)."""
    DirtyMonth.objects.bulk_create(
        [DirtyMonth(municipality_id=municipality_id, month=month_start(day))], ignore_conflicts=True
    )


def mark_dirty_through(*, municipality_id: int, day: dt.date, today: dt.date) -> None:
    """Mark every month from `day`'s to today's: a measure started or ended on `day` changes the staircase
    and the spending of every month from then on (one INSERT of a few rows, conflicts ignored)."""
    month, last = month_start(day), month_start(max(day, today))
    months = []
    while month <= last:
        months.append(DirtyMonth(municipality_id=municipality_id, month=month))
        month = add_months(month, 1)
    DirtyMonth.objects.bulk_create(months, ignore_conflicts=True)


def refresh_dirty(*, municipality: Municipality, now: dt.datetime | None = None) -> list[dt.date]:
    months = list(DirtyMonth.objects.filter(municipality=municipality).values_list("month", flat=True))
    if months:
        facts_refresh(municipality=municipality, months=months, now=now)
    return months
