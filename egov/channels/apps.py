from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChannelsConfig(AppConfig):
    name = "egov.channels"
    verbose_name = pgettext_lazy("app", "Channels")

    def ready(self) -> None:
        from egov.backoffice import audit_labels, navigation
        from egov.channels.permissions import OUTBOX_ADMINS

        # The administrators' screens of the outbox (egov/channels/screens.py) and what they log.
        navigation.register(
            navigation.MenuItem(_("Outgoing messages"), "channels:outbox_list", OUTBOX_ADMINS)
        )
        audit_labels.register({"channels.retry": _("Failed message sent again")})
