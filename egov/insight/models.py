"""What the insight app stores: trained forecast models, the scores of open dossiers, manual figures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.dossiers.models import Dossier
from egov.organizations.models import Agency


class ForecastModel(models.Model):
    """One trained lateness model, stored as plain numbers (JSON), never as a pickle.

    `parameters` holds the feature names, the coefficients, the intercept and the scaling of the numeric
    features; scoring is a sum computed by our own code (egov.insight.forecast.model), so a row of this
    table can never run code when it is read. Trust boundary: docs/insight.md.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    trained_at = models.DateTimeField(_("trained at"))
    parameters = models.JSONField(_("parameters"))
    #: AUC, Brier score, calibration table and the sizes of the training and held-back sets.
    metrics = models.JSONField(_("metrics"), default=dict)

    class Meta:
        verbose_name = _("forecast model")
        verbose_name_plural = _("forecast models")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version} ({self.trained_at:%Y-%m-%d})"


class ForecastScore(models.Model):
    """The latest lateness probability of an open dossier, with the model that gave it and when."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="forecast")
    probability = models.FloatField(_("probability of lateness"))
    #: The features that pushed the probability up most: [{"label": ..., "weight": ...}], largest first.
    reasons = models.JSONField(_("main reasons"), default=list)
    model_version = models.PositiveIntegerField(_("model version"))
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("lateness forecast")
        verbose_name_plural = _("lateness forecasts")
        indexes = [models.Index(fields=["probability"], name="forecast_probability")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.probability:.2f}"


def evidence_path(instance: ManualFigure, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1][:10] if "." in filename else "bin"
    return f"insight/{instance.period_start:%Y}/{uuid.uuid4().hex}.{suffix}"


class ManualFigure(models.Model):
    """A figure the system cannot count, entered for one agency and period with its evidence.

    A new entry for the same agency, period and indicator supersedes the older one (the latest counts);
    older ones stay, so what was entered before is never lost.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    indicator = models.CharField(_("indicator"), max_length=40)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("manual figure")
        verbose_name_plural = _("manual figures")
        ordering = ["-entered_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "indicator", "period_start"], name="manual_figure_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.agency_id} {self.period_start}: {self.value}"

    @property
    def last_day(self) -> dt.date:
        """The period's last day (`period_end` is the day after it)."""
        return self.period_end - dt.timedelta(days=1)
