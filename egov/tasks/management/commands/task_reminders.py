"""Run once a day (cron or a systemd timer): reminders about tasks due soon or late."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.tasks import reminders


class Command(BaseCommand):
    help = "Send the day's reminders about tasks' deadlines (before and after the deadline)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders.send_due()
        self.stdout.write(f"due soon: {sent['soon']}, late: {sent['late']}")
