from django.core.management.base import BaseCommand
from django.utils import timezone

from tidlig.wellbeing.retention import purge_expired_ratings


class Command(BaseCommand):
    help = "Delete well-being ratings older than each municipality's retention period, and log it."

    def handle(self, *args, **options):
        n = purge_expired_ratings(now=timezone.now())
        self.stdout.write(f"Deleted {n} expired well-being ratings.")
