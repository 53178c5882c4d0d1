"""`tidlig post poll`: read Digital Post's delivery receipts once and move the letters to delivered or failed.

Run it from a timer (systemd, every 10 minutes; docs/deploy.md "Digital Post"). `--enqueue` puts the same poll
on the django-tasks-db worker instead of running it here.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tidlig.post import services


class Command(BaseCommand):
    help = "The outbox: `poll` reads Digital Post's delivery receipts (PKO_PostStatus) once."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        poll = sub.add_parser("poll", help="read the waiting delivery receipts once")
        poll.add_argument("--enqueue", action="store_true", help="let the worker (tidlig db_worker) do it")

    def handle(self, *args, action: str, enqueue: bool = False, **options):
        if enqueue:
            services.poll_receipts.enqueue()
            self.stdout.write("enqueued")
            return
        counts = services.receipts_poll()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
