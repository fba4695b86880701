"""Statistics: summary tables kept current as dossiers move, the leader's dashboard, bottlenecks and the
public statistics page with its open data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "egov.stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from egov.backoffice.navigation import MenuItem, register
        from egov.stats.permissions import DASHBOARD_ROLES

        register(MenuItem(_("Statistics"), "stats:dashboard", DASHBOARD_ROLES))

        from egov.backoffice import audit_labels

        audit_labels.register({"stats.rebuild": _("Summary tables rebuilt from the dossiers")})
