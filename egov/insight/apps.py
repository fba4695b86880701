"""Monitoring beyond the summary tables: the lateness forecast of open dossiers, the government's
indicator set for service to people and businesses (Decision 766/QĐ-TTg) and the IT-application indicators."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "egov.insight"
    verbose_name = _("Indicators and forecasts")

    def ready(self) -> None:
        from egov.backoffice import audit_labels
        from egov.backoffice.navigation import MenuItem, register
        from egov.insight.permissions import READER_ROLES

        register(MenuItem(_("Indicators"), "insight:indicators", READER_ROLES), before="core:audit_list")
        audit_labels.register(
            {
                "insight.figure": _("Indicator figure entered"),
                "insight.train": _("Lateness forecast retrained"),
            }
        )
