"""A bundle (hồ sơ liên thông): the dossiers of one filing of a linked procedure group, one per part.

The bundle keeps the group's parts as they were when it was filed (order, required or chosen, which
earlier part each waits for), as a dossier keeps its workflow version, so editing the group later changes
no bundle. Re-exported by `egov.dossiers.models`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.procedures.models import ProcedureGroup

#: A bundle's reference starts "LT-" (liên thông): the public look-up tells it from a dossier code by it.
REFERENCE_PREFIX = "LT"


class DossierBundle(models.Model):
    #: One reference for the whole filing: what the applicant quotes and what the one payment is made to.
    reference = models.CharField(_("bundle reference"), max_length=32, unique=True)
    group = models.ForeignKey(
        ProcedureGroup, on_delete=models.PROTECT, related_name="bundles", verbose_name=_("linked group")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_bundles",
        verbose_name=_("owner account"),
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    #: The group's electronic form as filled in (Decree 301/2026 annex, Mẫu 01 / Mẫu 02).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    #: The one-time key of the submission: a repeated submit returns this bundle.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("linked dossier bundle")
        verbose_name_plural = _("linked dossier bundles")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class BundlePart(models.Model):
    bundle = models.ForeignKey(DossierBundle, on_delete=models.CASCADE, related_name="parts")
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="bundle_part", verbose_name=_("dossier")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    required = models.BooleanField(_("required"), default=True)
    #: The order number of the earlier part whose result this one needs; it is held until then.
    waits_for = models.PositiveSmallIntegerField(_("waits for part"), null=True, blank=True)
    released_at = models.DateTimeField(_("released to its counter"), null=True, blank=True)

    class Meta:
        verbose_name = _("part of a bundle")
        verbose_name_plural = _("parts of a bundle")
        ordering = ["bundle", "position"]
        constraints = [models.UniqueConstraint(fields=["bundle", "position"], name="bundle_part_position")]

    def __str__(self) -> str:
        return f"{self.bundle_id} · {self.position}"

    @property
    def is_held(self) -> bool:
        """Waiting for the earlier part's result: not yet in its counter's queue to be accepted."""
        return self.waits_for is not None and self.released_at is None
