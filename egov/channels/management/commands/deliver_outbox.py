"""The outbox worker: `deliver_outbox` runs until SIGTERM/SIGINT; `deliver_outbox --once` sends one batch.

Several workers may run at once, on one server or several (docs/channels.md).
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from egov.channels.outbox import MARK_EVERY, Tally, deliver_due

log = logging.getLogger("egov.channels")


class Command(BaseCommand):
    help = "Send due outbox messages (email through Django's mail backend, SMS through EGOV_SMS_TRANSPORT)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="send one batch, then exit")
        parser.add_argument("--limit", type=int, default=100, help="messages per batch")
        parser.add_argument(
            "--mark-every",
            type=int,
            default=MARK_EVERY,
            help="record sent messages together after this many sends (1: each at once, the fewest sent "
            "twice should the worker be killed; more: fewer database writes)",
        )
        parser.add_argument(
            "--sleep", type=float, default=10.0, help="seconds to wait when nothing was due (loop mode)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            tally = deliver_due(limit=options["limit"], mark_every=options["mark_every"])
            self._say(f"deliver_outbox: {tally}")
            return
        stopping = threading.Event()

        def stop(signum: int, _frame: Any) -> None:
            # Finish the message being sent (so its outcome is recorded), then leave.
            log.info("deliver_outbox: %s received, stopping", signal.Signals(signum).name)
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        total = Tally()
        self._say("deliver_outbox: started")
        while not stopping.is_set():
            close_old_connections()  # with CONN_HEALTH_CHECKS, a dropped connection is reopened here
            try:
                batch = deliver_due(
                    limit=options["limit"], stop=stopping.is_set, mark_every=options["mark_every"]
                )
            except DatabaseError:
                # The database restarted or failed over: try again after the sleep. A message claimed
                # before the error is taken again when its lease runs out.
                log.exception("deliver_outbox: database error, trying again in %s s", options["sleep"])
                batch = Tally()
            total.sent, total.failed, total.retried = (
                total.sent + batch.sent,
                total.failed + batch.failed,
                total.retried + batch.retried,
            )
            if batch.touched:
                self._say(f"deliver_outbox: {batch}")
            if batch.touched < options["limit"]:
                stopping.wait(options["sleep"])
        self._say(f"deliver_outbox: stopped; {total}")

    def _say(self, line: str) -> None:
        # The worker's own log: stdout, which systemd sends to the journal. Flushed at once, since
        # under systemd and in tests stdout is a pipe. Failures of single messages go to the
        # egov.channels logger (stderr).
        self.stdout.write(line)
        self.stdout.flush()
