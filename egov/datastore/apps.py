from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatastoreConfig(AppConfig):
    name = "egov.datastore"
    verbose_name = _("Data store")

    def ready(self) -> None:
        from egov.backoffice import audit_labels

        # The audit log names what the store did (egov/datastore/services.py).
        audit_labels.register(
            {
                "datastore.keep": _("Papers kept in the citizen's store"),
                "datastore.remove": _("Paper removed from the citizen's store"),
            }
        )
