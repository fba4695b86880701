"""The weekly work schedule of an agency's leaders (lịch công tác tuần)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "egov.schedule"
    verbose_name = _("Work schedule")

    def ready(self) -> None:
        from egov.backoffice import audit_labels
        from egov.backoffice.navigation import MenuItem, register
        from egov.schedule.permissions import READERS

        register(MenuItem(_("Work schedule"), "schedule:week", READERS), before="core:audit_list")
        audit_labels.register(
            {
                "schedule.add": _("Schedule entry added"),
                "schedule.change": _("Schedule entry changed"),
                "schedule.cancel": _("Schedule entry cancelled"),
                "schedule.publish": _("Weekly schedule published"),
            }
        )
