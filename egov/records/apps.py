"""Record files (hồ sơ công việc, Decree 30/2020/NĐ-CP Chương IV and Appendix V): an agency's list of files
per year, the documents linked into them without copies, closing, and the export for the archive."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "egov.records"
    verbose_name = _("Record files")

    def ready(self) -> None:
        from egov.backoffice import audit_labels
        from egov.backoffice.navigation import MenuItem, register
        from egov.records.permissions import READERS

        register(MenuItem(_("Record files"), "records:list", READERS), before="core:audit_list")
        audit_labels.register(
            {
                "records.create": _("Record file created"),
                "records.add": _("Document added to a record file"),
                "records.remove": _("Document removed from a record file"),
                "records.close": _("Record file closed"),
            }
        )
