"""Build Demokommune: organisation, households, 15 months of notifications, and their spine rows.

The households are generated and written in chunks of about 2,000 children, so memory stays flat
whatever `children` is; everything runs in one transaction, so a failed build leaves nothing behind.
The services are not called per notification (that is a dozen queries each); `timeline` produces
the same events, projection and obligations, and `writer` inserts them in bulk. See `calibration`
for the national figures behind the numbers and `showcase` for the few notifications placed by hand.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import reset_queries, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from tidlig.cases.models import Obligation
from tidlig.intake.models import Notification
from tidlig.interventions import catalogue
from tidlig.organisation.models import Municipality
from tidlig.people.models import Child

from . import calibration as cal
from . import organisation, writer
from .population import Family, Population
from .showcase import Showcase
from .timeline import Planner

CHUNK = 2000
WINDOW_MONTHS = 15


@dataclass
class Summary:
    seed: int
    counts: writer.Counts = field(default_factory=writer.Counts)
    notified_last_year: int = 0
    notifications_last_year: int = 0
    notified_in_window: int = 0
    staff: int = 0
    caseworkers: int = 0
    seconds: float = 0.0
    missing_scenarios: list[str] = field(default_factory=list)
    worklists: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        c = self.counts
        share = self.notified_last_year / c.children if c.children else 0.0
        per_child = self.notifications_last_year / self.notified_last_year if self.notified_last_year else 0.0
        out = [
            f"Demokommune built in {self.seconds:.1f} s (seed {self.seed}).",
            f"  {c.children} children 0–17 and {c.unborn} unborn, {c.persons} guardians and expecting "
            f"mothers, {self.staff} staff ({self.caseworkers} caseworkers)",
            f"  {c.measures} ongoing measures (§ 32 support or placement)",
            f"  {c.notifications} notifications in {WINDOW_MONTHS} months about {self.notified_in_window} "
            f"children; last 12 months: {self.notified_last_year} children ({share:.1%}; DST 2022: "
            f"{cal.NOTIFIED_SHARE_PER_YEAR:.1%}), {per_child:.2f} per child (DST 2022: "
            f"{cal.NOTIFICATIONS_PER_CHILD_2022})",
            f"  {c.events} events, {c.obligations} obligations, {c.letters} letters",
            "Worklists now:",
        ]
        out += [f"  {who:<28} {what}" for who, what in self.worklists]
        if self.missing_scenarios:
            out.append(f"  (too few children for the showcase: {', '.join(self.missing_scenarios)})")
        out.append("Logins (password: demo): " + ", ".join(organisation.LOGINS))
        return out


def demo_municipality() -> Municipality | None:
    return Municipality.objects.filter(code=organisation.CODE).first()


def build(
    *,
    children: int = 20_000,
    seed: int = 1,
    now: dt.datetime | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> Summary:
    started = time.monotonic()
    now = now or timezone.now()
    rng = random.Random(seed)
    summary = Summary(seed=seed)
    with translation.override("da"), transaction.atomic():
        if not catalogue_installed():
            catalogue.install()
        org = organisation.build(rng, children=children)
        m = org.municipality
        calendar, local = m.calendar(), m.local_deadlines()
        window_start = now - relativedelta(months=WINDOW_MONTHS)
        showcase = Showcase(org, now=now, calendar=calendar)
        population = Population(org, rng, now=now, window_start=window_start, showcase=showcase)
        planner = Planner(org, rng, now=now, calendar=calendar, local=local)
        type_ids = writer.measure_type_ids()
        summary.staff = len(org.staff_by_id)
        summary.caseworkers = sum(len(v) for v in org.caseworkers.values())
        progress(
            f"Organisation: {len(org.districts)} districts, {sum(map(len, org.daycares.values()))} daycares, "
            f"{sum(map(len, org.schools.values()))} schools, {len(org.team_by_district)} district teams, "
            f"{summary.staff} staff"
        )
        year_start = now - dt.timedelta(days=365)

        def flush(chunk: list[Family]) -> None:
            planned = []
            for family in chunk:
                planned += planner.family(family, showcase.pick(family))
            summary.counts.add(writer.write(org, chunk, planned, type_ids))
            reset_queries()  # with DEBUG on, Django keeps every query's SQL, and bulk inserts are long
            for family in chunk:
                for c in family.children:
                    if c.is_unborn or not c.received:
                        continue
                    summary.notified_in_window += 1
                    recent = sum(t >= year_start for t in c.received)
                    summary.notified_last_year += recent > 0
                    summary.notifications_last_year += recent
            progress(
                f"  {summary.counts.children:>7} children, {summary.counts.notifications:>6} notifications, "
                f"{summary.counts.events:>7} events"
            )

        chunk: list[Family] = []
        size = 0
        unborn = round(children * cal.UNBORN_PER_CHILD)
        for family in _households(population, children, unborn):
            chunk.append(family)
            size += len(family.children)
            if size >= CHUNK:
                flush(chunk)
                chunk, size = [], 0
        if chunk:
            flush(chunk)
        summary.missing_scenarios = [sc.name for sc in showcase.pending]
        summary.worklists = worklists(org, now)
    summary.seconds = time.monotonic() - started
    return summary


def _households(population: Population, children: int, unborn: int) -> Iterator[Family]:
    """The households one by one, with the expecting mothers spread evenly among them."""
    every = children / (unborn + 1) if unborn else float("inf")
    made, next_unborn = 0, every
    for family in population.families(children):
        yield family
        made += len(family.children)
        while unborn and made >= next_unborn:
            yield population.unborn()
            unborn -= 1
            next_unborn += every
    for _ in range(unborn):
        yield population.unborn()


def catalogue_installed() -> bool:
    from tidlig.interventions.models import MeasureType

    return MeasureType.objects.filter(municipality=None).exists()


def worklists(org: organisation.Org, now: dt.datetime) -> list[tuple[str, str]]:
    """What each demo login sees on their worklist right now: open, overdue and met."""

    def tally(qs) -> str:
        row = qs.aggregate(
            open=Count("pk", filter=Q(is_open=True)),
            overdue=Count("pk", filter=Q(is_open=True, due_at__lt=now)),
            met=Count("pk", filter=Q(met_at__isnull=False)),
        )
        return f"{row['open']} open, {row['overdue']} overdue, {row['met']} met"

    m = org.municipality
    base = Obligation.objects.filter(municipality=m)
    raadgiver, team = org.raadgiver, org.showcase_team
    out = [
        ("modtagelse: acute assessment", tally(base.filter(code="acute_assessment"))),
        ("modtagelse: receipt", tally(base.filter(code="receipt"))),
        ("raadgiver: own deadlines", tally(base.filter(assignee=raadgiver))),
        ("raadgiver: own children", str(Child.objects.filter(caseworker=raadgiver).count())),
        ("teamleder: unassigned", str(Notification.objects.filter(team=team, assignee=None).count())),
        ("teamleder: team deadlines", tally(base.filter(team=team))),
    ]
    for t in org.team_by_district.values():
        n_cw = len(org.caseworkers[t.pk])
        n_children = Child.objects.filter(caseworker__team=t).count()
        out.append(
            (
                t.name,
                f"{n_cw} caseworkers, {len(org.team_leaders[t.pk])} team leaders, "
                f"{n_children / n_cw:.0f} children per caseworker",
            )
        )
    return out
