"""The counter's records about papers: the checklist ticked when a dossier is received (`ReceivedPaper`,
Decree 118/2025 art. 17.1.c) and the papers guided or refused without receiving (`CounterGuidance`).

Re-exported by `egov.dossiers.models`, where Django looks for the app's models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency
from egov.procedures.models import Procedure, RequiredDocument


class ReceivedPaper(models.Model):
    """One line of the paper checklist ticked at the counter: which paper of the procedure came in, as
    what (original, copy, certified copy) and how many. The name and form are copied from the procedure's
    required document at receipt, so a later edit of the catalogue never rewrites what was received."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="received_papers")
    document = models.ForeignKey(
        "procedures.RequiredDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=500)
    form = models.CharField(_("original or copy"), max_length=20, choices=RequiredDocument.Copy.choices)
    count = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("received paper")
        verbose_name_plural = _("received papers")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_form_display()} × {self.count})"


class CounterGuidance(models.Model):
    """Papers looked at by a counter and not received (Decree 118/2025 art. 17.1.c): the applicant was
    guided to supplement them (Phiếu yêu cầu bổ sung) or refused (Phiếu từ chối). It is no dossier: no
    dossier code, no clock; `number` only identifies the slip. Written by `egov.dossiers.guidance.record`."""

    class Outcome(models.TextChoices):
        GUIDE = "guide", _("Guided to supplement")
        REFUSE = "refuse", _("Refused")

    number = models.CharField(_("slip number"), max_length=64, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("counter"))
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="+", verbose_name=_("procedure")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    #: One missing or wrong paper (guide) or one reason (refuse) per line, as the slip lists them.
    items = models.TextField(_("missing or wrong papers, or the reasons"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("counter guidance")
        verbose_name_plural = _("counter guidance")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["agency", "at"], name="counter_guidance_day")]

    def __str__(self) -> str:
        return self.number


# The public look-up's rate-limit counters live with the code that uses them.
