"""Quy trình nội bộ: a procedure's workflow templates (versioned, per agency) and their ordered steps.

Re-exported by `egov.procedures.models`, where Django looks for the app's models.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency, Role
from egov.procedures.choices import PublicationStatus


class WorkflowTemplate(models.Model):
    """Quy trình nội bộ: the ordered steps of a procedure at an agency, versioned.

    `agency` empty means the template applies wherever no agency-specific one exists.
    """

    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.CASCADE, related_name="workflows")
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="workflows"
    )
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workflow template")
        verbose_name_plural = _("workflow templates")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency", "version"], name="workflow_version_unique"
            ),
        ]
        ordering = ["procedure", "agency", "-version"]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == PublicationStatus.DRAFT

    @property
    def total_hours(self) -> Decimal:
        return sum((step.allotted_hours for step in self.steps.all()), Decimal(0))


class StepKind(models.TextChoices):
    RECEIVE = "receive", _("Receive")
    PROCESS = "process", _("Process")
    APPROVE = "approve", _("Approve")
    INTER_AGENCY = "inter_agency", _("Step at another agency or level")
    RETURN = "return", _("Return the result")


class WorkflowStep(models.Model):
    template = models.ForeignKey(WorkflowTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=15, choices=StepKind.choices)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_("Empty: the agency that received the dossier"),
    )
    # A shared workflow cannot name each commune's own unit (its police station): the step names the
    # parent body and this flag sends the dossier to its unit serving the receiving commune
    # (egov.procedures.places.step_place; Decree 118/2025 art. 20.2).
    local_unit = models.BooleanField(
        _("its unit serving the commune"),
        default=False,
        help_text=_(
            "Send the dossier to the unit of this agency that serves the commune where it was received "
            "(e.g. the commune police station); the agency itself when it has no such unit"
        ),
    )
    allotted_hours = models.DecimalField(_("time allotted (working hours)"), max_digits=7, decimal_places=1)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="workflow_step_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
