from django.core.management.base import BaseCommand, CommandError

from tidlig.organisation.models import Staff
from tidlig.organisation.services import api_token_create


class Command(BaseCommand):
    help = "Print a new API bearer token for USERNAME (only its digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="")

    def handle(self, *args, username, label, **options):
        staff = Staff.objects.filter(username=username, is_active=True).first()
        if staff is None:
            raise CommandError(f"No active user named {username!r}.")
        self.stdout.write(api_token_create(staff=staff, label=label or "cli"))
