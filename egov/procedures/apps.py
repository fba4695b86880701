from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "egov.procedures"
    verbose_name = _("Administrative procedures")

    def ready(self) -> None:
        from egov.backoffice.navigation import MenuItem, register

        register(
            MenuItem(_("Procedures"), "procedures:admin_list", ("province_admin", "agency_admin")),
            before="core:audit_list",
        )
