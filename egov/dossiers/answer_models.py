"""What came with a dossier filed online: the answers of its online form (`FormAnswers`), kept as the citizen
gave them with the form version they answer, so a later edit of the catalogue's form never changes what was
filed; and which checklist line each file answers (`FiledPaper`). Written by `intake.submit_online` in the
submission's transaction.

Re-exported by `egov.dossiers.models`, where Django looks for the app's models.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormAnswers(models.Model):
    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="form_answers")
    form_version = models.ForeignKey(
        "procedures.FormVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("online form version"),
    )
    #: JSON-safe answers keyed by the schema's field names (procedures.onlineform.SchemaForm.cleaned_data).
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("online form answers")
        verbose_name_plural = _("online form answers")

    def __str__(self) -> str:
        return f"{self.dossier_id}"

    def summary(self) -> list[dict[str, Any]]:
        """Label → display value rows, in the form's order (procedures.onlineform.summarise)."""
        from egov.procedures.onlineform import summarise

        schema = self.form_version.schema if self.form_version is not None else {"fields": []}
        return summarise(schema, self.answers)


class FiledPaper(models.Model):
    """The line of the procedure's paper checklist (procedures.RequiredDocument) that a file filed online
    answers, as the applicant said: what the citizen's store later files the paper under."""

    attachment = models.OneToOneField(
        "dossiers.Attachment", on_delete=models.CASCADE, related_name="filed_for"
    )
    requirement = models.ForeignKey("procedures.RequiredDocument", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("paper filed online")
        verbose_name_plural = _("papers filed online")

    def __str__(self) -> str:
        return f"{self.attachment_id} → {self.requirement_id}"
