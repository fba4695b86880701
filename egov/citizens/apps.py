from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "egov.citizens"
    verbose_name = _("Citizens")

    def ready(self) -> None:
        from egov.backoffice import audit_labels
        from egov.citizens.audit_labels import LABELS

        audit_labels.register(LABELS)
