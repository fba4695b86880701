"""What the outbox holds now, for operators: `manage.py outbox_status`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from egov.channels.outbox import oldest_due, recent_failures, status_counts

EXPLAIN = {
    "due": "waiting for a worker now",
    "leased": "being sent (a worker holds the lease)",
    "waiting": "to be retried after a passing failure",
    "sent": "delivered",
    "failed": "given up (manage.py outbox_status --failed lists them)",
}


class Command(BaseCommand):
    help = "Count outbox messages by state: due, leased, waiting (retry), sent, failed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--failed", action="store_true", help="also list the last 20 failed messages")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        for state, count in status_counts(now).items():
            self.stdout.write(f"{state:<8}{count:>10}  {EXPLAIN[state]}")
        first = oldest_due(now)
        if first is not None:
            self.stdout.write(f"oldest due message waits since {timezone.localtime(first):%Y-%m-%d %H:%M:%S}")
        if options["failed"]:
            for row in recent_failures(20):
                self.stdout.write(
                    f"#{row.pk} {row.topic} {row.subject_type}:{row.subject_id} "
                    f"{timezone.localtime(row.failed_at):%Y-%m-%d %H:%M} {row.last_error[:200]}"
                )
