"""Send the notifications waiting in the outbox (run it every minute from cron or a systemd timer)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from egov.dossiers.outbox import deliver_due


class Command(BaseCommand):
    help = "Send due outbox messages (email through Django's mail backend, SMS through EGOV_SMS_TRANSPORT)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=500, help="messages per batch")
        parser.add_argument(
            "--loop", action="store_true", help="keep running, one batch every --every seconds"
        )
        parser.add_argument("--every", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            sent, failed = deliver_due(limit=options["limit"])
            self.stdout.write(f"sent {sent}, failed {failed}")
            if not options["loop"]:
                return
            time.sleep(options["every"])
