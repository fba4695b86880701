"""A draft of a linked procedure group filed once (`GroupDraft`) and its papers (`GroupDraftPaper`).

Like a one-procedure draft (`filing.Draft`) it lives in the database from its first step and is resumed from
"Hồ sơ đang soạn" on any device. It keeps one applicant, the optional parts chosen, each part's online form
answers and fee cases (keyed by the part's order number), one set of papers (a paper two parts ask for is
given once) and the counter the group is filed at. Once submitted it points at the bundle it became and is
no longer changed. Re-exported by `egov.filing.models`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_key() -> str:
    return uuid.uuid4().hex


class GroupDraft(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_drafts")
    group = models.ForeignKey(
        "procedures.ProcedureGroup",
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name=_("linked group"),
    )
    #: The counter the group is filed at; each part's own receiving agency follows from it
    #: (egov.procedures.groups.part_places).
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applicant = models.JSONField(default=dict, blank=True)
    #: The order numbers of the optional parts the citizen chose to file too.
    optional_parts = models.JSONField(default=list, blank=True)
    #: Each part's online form answers: {"<part order number>": {field: value}}.
    answers = models.JSONField(default=dict, blank=True)
    #: The form version each part's answers were given on: {"<part order number>": FormVersion id}.
    form_versions = models.JSONField(default=dict, blank=True)
    #: Each part's fee cases the applicant says are theirs (egov.payments.fees, `chosen`):
    #: {"<part order number>": [fee line ids]}.
    fee_cases = models.JSONField(default=dict, blank=True)
    done = models.JSONField(default=list, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, default=_new_key, editable=False)
    bundle = models.OneToOneField(
        "dossiers.DossierBundle", on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("linked filing draft")
        verbose_name_plural = _("linked filing drafts")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "updated_at"], name="filing_groupdraft_owner")]

    def __str__(self) -> str:
        return f"{self.group_id} · {self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.bundle_id is not None

    def answers_of(self, position: int) -> dict[str, Any]:
        return dict(self.answers.get(str(position), {}))

    def fee_cases_of(self, position: int) -> list[int]:
        return list(self.fee_cases.get(str(position), []))


class GroupDraftPaper(models.Model):
    """One paper of the group: a file uploaded for this draft, or a paper of the citizen's store
    (datastore.StoredPaper) reused without uploading it again. `key` names the paper (the folded name shared
    by the checklist lines of several parts), so it is given once and attached to every part asking it."""

    draft = models.ForeignKey(GroupDraft, on_delete=models.CASCADE, related_name="papers")
    key = models.CharField(max_length=300)
    #: Reused from the store; the file is the store's (its attachment), nothing is uploaded.
    stored_paper = models.ForeignKey(
        "datastore.StoredPaper", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), upload_to="dossiers/", max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    added_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("paper of a linked filing draft")
        verbose_name_plural = _("papers of linked filing drafts")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stored_paper__isnull=True, size__gt=0)
                | models.Q(stored_paper__isnull=False, file=""),
                name="filing_group_paper_uploaded_or_reused",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_reused(self) -> bool:
        return self.stored_paper_id is not None
