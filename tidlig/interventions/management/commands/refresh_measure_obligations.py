"""Re-derive the stored obligations of every placement (or every measure) with the current rules.

Run once after deploying migration timeline 0002 (issue 12): rows stored before it hold a placement's
supervision visits and § 79 offers as one rolling row (period 0); re-deriving stores one row per period.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from tidlig.interventions.models import Measure
from tidlig.interventions.services import measure_refresh_obligations


class Command(BaseCommand):
    help = "Re-derive the stored obligations of placements (--all: of every measure) with the current rules."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every measure, not only placements")

    def handle(self, *args, all: bool = False, **options):
        measures = Measure.objects.all() if all else Measure.objects.filter(type__kind="placement")
        n = 0
        for pk in measures.order_by("pk").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                measure_refresh_obligations(Measure(pk=pk))
            n += 1
        self.stdout.write(f"{n} measure(s) re-derived")
