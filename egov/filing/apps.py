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
                "filing.group_start": _("Online filing of a linked group started"),
                "filing.group_save": _("Online filing of a linked group: step saved"),
                "filing.group_paper_add": _("Paper uploaded to an online filing of a linked group"),
                "filing.group_paper_reuse": _(
                    "Paper of the citizen's store added to an online filing of a linked group"
                ),
                "filing.group_paper_remove": _("Paper removed from an online filing of a linked group"),
                "filing.group_delete": _("Online filing draft of a linked group deleted"),
                "filing.group_submit": _("Online filing of a linked group submitted"),
            }
        )
