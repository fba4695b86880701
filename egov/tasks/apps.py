"""Tasks (giao việc): a leader assigns work to units and people with a deadline and follows it to the end."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "egov.tasks"
    verbose_name = _("Tasks")

    def ready(self) -> None:
        from egov.backoffice import audit_labels
        from egov.backoffice.navigation import MenuItem, register
        from egov.tasks.permissions import READERS

        register(MenuItem(_("Tasks"), "tasks:list", READERS), before="core:audit_list")
        audit_labels.register(
            {
                "tasks.assign": _("Task assigned"),
                "tasks.report": _("Task progress reported"),
                "tasks.request_extension": _("Task extension requested"),
                "tasks.grant_extension": _("Task extension granted"),
                "tasks.refuse_extension": _("Task extension refused"),
                "tasks.complete": _("Task reported completed"),
                "tasks.confirm": _("Task completion confirmed"),
                "tasks.send_back": _("Task returned to its assignees"),
                "tasks.remind": _("Task reminder sent"),
            }
        )
