"""The work on a document: the leader's instruction (lead and co-units with a deadline, art. 23.2), the
comments on a draft, and the recipients of an outgoing document with their delivery status.

Re-exported by `egov.documents.models`, where Django looks for the app's models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency


class Assignment(models.Model):
    """One unit given an incoming document by the leader's instruction: the lead unit or a co-unit."""

    class Part(models.TextChoices):
        LEAD = "lead", _("Lead")
        CO = "co", _("Co-operating")

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    part = models.CharField(_("part"), max_length=10, choices=Part.choices)
    instruction = models.TextField(_("instruction"), blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    #: The days a reminder went out, so the daily command sends each one once.
    reminded_before_on = models.DateField(null=True, blank=True)
    reminded_late_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["part", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.unit_id} ({self.part})"


class Comment(models.Model):
    """A comment on a draft (Appendix VI, Part I, III.5.a keeps them with the document)."""

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="comments")
    version = models.PositiveSmallIntegerField(default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Recipient(models.Model):
    """A recipient of an outgoing document: an agency of this deployment (it receives the document in its
    incoming list) or an external one, recorded for the exchange (`exchange_status`), which sends it."""

    class ExchangeStatus(models.TextChoices):
        DELIVERED = "delivered", _("Delivered inside this system")
        PENDING = "pending", _("Waiting for the exchange")
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the recipient")
        FAILED = "failed", _("Delivery failed")

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="recipients")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("recipient"), max_length=200)
    #: The electronic identifier of an external recipient, when known (for the exchange).
    identifier = models.CharField(_("identifier"), max_length=30, blank=True)
    exchange_status = models.CharField(max_length=12, choices=ExchangeStatus.choices, blank=True)
    delivered = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
