"""Work out the agency that resolves each dossier made before Dossier.competent_agency existed (dossiers
migration 0023), then recount the statistics with `manage.py rebuild_stats` (docs/backup-and-upgrade.md).
Running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from egov.dossiers import competent


class Command(BaseCommand):
    help = "Set each dossier's competent agency from its workflow; then run rebuild_stats."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = competent.fill()
        self.stdout.write(
            _("Competent agency set on %(n)s dossiers; now run manage.py rebuild_stats.") % {"n": changed}
        )
