"""`tidlig backup [ARCHIVE]`: the database and the attachments in one .tar.gz (tidlig/core/backup.py)."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidlig.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the attachments (MEDIA_ROOT) into one archive (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="where to write it (default: tidlig-backup-<UTC time>.tar.gz in the current directory)",
        )

    def handle(self, *args, archive: str | None, **options):
        now = dt.datetime.now(dt.UTC)
        path = Path(archive or f"tidlig-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz").resolve()
        try:
            manifest = backup(path, now=now)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Backed up the {manifest['engine']} database and {len(manifest['media'])} attachment file(s) to {path}"
        )
