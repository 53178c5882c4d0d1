"""Refresh the kept key figures: every month of a municipality's history (`--all`), the last N months
(`--months N`, nightly), or only the dirty months (default; what the worker does), for one municipality
(`--municipality CODE`) or all."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from tidlig.metrics import facts
from tidlig.organisation.models import Municipality


class Command(BaseCommand):
    help = "Recompute the key figures' facts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="kommunekode (default: every municipality)")
        parser.add_argument("--all", action="store_true", help="the whole history, not only dirty months")
        parser.add_argument(
            "--months",
            type=int,
            default=0,
            help="also the last N months (nightly: deadlines fallen due, ratings, today's staircase and committed cost)",
        )

    def handle(self, *args, **options):
        municipalities = Municipality.objects.order_by("code")
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
        for m in municipalities:
            if options["all"]:
                months = facts.history_months(m)
                rows = facts.facts_refresh(municipality=m, months=months)
                self.stdout.write(f"{m.code} {m.name}: {len(months)} måneder, {rows} rækker")
            elif options["months"] > 0:
                today = facts.month_start(timezone.localdate())
                months = [facts.add_months(today, -i) for i in range(options["months"])]
                rows = facts.facts_refresh(municipality=m, months=months)
                self.stdout.write(f"{m.code} {m.name}: {len(months)} måneder, {rows} rækker")
            else:
                months = facts.refresh_dirty(municipality=m)
                self.stdout.write(f"{m.code} {m.name}: {len(months)} måneder opdateret")
