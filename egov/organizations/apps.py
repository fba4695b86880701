from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "egov.organizations"
    verbose_name = _("Agencies and staff")

    def ready(self) -> None:
        from egov.organizations.home import register_panels

        register_panels()
