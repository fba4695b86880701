"""E-office documents (quản lý văn bản): registers, numbering, incoming and outgoing documents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "egov.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from egov.backoffice import audit_labels, home
        from egov.backoffice.navigation import MenuItem, register
        from egov.documents.panels import work_panel
        from egov.documents.permissions import READERS, WHOLE_AGENCY_READERS

        panel = home.Panel("documents.work", "documents/panel_work.html", READERS, work_panel, order=20)
        home.register(panel)

        register(MenuItem(_("Documents"), "documents:list", READERS), before="core:audit_list")
        register(
            MenuItem(_("E-office reports"), "documents:reports", WHOLE_AGENCY_READERS),
            before="core:audit_list",
        )
        audit_labels.register(
            {
                "documents.receive": _("Incoming document received"),
                "documents.register": _("Incoming document registered"),
                "documents.submit": _("Incoming document submitted to a leader"),
                "documents.instruct": _("Leader's instruction given"),
                "documents.forward": _("Incoming document forwarded"),
                "documents.start": _("Handling of an incoming document started"),
                "documents.complete": _("Incoming document completed"),
                "documents.draft": _("Outgoing draft created"),
                "documents.new_version": _("New version of a draft"),
                "documents.comment": _("Comment on a draft"),
                "documents.send_for_review": _("Draft sent for review"),
                "documents.send_back": _("Draft sent back"),
                "documents.approve": _("Draft approved"),
                "documents.sign": _("Document signed and numbered"),
                "documents.issue": _("Document issued"),
                "documents.recall": _("Document recalled"),
                "documents.remind": _("Reminder sent"),
                "documents.replaced": _("Replaced by a new document"),
                "documents.search_saved": _("Document search saved"),
                "documents.search_deleted": _("Saved document search deleted"),
            }
        )
