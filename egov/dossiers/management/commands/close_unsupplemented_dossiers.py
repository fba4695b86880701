"""Close the dossiers whose supplement was not completed in time (Decree 118/2025 art. 19.5).

Run it once a day (cron or a systemd timer, docs/dossiers.md); running it again closes nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.core.audit import SystemActor
from egov.dossiers import services


class Command(BaseCommand):
    help = "Close every dossier not completed within the period after its supplement notice."

    def handle(self, *args: Any, **options: Any) -> None:
        codes = services.close_unsupplemented_dossiers(actor=SystemActor("close_unsupplemented_dossiers"))
        for code in codes:
            self.stdout.write(code)
        self.stdout.write(f"closed: {len(codes)}")
