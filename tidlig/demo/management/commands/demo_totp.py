from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from tidlig.demo.mfa import DEMO_TOTP_KEY, current_code


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo login (only devices with the published demo key)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        device = TOTPDevice.objects.filter(user__username=username, key=DEMO_TOTP_KEY, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username!r} is not a demo login with the published demo key.")
        self.stdout.write(current_code(device))
