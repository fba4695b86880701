"""The weekly work schedule (lịch công tác tuần) of an agency's leaders: one `Week` per agency and Monday,
drafted by the office and published to the agency's staff; its `Entry` rows, one per leader, day and time.
An entry changed after publication is marked as changed (and a cancelled one stays, struck through), so
staff see what moved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency


class Week(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    monday = models.DateField(_("week of"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("weekly schedule")
        verbose_name_plural = _("weekly schedules")
        constraints = [
            models.UniqueConstraint(fields=["agency", "monday"], name="schedule_one_week_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.monday:%d/%m/%Y}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Entry(models.Model):
    """One engagement of one leader: when, where, what, with whom, and who prepares it."""

    week = models.ForeignKey(Week, on_delete=models.CASCADE, related_name="entries")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("leader")
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    content = models.TextField(_("content"))
    participants = models.TextField(_("participants"), blank=True)
    #: Who prepares (the unit or person that readies the papers and the room), as printed.
    preparer = models.CharField(_("prepared by"), max_length=200, blank=True)
    preparer_unit = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preparing unit"),
    )
    #: Changed (or added) after the week was published; what changed is in `change_note`.
    changed = models.BooleanField(_("changed after publication"), default=False)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")
        ordering = ["day", "starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m} {self.starts_at:%H:%M} {self.content[:40]}"
