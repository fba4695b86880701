from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "egov.filing"
    verbose_name = _("Online filing")

    def ready(self) -> None:
        from egov.backoffice import audit_labels

        audit_labels.register(
            {
                "filing.start": _("Online filing started"),
                "filing.save": _("Online filing step saved"),
                "filing.paper_add": _("Paper uploaded to an online filing"),
                "filing.paper_reuse": _("Paper of the citizen's store added to an online filing"),
                "filing.paper_remove": _("Paper removed from an online filing"),
                "filing.delete": _("Online filing draft deleted"),
                "filing.submit": _("Online filing submitted"),
            }
        )
