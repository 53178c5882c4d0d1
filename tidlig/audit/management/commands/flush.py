"""Django's flush, with the audit log's DELETE guard lifted: emptying the whole database (a test's
teardown, a fresh demo) is a deliberate purge. On SQLite flush deletes row by row, which the trigger
would otherwise refuse; on PostgreSQL it truncates, which the trigger does not see."""

from django.core.management.commands.flush import Command as FlushCommand

from tidlig.audit.models import purging


class Command(FlushCommand):
    def handle(self, **options):
        with purging(options["database"]):
            return super().handle(**options)
