"""Score every open dossier with the latest lateness model (stored with the model version and the time)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from egov.insight.forecast import services


class Command(BaseCommand):
    help = "Score the open dossiers' probability of lateness with the latest trained model."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            n = services.score_open()
        except LookupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{n} open dossiers scored")
