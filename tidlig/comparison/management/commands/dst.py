"""`tidlig dst fetch TABLE [TABLE …]` and `tidlig dst load-snapshot`: Danmarks Statistik's figures into
Tidlig's own tables (comparison.DstFigure)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tidlig.comparison import services
from tidlig.comparison.statbank import BASE_URL, KNOWN_TABLES, StatBank, StatBankError


class Command(BaseCommand):
    help = (
        "Danmarks Statistik: hent tabeller fra Statistikbanken, eller indlæs det medleverede øjebliksbillede."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        fetch = sub.add_parser(
            "fetch",
            help=f"Hent tabeller fra Statistikbankens API (fx {' '.join(KNOWN_TABLES)}).",
        )
        fetch.add_argument("tables", nargs="+", metavar="TABLE")
        fetch.add_argument(
            "--url",
            default=getattr(settings, "STATBANK_URL", BASE_URL),
            help=f"Statistikbankens adresse (standard {BASE_URL}).",
        )
        sub.add_parser(
            "load-snapshot", help="Indlæs øjebliksbilledet i tidlig/comparison/data/ (idempotent)."
        )

    def handle(self, *args, action, **options):
        if action == "load-snapshot":
            result = services.snapshot_load()
            self.stdout.write(
                f"Øjebliksbillede: {result['areas']} områder, {result['rows']} tal, {result['added']} nye."
            )
            return
        try:
            result = services.fetch(options["tables"], client=StatBank(options["url"]))
        except StatBankError as exc:
            raise CommandError(f"{exc} Intet er ændret; de gemte tal er bevaret.") from exc
        for table, n in result.items():
            self.stdout.write(f"{table}: {n} tal gemt.")
