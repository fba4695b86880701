"""`manage.py exchange_mailbox --host 127.0.0.1 --port 2525`: the SMTP endpoint that registers documents
sent by email to the agencies' official addresses (egov/exchange/mailbox.py). Put it behind the mail relay
that receives the province's mail; it runs until SIGTERM/SIGINT."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Receive documents by email (SMTP) for the agencies' official addresses."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)

    def handle(self, *args: Any, **options: Any) -> None:
        from aiosmtpd.controller import Controller

        from egov.exchange.mailbox import Handler

        controller = Controller(Handler(), hostname=options["host"], port=options["port"])
        controller.start()
        self.stdout.write(f"exchange_mailbox: listening on {options['host']}:{options['port']}")
        stopping = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        signal.signal(signal.SIGINT, lambda *_: stopping.set())
        stopping.wait()
        controller.stop()
