import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tidlig.organisation.models import ApiToken, Staff
from tidlig.organisation.services import api_token_create


class Command(BaseCommand):
    help = "Print a new API bearer token for USERNAME (only its digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="cli")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.WRITE)
        parser.add_argument("--days", type=int, default=90, help="days until the token expires (default 90)")

    def handle(self, *args, username, label, scope, days, **options):
        staff = Staff.objects.filter(username=username, is_active=True).first()
        if staff is None:
            raise CommandError(f"No active user named {username!r}.")
        try:
            raw = api_token_create(
                staff=staff, label=label, scope=scope, expires_at=timezone.now() + dt.timedelta(days=days)
            )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        self.stdout.write(raw)
