"""The citizen's store of digitised papers and electronic results (kho dữ liệu điện tử của tổ chức, cá nhân;
Decree 45/2020/NĐ-CP, Decree 118/2025/NĐ-CP).

An item points at a file already kept for a dossier (`dossiers.Attachment`): the store adds the owner and what
the paper is, so a later dossier can reuse it instead of asking for it again. Entries are written by
`egov.datastore.services` and read through `egov.datastore.selectors` (docs/datastore.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredPaper(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("Digitised paper")
        RESULT = "result", _("Electronic result")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_papers"
    )
    #: The organisation the paper belongs to, when it was filed for one; None for a person's own papers.
    organisation = models.ForeignKey(
        "citizens.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="stored_papers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    #: What the paper is, as the catalogue names it (the checklist line it answered), to offer it again.
    name = models.CharField(_("name"), max_length=500)
    #: The checklist line of the procedure it was filed for, when there was one.
    requirement = models.ForeignKey(
        "procedures.RequiredDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Mã số giấy tờ (Decree 118/2025 art. 22.4) of a result, or the code the digitisation gave the paper.
    document_code = models.CharField(_("document code"), max_length=80, blank=True, default="")
    attachment = models.ForeignKey("dossiers.Attachment", on_delete=models.PROTECT, related_name="stored_as")
    stored_at = models.DateTimeField(_("stored at"))
    #: Papers with a validity (an ID card, a certificate of good standing) are not offered after it ends.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    #: Set when the owner removed it from the store (the dossier's file stays), or when a corrected result
    #: replaced it; a removed entry is neither shown nor offered, and is not added again.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored paper")
        verbose_name_plural = _("stored papers")
        ordering = ["-stored_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "attachment"], name="one_store_entry_per_file"),
        ]

    def __str__(self) -> str:
        return self.name
