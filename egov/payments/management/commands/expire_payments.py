"""Close the payment attempts past their expiry (run it from cron, e.g. every 15 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from egov.payments.services import expire_stale


class Command(BaseCommand):
    help = "Mark open payment attempts past their expiry as expired (a late payment is still credited)."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = expire_stale(timezone.now())
        self.stdout.write(f"expired {closed} payment attempt(s)")
