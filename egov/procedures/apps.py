from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "egov.procedures"
    verbose_name = _("Administrative procedures")

    def ready(self) -> None:
        from egov.backoffice.navigation import MenuItem, register
        from egov.procedures import (
            catalogue_version,
            facets,  # noqa: F401  (connects the drop of the cached facets)
        )
        from egov.procedures.permissions import READER_ROLES

        catalogue_version.connect()
        register(
            MenuItem(_("Procedures"), "procedures:admin_list", tuple(READER_ROLES)),
            before="core:audit_list",
        )
