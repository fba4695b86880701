"""Rebuild the summary tables from the dossiers and their step visits (after a bulk import or a restore)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from egov.core.audit import SystemActor
from egov.stats import services


class Command(BaseCommand):
    help = "Rebuild the statistics summary tables from the dossiers."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = services.rebuild(actor=SystemActor("rebuild_stats"), progress=self.stdout.write)
        self.stdout.write(f"rows: {rows} in {time.perf_counter() - started:.1f} s")
