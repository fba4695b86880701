"""The outbox: a message written in the transaction that caused it, delivered later by `deliver_outbox`.

A row names what caused it by a generic reference (`subject_type` such as
"dossiers.dossier", and `subject_id`), so this app knows nothing of the apps
that write to it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def subject_key(subject: Any) -> tuple[str, str]:
    """("app_label.model_name", str(pk)) for a model instance, the outbox's reference to it."""
    return f"{subject._meta.app_label}.{subject._meta.model_name}", str(subject.pk)


class OutboxQuerySet(models.QuerySet["OutboxMessage"]):
    def about(self, subject: Any) -> OutboxQuerySet:
        """The messages that `subject` (a model instance) caused."""
        subject_type, subject_id = subject_key(subject)
        return self.filter(subject_type=subject_type, subject_id=subject_id)

    def pending(self) -> OutboxQuerySet:
        return self.filter(sent_at__isnull=True, failed_at__isnull=True)

    def due(self, now: Any) -> OutboxQuerySet:
        """Pending, past their back-off, and not held by a live lease: a worker may claim them at `now`."""
        return (
            self.pending()
            .filter(available_at__lte=now)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        )


class DeliveryStatus(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Not delivered")
    BUFFERED = "buffered", _("Waiting at the operator")


class OutboxMessage(models.Model):
    """One email or SMS to send. `attempts` counts claims, so a message that kills its worker still ends."""

    class Topic(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    topic = models.CharField(max_length=10, choices=Topic.choices)
    payload = models.JSONField()
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    # Not sent before this moment: the creation time, then the retry time after a passing failure.
    available_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A worker holds the row until then; past it (the worker died) another worker may claim it again.
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # What the gateway reported after sending (Kannel's delivery reports): the latest report wins,
    # except that a "buffered" report never replaces a final one (reports may arrive out of order).
    delivery_status = models.CharField(max_length=10, choices=DeliveryStatus.choices, blank=True)
    delivery_reported_at = models.DateTimeField(null=True, blank=True)
    delivery_detail = models.CharField(max_length=200, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["sent_at", "failed_at", "available_at"], name="outbox_due"),
            models.Index(fields=["subject_type", "subject_id"], name="outbox_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"


# Notification templates live in their own package; importing the model here registers it with the app.
from egov.channels.notifications.models import NotificationTemplate  # noqa: E402, F401
