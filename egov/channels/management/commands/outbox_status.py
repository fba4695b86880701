"""What the outbox holds now, for operators: `manage.py outbox_status [--failed]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.channels.outbox import oldest_due, recent_failures, status_counts

# The state's name stays the same in every language (scripts read it); its explanation is translated.
EXPLAIN = {
    "due": gettext_lazy("waiting for a worker now"),
    "leased": gettext_lazy("being sent (a worker holds the lease)"),
    "waiting": gettext_lazy("to be retried after a passing failure"),
    "sent": gettext_lazy("delivered"),
    "failed": gettext_lazy("given up (--failed lists the latest)"),
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
            since = f"{timezone.localtime(first):%Y-%m-%d %H:%M:%S}"
            self.stdout.write(_("The oldest due message has waited since %(since)s.") % {"since": since})
        if options["failed"]:
            for row in recent_failures(20):
                self.stdout.write(
                    f"#{row.pk} {row.topic} {row.subject_type}:{row.subject_id} "
                    f"{timezone.localtime(row.failed_at):%Y-%m-%d %H:%M} {row.last_error[:200]}"
                )
