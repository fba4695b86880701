"""Prove the summary tables equal a recount from the dossiers: exit status 1 and every difference if not."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from egov.stats import recount


class Command(BaseCommand):
    help = "Compare the statistics summary tables with a recount from the dossiers."

    def handle(self, *args: Any, **options: Any) -> None:
        found = recount.differences(recount.recount(), recount.stored())
        for key, expected, actual in found:
            self.stdout.write(f"{recount.describe(key)}: recount {expected}, stored {actual}")
        if found:
            self.stderr.write(f"differences: {len(found)}")
            sys.exit(1)
        self.stdout.write("the summary tables equal the recount")
