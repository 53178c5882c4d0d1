"""`tidlig restore ARCHIVE --yes`: replace the database and the attachments with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidlig.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the database and the attachments (MEDIA_ROOT) from an archive made by `tidlig backup`. "
        "Everything in the database and MEDIA_ROOT now is replaced: stop the application first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="really replace the database and the attachments"
        )

    def handle(self, *args, archive: str, yes: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        if not yes:
            raise CommandError("This replaces the whole database and every attachment. Add --yes to go on.")
        try:
            manifest = restore(path)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Restored the {manifest['engine']} database and {len(manifest['media'])} attachment file(s) "
            f"from the backup made {manifest['created_at']}."
        )
