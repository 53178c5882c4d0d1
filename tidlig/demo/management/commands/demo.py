"""`tidlig demo`: build Demokommune with synthetic children, staff and 15 months of notifications."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tidlig.demo import generator, organisation
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

    @transaction.atomic  # a failed rebuild leaves the old demo as it was
    def handle(self, *args, children: int, seed: int, if_empty: bool, reset: bool, **options):
        if children < 1:
            raise CommandError("--children must be at least 1.")
        if if_empty and Municipality.objects.exists():
            self.stdout.write("A municipality exists already; the demo is not built (--if-empty).")
            return
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
        summary = generator.build(children=children, seed=seed, progress=self.stdout.write)
        for line in summary.lines():
            self.stdout.write(line)
