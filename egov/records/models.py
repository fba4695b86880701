"""Record files (hồ sơ công việc) and the documents linked into them.

A `RecordFile` is one line of an agency's file list for a year (Danh mục hồ sơ, Decree 30/2020 Appendix V,
I: number and symbol, title, retention period, the person who keeps it); its metadata are those of Appendix
VI, Part II, III (FileCode = the agency's identifier, the year and the file's number and symbol; Title;
Maintenance; Rights; Creator; Language; StartDate; EndDate; DocTotal; PageTotal; Description). A document is
linked into any number of files by a `RecordEntry` row, never copied (Appendix VI, Part I, III.4.e).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency
from egov.records import permissions


class RecordFileQuerySet(models.QuerySet["RecordFile"]):
    def visible_to(self, user: Any) -> RecordFileQuerySet:
        return self.filter(permissions.readable_q(user))


class RecordFile(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    year = models.PositiveSmallIntegerField(_("year"))
    #: "01.VP": the file's number and the abbreviation of its heading (Appendix V, I.2); FileNotation, 20.
    code = models.CharField(_("number and symbol"), max_length=20)
    #: The heading (đề mục) of the file list it sits under, e.g. "I. Văn phòng" (Appendix V, I.1).
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    #: Years to keep; empty means permanently ("Vĩnh viễn", Appendix V, I.4).
    retention_years = models.PositiveSmallIntegerField(_("retention (years)"), null=True, blank=True)
    rights = models.CharField(_("terms of use"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=50, default="Tiếng Việt")
    description = models.CharField(_("note"), max_length=500, blank=True)
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = RecordFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("record file")
        verbose_name_plural = _("record files")
        ordering = ["-year", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "code"], name="records_one_code_per_agency_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"[:300]

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class RecordEntry(models.Model):
    """A document linked into a record file (no copy of the document or of its files)."""

    record_file = models.ForeignKey(RecordFile, on_delete=models.CASCADE, related_name="entries")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="record_entries"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record_file", "document"], name="records_document_once_per_file")
        ]

    def __str__(self) -> str:
        return f"{self.record_file_id}/{self.document_id}"
