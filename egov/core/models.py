"""Shared mechanisms: the append-only audit log and the working-day calendar data."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries are append-only")


class AuditEntry(models.Model):
    """Nhật ký hệ thống: who changed what, when, with the values before and after.

    Rows are only ever inserted. Updates and deletes raise in Python, and on
    PostgreSQL a trigger refuses them too (migration 0002).
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    # The agency the change concerns, as its tree path, so auditors see their subtree only.
    agency_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects: ClassVar[AuditQuerySet] = AuditQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries are append-only")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    DAY_OFF = "day_off", _("Day off (swapped or extra)")
    WORKING_DAY = "working_day", _("Working day (make-up)")


class CalendarDay(models.Model):
    """A day that differs from the ordinary week.

    National rows come from the shipped data file (egov/core/data/vn_calendar.json,
    each with its legal source) and are refreshed on every migrate; province rows
    are the province's own decisions, edited by an administrator, and win over
    national rows on the same date.
    """

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Province")

    date = models.DateField(_("date"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.PROVINCE)
    kind = models.CharField(_("kind"), max_length=12, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("legal source"), max_length=300, blank=True)
    # National days computed from the Labour Code before the Government announces the year.
    estimated = models.BooleanField(_("estimated"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "scope"], name="calendar_day_unique_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class CalendarVersion(models.Model):
    """One row whose token changes in the same transaction as every change of a CalendarDay.

    Each process caches the calendar's tables; it compares this token (one primary-key read, at the
    first calendar use of each request and every few seconds otherwise) to know when its copy is stale.
    A random token, not a counter: a rolled-back change must never look current again.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar version")

    def __str__(self) -> str:
        return self.token


# The rate counters live beside their functions (egov.core.ratelimit); imported so Django finds the model.
from egov.core.ratelimit import RateCounter as RateCounter  # noqa: E402
