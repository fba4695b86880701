"""A draft of an online filing (`Draft`) and the papers attached to it (`DraftPaper`).

A draft lives in the database from its first step, so the citizen resumes it from any device; every step
saves into it. Once submitted it points at the dossier it became and is no longer changed: its uploaded
files are the dossier's attachments from then on (the same stored files, see docs/filing.md).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_key() -> str:
    return uuid.uuid4().hex


class DraftQuerySet(models.QuerySet["Draft"]):
    def open(self) -> DraftQuerySet:
        return self.filter(dossier__isnull=True)

    def owned_by(self, user: Any) -> DraftQuerySet:
        """The drafts `user` may open (egov.filing.permissions: only their owner)."""
        from egov.filing.permissions import drafts_q

        return self.filter(drafts_q(user))


class Draft(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    #: Chosen at the "who files" step; None while not chosen or when the citizen files for themself.
    organisation = models.ForeignKey(
        "citizens.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="drafts", verbose_name=_("procedure")
    )
    #: The published form the draft started on: the answers are checked against it until submission.
    form_version = models.ForeignKey("procedures.FormVersion", on_delete=models.PROTECT, related_name="+")
    #: The one-stop counter chosen to receive it ("where to file").
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The applicant's details (intake.Applicant's fields), prefilled from the profile.
    applicant = models.JSONField(default=dict, blank=True)
    #: The online form's answers, keyed by the schema's field names, saved page by page.
    answers = models.JSONField(default=dict, blank=True)
    #: The ids of the procedure's fee lines whose case the applicant said is theirs (egov.payments.fees).
    fee_cases = models.JSONField(default=list, blank=True)
    #: The keys of the steps done (egov.filing.journey), in the order they were done.
    done = models.JSONField(default=list, blank=True)
    #: The one-time key of the submission: a repeated or racing submit makes one dossier.
    idempotency_key = models.CharField(max_length=64, unique=True, default=_new_key, editable=False)
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("online filing draft")
        verbose_name_plural = _("online filing drafts")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "updated_at"], name="filing_draft_owner")]

    def __str__(self) -> str:
        return f"{self.procedure_id} · {self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.dossier_id is not None


class DraftPaper(models.Model):
    """One paper given for a line of the procedure's checklist: a file uploaded for this draft, or a paper
    of the citizen's store (datastore.StoredPaper) reused without uploading it again."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="papers")
    requirement = models.ForeignKey("procedures.RequiredDocument", on_delete=models.CASCADE, related_name="+")
    #: Reused from the store; the file is the store's (its attachment), nothing is uploaded.
    stored_paper = models.ForeignKey(
        "datastore.StoredPaper", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    #: Uploaded: saved by egov.dossiers.files under a fresh name (attachment_path), in the attachments'
    #: storage, so that the dossier's attachment later points at the very same file.
    file = models.FileField(_("file"), upload_to="dossiers/", max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    added_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("paper of a draft")
        verbose_name_plural = _("papers of drafts")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stored_paper__isnull=True, size__gt=0)
                | models.Q(stored_paper__isnull=False, file=""),
                name="filing_paper_uploaded_or_reused",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_reused(self) -> bool:
        return self.stored_paper_id is not None


from egov.filing.group_models import GroupDraft, GroupDraftPaper  # noqa: E402  (the linked group's draft)

__all__ = ["Draft", "DraftPaper", "GroupDraft", "GroupDraftPaper"]
