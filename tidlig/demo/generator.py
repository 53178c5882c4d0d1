"""Build Demokommune: organisation, households, 15 months of notifications, case files, and their spine rows.

The households are generated and written in chunks of about 2,000 children, so memory stays flat
whatever `children` is; everything runs in one transaction, so a failed build leaves nothing behind.
The services are not called per notification (that is a dozen queries each); `timeline` produces
the same events, projection and obligations, and `writer` inserts them in bulk. Case handling works
the same way: `population` draws measures that began before the window, `caseflow` decides what each
screening led to (afdækning, undersøgelse, decision, measure), and `casework` writes the case files
with the events and obligations the services would. See `calibration` for the national figures behind
the numbers and `showcase` for what is placed by hand. `early` adds two years of early detection
(groups, well-being ratings, cross-disciplinary teams, concerns, early advice) on the children as written.
The measures reach five years back and follow `story`: the shift to preventive help VIVE describes.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db import reset_queries, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from tidlig.cases.models import Assessment, Case, Investigation
from tidlig.intake.models import Notification
from tidlig.interventions import catalogue
from tidlig.interventions.models import Decision, Measure, PlaceType
from tidlig.organisation.models import Municipality
from tidlig.people.models import Child
from tidlig.timeline.models import Obligation

from . import accesslog, early, genograms, organisation, story, writer
from . import calibration as cal
from . import citizens as citizens_demo
from . import courses as courses_demo
from . import family_acts as family_acts_demo
from . import fit as fit_demo
from . import network as network_demo
from . import outbox as outbox_demo
from .casework import CaseWork
from .population import Population
from .reset import planner_statistics_refresh
from .showcase import Showcase
from .specs import Family
from .synthetic_cpr import CprAllocator
from .timeline import Planner

CHUNK = 2000
WINDOW_MONTHS = 15
FACT_MONTHS = 12 * story.YEARS + 1  # the key figures kept for the story's five years and this month


@dataclass
class Summary:
    seed: int
    name: str = organisation.NAME
    counts: writer.Counts = field(default_factory=writer.Counts)
    notified_last_year: int = 0
    notifications_last_year: int = 0
    notified_in_window: int = 0
    earlier_notifications: int = 0
    staff: int = 0
    caseworkers: int = 0
    seconds: float = 0.0
    missing_scenarios: list[str] = field(default_factory=list)
    worklists: list[tuple[str, str]] = field(default_factory=list)
    casework: dict = field(default_factory=dict)
    early: dict = field(default_factory=dict)
    story: list[str] = field(default_factory=list)
    access_log: int = 0
    facts_seconds: float = 0.0

    def lines(self) -> list[str]:
        c = self.counts
        share = self.notified_last_year / c.children if c.children else 0.0
        per_child = self.notifications_last_year / self.notified_last_year if self.notified_last_year else 0.0
        out = [
            f"{self.name} built in {self.seconds:.1f} s (seed {self.seed}).",
            f"  {c.children} children 0–17 and {c.unborn} unborn, {c.persons} guardians and expecting "
            f"mothers, {self.staff} staff ({self.caseworkers} caseworkers)",
            f"  {c.notifications - self.earlier_notifications} notifications in {WINDOW_MONTHS} months about "
            f"{self.notified_in_window} "
            f"children; last 12 months: {self.notified_last_year} children ({share:.1%}; DST 2022: "
            f"{cal.NOTIFIED_SHARE_PER_YEAR:.1%}), {per_child:.2f} per child (DST 2022: "
            f"{cal.NOTIFICATIONS_PER_CHILD_2022})",
            f"  {self.earlier_notifications} notifications in the story's years before them (story)",
            f"  {c.events} events, {c.obligations} obligations, {c.letters} letters",
        ]
        out += casework_lines(self.casework, c.children)
        out += early.lines(self.early)
        out += self.story
        out.append(f"  {self.access_log} reads in the access log (the last {accesslog.DAYS} days)")
        if self.facts_seconds:
            out.append(f"  Key figures kept for the last {FACT_MONTHS} months in {self.facts_seconds:.1f} s")
        out.append("Worklists now:")
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
    code: str = organisation.CODE,
    name: str = organisation.NAME,
    login_suffix: str = "",
    cpr: CprAllocator | None = None,
    facts: bool = True,
) -> Summary:
    """Demokommune by default; the national demo (`national`) passes a real municipality's code and name,
    the personas' username suffix and the CPR allocator its municipalities share."""
    started = time.monotonic()
    now = now or timezone.now()
    rng = random.Random(seed)
    summary = Summary(seed=seed, name=name)
    with translation.override("da"), transaction.atomic():
        catalogue.install()  # idempotent: brings a catalogue installed by an older migration up to date
        org = organisation.build(rng, children=children, code=code, name=name, login_suffix=login_suffix)
        m = org.municipality
        calendar, local = m.calendar(), m.local_deadlines()
        window_start = now - relativedelta(months=WINDOW_MONTHS)
        showcase = Showcase(org, now=now, calendar=calendar)
        population = Population(
            org, rng, now=now, window_start=window_start, showcase=showcase, cpr=cpr or CprAllocator()
        )
        planner = Planner(org, rng, now=now, calendar=calendar, local=local)
        casework = CaseWork(org, rng, now=now, types=writer.install_catalogue(m))
        summary.staff = len(org.staff_by_id)
        summary.caseworkers = sum(len(v) for v in org.caseworkers.values())
        progress(
            f"Organisation: {len(org.districts)} districts, {sum(map(len, org.daycares.values()))} daycares, "
            f"{sum(map(len, org.schools.values()))} schools, {len(org.team_by_district)} district teams, "
            f"{summary.staff} staff"
        )
        year_start = now - dt.timedelta(days=365)

        scripted: list = []  # the showcase households' children, for their genograms

        def flush(chunk: list[Family]) -> None:
            planned = []
            for family in chunk:
                planned += planner.family(family, {**showcase.pick(family), **family.overrides})
            summary.counts.add(writer.write(org, chunk, planned))
            scripted.extend(c.obj for f in chunk if f.scripted for c in f.children if not c.is_unborn)
            summary.counts.add(
                writer.write_casework(org, casework.chunk([c for f in chunk for c in f.children]))
            )
            reset_queries()  # with DEBUG on, Django keeps every query's SQL, and bulk inserts are long
            for family in chunk:
                for c in family.children:
                    summary.earlier_notifications += len(c.earlier)
                    if c.is_unborn or not c.received:
                        continue
                    summary.notified_in_window += 1
                    recent = sum(t >= year_start for t in c.received)
                    summary.notified_last_year += recent > 0
                    summary.notifications_last_year += recent
            progress(
                f"  {summary.counts.children:>7} children, {summary.counts.notifications:>6} notifications, "
                f"{summary.counts.measures:>5} measures, {summary.counts.events:>7} events"
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
        # What follows queries the rows just copied in (e.g. the family pages' showcase child, a join of
        # children, guardianships, plans and courses): without statistics PostgreSQL takes the tables for
        # empty and chose a plan that ran for over 15 minutes on a fresh test database.
        planner_statistics_refresh()
        n_genograms = genograms.build(
            scripted,
            random.Random(f"genograms-{seed}"),
            # the network service refuses a death after the clock's year; a demo built for a later moment keeps to it
            this_year=min(now.year, timezone.localdate().year),
        )
        progress(f"Genograms and network maps for {n_genograms} showcase children")
        n_fit = fit_demo.build(
            scripted,
            random.Random(f"fit-{seed}"),
            # the FIT service refuses a session after the clock's today; a demo built for a later moment keeps to it
            today=min(timezone.localdate(now), timezone.localdate()),
        )
        progress(f"FIT trajectories for {n_fit} showcase children")
        summary.early = early.build(org, seed=seed, children=children, now=now)
        progress(f"Network meetings: {network_demo.build(org, now=now)} for the showcase households")
        progress(f"§ 30 courses: {courses_demo.build(org, now=now)} for the showcase households")
        progress(f"Outbox: {outbox_demo.build(org)} decision letters, one in each state (file outbox)")
        n_citizens = citizens_demo.build(org, now=now, prefixes=(cpr or CprAllocator()).prefixes)
        progress(f"The family's own pages: {n_citizens} people to sign in as at /borger/demo/")
        progress(
            f"The family's own actions: {family_acts_demo.build(org, now=now)} family with notes shown to them, "
            "a message sent and FIT to answer from home"
        )
        summary.access_log = accesslog.build(
            org, random.Random(f"accesslog-{seed}"), now=now, calendar=calendar
        )
        summary.missing_scenarios = [sc.name for sc in showcase.pending]
        planner_statistics_refresh()  # before the summary's own queries read what was just written
        summary.worklists = worklists(org, now)
        summary.casework = casework_figures(m, now)
        summary.story = story_lines(m, now)
        if facts:
            # The key figures are kept facts (metrics.facts): computed here for the story's five years,
            # as a new installation would after importing, so /noegletal/ has them at once. By command
            # name: nothing imports metrics. Its clock is the real one (the tests pin it at `now`).
            begun = time.monotonic()
            call_command(
                "facts_refresh",
                "--months",
                str(FACT_MONTHS),
                "--municipality",
                m.code,
                stdout=io.StringIO(),
            )
            summary.facts_seconds = time.monotonic() - begun
    summary.seconds = time.monotonic() - started
    return summary


def casework_figures(m: Municipality, now: dt.datetime) -> dict:
    """Case handling as built, for the summary and the tests: the stock "now" and the last 12 months."""
    today = timezone.localdate(now)
    year_ago = today - dt.timedelta(days=365)
    # Children 0–17 today: the register's former children (18–22, story.FORMER_PLACED) are not counted.
    children = Child.objects.filter(
        municipality=m, is_unborn=False, birth_date__gt=today - relativedelta(years=18)
    )
    ongoing = Measure.objects.filter(municipality=m, started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    placed = ongoing.filter(type__kind="placement")
    investigations = Investigation.objects.filter(child__municipality=m)
    cases = Case.objects.filter(municipality=m)
    return {
        "children": children.count(),
        "placed": placed.values("child").distinct().count(),
        "supported": ongoing.filter(type__kind="supportive")
        .exclude(child__in=placed.values("child"))
        .values("child")
        .distinct()
        .count(),
        "preventive_started_year": Measure.objects.filter(
            municipality=m, type__kind="preventive", started_on__gt=year_ago
        ).count(),
        "placements_started_year": Measure.objects.filter(
            municipality=m, type__kind="placement", started_on__gt=year_ago
        ).count(),
        "place_types": dict(Counter(placed.values_list("place_type", flat=True))),
        "without_consent": placed.filter(without_consent=True).count(),
        "measures": Measure.objects.filter(municipality=m).count(),
        "ended": Measure.objects.filter(municipality=m, ended_on__isnull=False).count(),
        "drafts": Decision.objects.filter(municipality=m, decided_on__isnull=True).count(),
        "cases_open": cases.filter(closed_at__isnull=True).count(),
        "cases_closed": cases.filter(closed_at__isnull=False).count(),
        "investigations_running": investigations.filter(concluded_on__isnull=True).count(),
        "investigations_overdue": Obligation.objects.filter(
            municipality=m, code="investigation", is_open=True, due_at__lt=now
        ).count(),
        "investigations_concluded": investigations.filter(concluded_on__isnull=False).count(),
        "assessments": Assessment.objects.filter(child__municipality=m).count(),
    }


def story_lines(m: Municipality, now: dt.datetime) -> list[str]:
    """The story (`story`) year by year: placements begun, the share of them in a family, § 30 begun."""
    today = timezone.localdate(now)
    cells = []
    for back in range(story.YEARS, 0, -1):
        lo, hi = today - dt.timedelta(days=365 * back), today - dt.timedelta(days=365 * (back - 1))
        begun = Measure.objects.filter(municipality=m, started_on__gt=lo, started_on__lte=hi)
        row = begun.aggregate(
            placed=Count("pk", filter=Q(type__kind="placement")),
            family=Count("pk", filter=Q(place_type__in=["43_1", "43_2", "43_3", "43_4"])),
            institution=Count("pk", filter=Q(place_type="43_6")),
            preventive=Count("pk", filter=Q(type__kind="preventive")),
        )
        in_family = row["family"] / (row["family"] + row["institution"] or 1)
        cells.append(f"{hi:%Y}: {row['placed']} ({in_family:.0%} in a family), § 30 {row['preventive']}")
    return [
        "  Begun in each of the last five years (to today): placements (share in foster or network",
        "  care rather than an institution) and § 30 courses:",
        "    " + "; ".join(cells),
    ]


def casework_lines(f: dict, n_children: int) -> list[str]:
    if not f or not n_children:
        return []
    n = n_children
    placed = f["placed"] or 1
    types = ", ".join(
        f"{PlaceType(k).label.split(' (')[0].lower()} {v / placed:.0%}"
        for k, v in sorted(f["place_types"].items())
    )
    return [
        f"  Now: {f['placed']} placed ({f['placed'] / n:.2%}; DST 2018: {cal.PLACED_SHARE:.2%}), "
        f"{f['supported']} more with § 32 support ({f['supported'] / n:.2%}; DST 2021: {cal.SUPPORT_32_SHARE:.1%})",
        f"  Placed in: {types}",
        f"  Placed without consent (§ 47): {f['without_consent'] / placed:.0%} (DST 2018: "
        f"{cal.WITHOUT_CONSENT_SHARE:.0%}); placements begun in the last 12 months: "
        f"{f['placements_started_year'] / n:.2%} of the children (DST 2022: "
        f"{cal.INITIATED_PLACEMENTS_2022 / cal.CHILDREN_0_17:.2%})",
        f"  § 30 measures begun in the last 12 months: {f['preventive_started_year'] / n:.2%} of the children "
        f"(DST 2022: {cal.PREVENTIVE_30_PER_YEAR:.1%})",
        f"  {f['measures']} measures ({f['ended']} ended), {f['drafts']} draft decisions; {f['cases_open']} open "
        f"and {f['cases_closed']} closed cases; {f['assessments']} afdækninger; undersøgelser: "
        f"{f['investigations_concluded']} concluded, {f['investigations_running']} running, "
        f"{f['investigations_overdue']} overdue",
    ]


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
    yield from population.former_children(children)  # 18–22 today, placed as teenagers (story)


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
