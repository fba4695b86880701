from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "egov.payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from egov.backoffice import audit_labels

        # The audit log names what the payment services record (egov.payments.services).
        audit_labels.register(
            {
                "payment.start": _("Payment started"),
                "payment.paid": _("Payment received from the gateway"),
                "payment.failed": _("Payment not made (gateway's answer)"),
                "payment.wrong_amount": _("Gateway callback with a wrong amount refused"),
                "payment.fees_corrected": _("Fees corrected to the applicant's case"),
            }
        )
