"""Nhóm thủ tục hành chính liên thông: procedures filed once together, each part handled by its own agency.

A group (Decree 63/2024/NĐ-CP, as amended by Decree 301/2026/NĐ-CP) lists its member procedures in order,
who handles each part, whether the applicant must file it or may choose it, and the part whose result it
needs before it can be handled (the residence registration needs the birth certificate). The combined time
limit, when the decree sets one, is data with its source. Re-exported by `egov.procedures.models`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency
from egov.procedures.choices import PublicationStatus


class PartHandler(models.TextChoices):
    """Who handles a part of a linked group, as the decree names them."""

    CIVIL_STATUS = "civil_status", _("Civil status: the commune People's Committee")
    RESIDENCE = "residence", _("Residence: the commune police")
    IDENTITY = "identity", _("ID card: the police managing ID cards")
    SOCIAL_INSURANCE = "social_insurance", _("The social-insurance office")
    HOME_AFFAIRS = "home_affairs", _("The home affairs office (people with meritorious services)")
    SOCIAL_PROTECTION = "social_protection", _("Social protection: the commune People's Committee")


class ProcedureGroup(models.Model):
    code = models.CharField(
        _("code"), max_length=30, unique=True, help_text=_("Used in the address, e.g. KS-TT-BHYT")
    )
    name = models.CharField(_("name"), max_length=500)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    #: The article that makes these procedures one group (and where its parts' order comes from).
    source = models.CharField(_("source (article)"), max_length=300)
    effective_from = models.DateField(_("in force from"))
    combined_days = models.DecimalField(
        _("combined time limit (working days)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Empty when the decree sets no time limit for the group as a whole"),
    )
    combined_cutoff = models.TimeField(
        _("cut-off time"),
        null=True,
        blank=True,
        help_text=_("Received after this time, the combined time limit counts from the next working day"),
    )
    combined_source = models.CharField(_("source of the combined time limit"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )

    class Meta:
        verbose_name = _("linked procedure group")
        verbose_name_plural = _("linked procedure groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class GroupPart(models.Model):
    group = models.ForeignKey(ProcedureGroup, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField(_("order"))
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.PROTECT,
        related_name="group_parts",
        verbose_name=_("procedure"),
    )
    handler = models.CharField(_("handled by"), max_length=20, choices=PartHandler.choices)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Unticked: the applicant chooses whether to file this part")
    )
    #: Where the part's dossier is received when filed with the group: empty, the agency where the group is
    #: filed; else this agency, or its unit serving that commune (as a workflow step's `local_unit`).
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving agency"),
        help_text=_("Empty: the agency where the group is filed"),
    )
    local_unit = models.BooleanField(_("its unit serving the commune"), default=False)
    needs_result_of = models.PositiveSmallIntegerField(
        _("waits for the result of part"),
        null=True,
        blank=True,
        help_text=_("The order number of the earlier part whose result this part needs"),
    )
    source = models.CharField(_("source (article)"), max_length=300, blank=True)
    time_note = models.CharField(_("time limit of this part"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("part of a linked group")
        verbose_name_plural = _("parts of a linked group")
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "position"], name="group_part_position"),
            models.UniqueConstraint(fields=["group", "procedure"], name="group_part_procedure"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.procedure_id}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.needs_result_of is not None and self.needs_result_of >= self.position:
            errors["needs_result_of"] = _("A part can only wait for an earlier part.")
        if self.local_unit and self.agency_id is None:
            errors["local_unit"] = _("Choose the agency whose unit serves the commune.")
        if errors:
            raise ValidationError(errors)
