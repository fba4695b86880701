from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "egov.dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from egov.backoffice import audit_labels, home, navigation
        from egov.dossiers.panels import queue_panel
        from egov.dossiers.transitions import CREATION_LABELS, EVENT_LABELS, TABLE
        from egov.organizations.models import Role

        navigation.register(
            navigation.MenuItem(
                _("Dossiers"),
                "dossiers:queues",
                (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.CLERK, Role.AUDITOR),
            ),
            before="organizations:agency_list",
        )
        navigation.register(
            navigation.MenuItem(_("Receive a dossier"), "dossiers:receive", (Role.DESK_OFFICER,)),
            before="organizations:agency_list",
        )
        home.register(
            home.Panel(
                key="dossiers.queues",
                template="dossiers/panel_queues.html",
                roles=(Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER),
                context=queue_panel,
                order=10,
            )
        )
        # The audit log names each dossier move as the dossier page does.
        audit_labels.register(
            {f"dossier.{action}": label for action, label in CREATION_LABELS.items()}
            | {f"dossier.{action}": t.label for action, t in TABLE.items()}
            | {f"dossier.{action}": label for action, label in EVENT_LABELS.items()}
            | {"dossiers.counter_guidance": _("Guided or refused at the counter without receiving")}
            | {"bundle.submit": _("Linked procedures filed together"), "bundle.paid": _("Linked filing paid")}
        )
