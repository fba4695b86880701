"""`manage.py exchange_sync`: hand pending external recipients of issued documents to the exchange, and
queue the status messages of the moves made since the last run. Run it every minute (cron or a systemd
timer) beside the outbox worker (`deliver_outbox`), which sends what it queued."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.core.audit import SystemActor
from egov.exchange import dispatch, statuses


class Command(BaseCommand):
    help = "Queue the exchange's packages and status messages in the outbox."

    def handle(self, *args: Any, **options: Any) -> None:
        actor = SystemActor("exchange")
        sent = dispatch.dispatch(actor=actor)
        told = statuses.sync(actor=actor)
        self.stdout.write(f"exchange_sync: {sent} documents, {told} statuses queued")
