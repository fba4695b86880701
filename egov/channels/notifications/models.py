"""What administrators changed of the shipped notification texts: one row per event and channel.

An event and channel without a row sends the shipped text (events.default_texts); "reset to default"
deletes the row. A row that failed to render at send time keeps the error until it is saved again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.channels.notifications.events import Channel


class NotificationTemplate(models.Model):
    event = models.CharField(_("event"), max_length=40)
    channel = models.CharField(pgettext_lazy("message", "channel"), max_length=10, choices=Channel.choices)
    #: The email's subject line; empty for an SMS.
    subject = models.CharField(pgettext_lazy("email", "subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    edited_at = models.DateTimeField(_("changed at"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The last time sending fell back to the shipped text because this one failed, and why.
    failed_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)

    class Meta:
        app_label = "channels"
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="one_template_per_event_channel")
        ]

    def __str__(self) -> str:
        return f"{self.event}/{self.channel}"
