"""Ratings of the service and feedback and complaints (phản ánh, kiến nghị) about a dossier or a procedure."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "egov.feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from egov.backoffice import audit_labels
        from egov.backoffice.navigation import MenuItem, register
        from egov.feedback.permissions import HANDLER_ROLES

        register(MenuItem(_("Feedback"), "feedback:inbox", HANDLER_ROLES), before="core:audit_list")
        audit_labels.register(
            {
                "feedback.rate": _("Dossier rated by the applicant"),
                "feedback.send": _("Feedback sent"),
                "feedback.assign": _("Feedback assigned"),
                "feedback.answer": _("Feedback answered"),
                "feedback.publish": _("Feedback published"),
                "feedback.unpublish": _("Feedback taken off the public page"),
            }
        )
