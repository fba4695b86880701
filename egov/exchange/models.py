"""The exchange's tables: the peers documents are sent to, and every edXML message sent or received.

A `Message` is one package: a document (`edoc`), a status about a document (`status`), or a document sent
as a signed PDF by email to a recipient without a system (`email`). Outgoing ones are delivered by the
outbox (topic "exchange"), which points back at them as its subject; incoming ones are kept once per
sender and message id, so a retried delivery lands once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Peer(models.Model):
    """Another agency reachable by the exchange: its electronic identifier (OrganId), where its deployment
    takes packages, and the certificate (or the CA root) its packages' signatures are verified against."""

    organ_id = models.CharField(_("electronic identifier"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    endpoint = models.URLField(_("endpoint"), max_length=500)
    #: PEM: the peer's signing certificate (pinned) or the root of the CA that issues it.
    trust_pem = models.TextField(_("certificate or trust anchor (PEM)"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("exchange peer")
        verbose_name_plural = _("exchange peers")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organ_id})"


class Message(models.Model):
    class Direction(models.TextChoices):
        OUT = "out", pgettext_lazy("exchange message", "Sent")
        IN = "in", pgettext_lazy("exchange message", "Received")

    class Kind(models.TextChoices):
        EDOC = "edoc", pgettext_lazy("exchange message", "Document")
        STATUS = "status", pgettext_lazy("exchange message", "Status")
        EMAIL = "email", pgettext_lazy("exchange message", "Email")

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("exchange message", "Waiting to be sent")
        SENT = "sent", pgettext_lazy("exchange message", "Sent")
        FAILED = "failed", pgettext_lazy("exchange message", "Delivery failed")
        ACCEPTED = "accepted", pgettext_lazy("exchange message", "Accepted")

    direction = models.CharField(max_length=3, choices=Direction.choices)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    #: The package's own id (a UUID for ours); unique per sender.
    message_id = models.CharField(max_length=100)
    organ_from = models.CharField(max_length=30)
    organ_to = models.CharField(max_length=255)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    #: Outgoing edoc/email: the issued document; incoming edoc: the incoming document it became; status: the
    #: document the status is about on this side.
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient = models.ForeignKey(
        "documents.Recipient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: A status message answers this document package (the sender's outgoing one, or our incoming one).
    answers = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="statuses"
    )
    #: The package's DocumentId (edoc) or the DocumentId a status answers.
    document_ref = models.CharField(max_length=255, blank=True, db_index=True)
    status_code = models.CharField(max_length=4, blank=True)
    description = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    error = models.TextField(blank=True)
    body = models.TextField(blank=True)
    #: Incoming edoc: the last history row of its document reported back to the sender.
    reported_event_id = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "organ_from", "message_id"], name="exchange_message_once_per_sender"
            )
        ]
        indexes = [models.Index(fields=["direction", "kind", "state"], name="exchange_by_kind_state")]

    def __str__(self) -> str:
        return f"{self.direction} {self.kind} {self.message_id}"
