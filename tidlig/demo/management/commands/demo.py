"""`tidlig demo`: build Demokommune with synthetic children, staff and 15 months of notifications;
`tidlig demo --municipalities N [--scale S]`: build N real municipalities with synthetic people (demo/national.py)."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tidlig.demo import generator, national, organisation
from tidlig.demo.reset import delete_municipality
from tidlig.organisation.models import Municipality, Staff


class Command(BaseCommand):
    help = "Build the demo municipality Demokommune (synthetic data only; every login's password is 'demo')."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=20_000, help="children 0–17 (default 20000)")
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="random seed: the same seed on the same day builds the same data",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if any municipality exists (what `make run` uses)",
        )
        parser.add_argument("--reset", action="store_true", help="delete the demo municipality first")
        parser.add_argument(
            "--municipalities",
            type=int,
            default=0,
            help=f"instead of Demokommune: the first N real municipalities by code (all: {national.ALL}), "
            "sized from their population (FOLK1A 2026), with synthetic people; logins e.g. raadgiver-0101",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="with --municipalities: this share of the real number of children (e.g. 0.001 for a test)",
        )
        parser.add_argument(
            "--no-facts", action="store_true", help="do not compute the key figures' facts afterwards"
        )

    def handle(self, *args, children: int, seed: int, if_empty: bool, reset: bool, **options):
        if options["municipalities"]:
            return self.national(
                options["municipalities"],
                scale=options["scale"],
                seed=seed,
                reset=reset,
                facts=not options["no_facts"],
            )
        if children < 1:
            raise CommandError("--children must be at least 1.")
        if if_empty and Municipality.objects.exists():
            self.stdout.write("A municipality exists already; the demo is not built (--if-empty).")
            return
        with transaction.atomic():  # a failed rebuild leaves the old demo as it was
            self.demokommune(children=children, seed=seed, reset=reset, facts=not options["no_facts"])

    def demokommune(self, *, children: int, seed: int, reset: bool, facts: bool) -> None:
        existing = generator.demo_municipality()
        if existing is not None:
            if not reset:
                raise CommandError(
                    f"The demo municipality {existing} exists already. "
                    "Use --reset to delete it and build it again."
                )
            started = time.monotonic()
            delete_municipality(existing)
            self.stdout.write(f"Deleted the old demo municipality in {time.monotonic() - started:.1f} s.")
        taken = sorted(
            Staff.objects.filter(username__in=organisation.LOGINS).values_list("username", flat=True)
        )
        if taken:
            raise CommandError(f"These usernames belong to someone outside the demo: {', '.join(taken)}.")
        # The demo keeps its key figures itself (generator.build: the story's five years of facts).
        summary = generator.build(children=children, seed=seed, progress=self.stdout.write, facts=facts)
        for line in summary.lines():
            self.stdout.write(line)

    def facts(self, code: str) -> None:
        # A national municipality's key figures (metrics.facts): its whole history once, as a new installation
        # would after importing. By command name: nothing imports metrics.
        started = time.monotonic()
        call_command("facts_refresh", "--all", "--municipality", code, stdout=self.stdout)
        self.stdout.write(f"Key figures computed in {time.monotonic() - started:.1f} s.")

    def national(self, n: int, *, scale: float, seed: int, reset: bool, facts: bool) -> None:
        """Each municipality in its own transaction: a long national build keeps what it finished."""
        if not 1 <= n <= national.ALL:
            raise CommandError(f"--municipalities must be between 1 and {national.ALL}.")
        if not scale > 0:
            raise CommandError("--scale must be more than 0.")
        planned = national.plan(n, scale=scale)
        existing = list(Municipality.objects.filter(code__in=[p.code for p in planned]).order_by("code"))
        if existing and not reset:
            raise CommandError(
                f"These municipalities exist already: {', '.join(str(m) for m in existing)}. "
                "Use --reset to delete them and build them again."
            )
        started = time.monotonic()
        for m in existing:
            delete_municipality(m)
        if existing:
            self.stdout.write(
                f"Deleted {len(existing)} municipalities in {time.monotonic() - started:.1f} s."
            )
        taken = sorted(
            Staff.objects.filter(username__in=national.logins(planned)).values_list("username", flat=True)
        )
        if taken:
            raise CommandError(f"These usernames belong to someone outside the demo: {', '.join(taken)}.")
        total = sum(p.children for p in planned)
        self.stdout.write(f"Building {len(planned)} municipalities, {total:,} children (scale {scale:g}).")
        started = time.monotonic()
        summaries = national.build(
            planned,
            seed=seed,
            progress=self.stdout.write,
            after_each=(lambda p: self.facts(p.code)) if facts else (lambda p: None),
        )
        built = sum(s.counts.children for s in summaries)
        self.stdout.write(
            f"Built {len(summaries)} municipalities with {built:,} children in {time.monotonic() - started:.1f} s "
            f"(facts {'included' if facts else 'left out'}). Logins: e.g. raadgiver-{planned[0].code} (password demo)."
        )
