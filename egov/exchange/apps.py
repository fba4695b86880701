"""The exchange between agencies: edXML packages (QCVN 102:2016) signed, sent through the outbox, received,
acknowledged and followed by status messages; documents for recipients without a system go by email."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "egov.exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from egov.backoffice import audit_labels, navigation
        from egov.channels import outbox
        from egov.exchange import delivery
        from egov.exchange.permissions import EXCHANGE_ADMINS

        outbox.register_topic(
            "exchange", outbox.Topic(required=("message",), send=delivery.send, failed=delivery.failed)
        )
        navigation.register(navigation.MenuItem(_("Exchange"), "exchange:list", EXCHANGE_ADMINS))
        audit_labels.register(
            {
                "exchange.send": _("Document handed to the exchange"),
                "exchange.receive": _("Document received from the exchange"),
                "exchange.status": _("Exchange status received"),
                "exchange.retry": _("Exchange delivery sent again"),
                "documents.accept_recall": _("Given back to its issuer at its request"),
                "documents.refuse_recall": _("Recall by its issuer refused"),
            }
        )
