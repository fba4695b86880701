"""Ratings of a dossier's handling and feedback (phản ánh, kiến nghị) sent to an agency.

Both are written only through `egov.feedback.services`; who reads and handles them is
`egov.feedback.permissions`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.feedback import permissions
from egov.feedback.criteria import Level


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("Citizen account")
    LINK = "link", _("Link printed for the applicant")
    PAPER = "paper", _("Paper card recorded at the counter")


class Rating(models.Model):
    """Đánh giá của tổ chức, cá nhân (Decree 118/2025 art. 33): one per dossier, after the result
    was returned."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="rating", verbose_name=_("dossier")
    )
    #: The agency where the applicant was served and got the result (the dossier's receiving agency).
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, related_name="ratings", verbose_name=_("agency")
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="ratings", verbose_name=_("procedure")
    )
    criteria_version = models.CharField(_("criteria"), max_length=40)
    #: {criterion key: level}; an optional content left unrated is absent.
    levels = models.JSONField(_("levels"), default=dict)
    level = models.PositiveSmallIntegerField(_("overall level"), choices=Level.choices, db_index=True)
    comment = models.TextField(_("comment"), blank=True)
    channel = models.CharField(_("rated through"), max_length=10, choices=RatingChannel.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_at", "-id"]
        indexes = [models.Index(fields=["agency", "rated_at"], name="rating_agency_period")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.level}"


class Topic(models.TextChoices):
    DOSSIER = "dossier", _("A dossier")
    PROCEDURE = "procedure", _("A procedure")
    AGENCY = "agency", _("An agency")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("New")
    HANDLING = "handling", _("Being handled")
    ANSWERED = "answered", _("Answered")


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def handled_by(self, user: Any) -> FeedbackQuerySet:
        """The feedback in the user's inbox (permissions.inbox_q)."""
        return self.filter(permissions.inbox_q(user))

    def published(self) -> FeedbackQuerySet:
        return self.filter(is_public=True)


class Feedback(models.Model):
    """Phản ánh, kiến nghị: what a person tells an agency about a dossier, a procedure or the
    agency itself."""

    reference = models.CharField(pgettext_lazy("feedback", "reference"), max_length=20, unique=True)
    topic = models.CharField(_("about"), max_length=10, choices=Topic.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("dossier"),
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("procedure"),
    )
    #: The agency responsible for answering (where it was routed).
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, related_name="feedback", verbose_name=_("agency")
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_feedback",
        verbose_name=_("sender account"),
    )
    sender_name = models.CharField(_("name"), max_length=200)
    sender_phone = models.CharField(_("phone"), max_length=20, blank=True)
    sender_email = models.EmailField(_("email"), blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    answer_due_at = models.DateTimeField(_("answer due"))

    status = models.CharField(
        _("status"), max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_feedback",
        verbose_name=pgettext_lazy("person", "handled by"),
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: Published on the public page only when staff decide so, with the text they cleared of personal data.
    is_public = models.BooleanField(_("public"), default=False)
    public_content = models.TextField(_("content as published"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects: ClassVar[FeedbackQuerySet] = FeedbackQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "answer_due_at"], name="feedback_inbox"),
            models.Index(fields=["is_public", "published_at"], name="feedback_public"),
        ]

    def __str__(self) -> str:
        return self.reference
