from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Builds the fictional demo province and bulk data for benchmarks (management command `demo`)."""

    name = "egov.demo"
    verbose_name = _("Demo data")
