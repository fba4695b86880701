"""A task (nhiệm vụ được giao): what a leader assigns to a lead unit, co-operating units and people, with a
deadline; where it came from (a document, a meeting, or the leader alone); its history and its files.

`Task.status` is written only by `services.move` (the table in `transitions.py`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.organizations.models import Agency
from egov.tasks import permissions


class Status(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("task status", "Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("task status", "In progress")
    EXTENSION_ASKED = "extension_asked", pgettext_lazy("task status", "Extension asked")
    REPORTED_DONE = "reported_done", pgettext_lazy("task status", "Reported done, awaiting confirmation")
    DONE = "done", pgettext_lazy("task status", "Done")


#: Statuses in which the task is still the assignees' to finish (reminders, overdue lists).
OPEN = (Status.ASSIGNED, Status.IN_PROGRESS, Status.EXTENSION_ASKED, Status.REPORTED_DONE)


class Origin(models.TextChoices):
    DOCUMENT = "document", _("A document")
    MEETING = "meeting", _("A meeting")
    NONE = "none", _("The leader's own assignment")


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, user: Any) -> TaskQuerySet:
        return self.filter(permissions.readable_q(user)).distinct()


class Task(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("what is to be done"), blank=True)
    origin = models.CharField(_("source"), max_length=10, choices=Origin.choices, default=Origin.NONE)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    #: The meeting the task came from, as typed ("Giao ban tuần 23, 01/06/2026").
    meeting = models.CharField(_("meeting"), max_length=300, blank=True)
    lead_unit = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead unit")
    )
    co_units = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("co-operating units")
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people in charge")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    due_on = models.DateField(_("deadline"))
    #: The deadline first given, before any extension.
    first_due_on = models.DateField(_("first deadline"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    #: An extension asked for and not yet answered.
    asked_due_on = models.DateField(_("deadline asked for"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"))
    #: When the assignees reported it done (kept from the report the leader confirmed: on time or late).
    reported_done_at = models.DateTimeField(_("reported done at"), null=True, blank=True)
    done_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    #: The days a reminder went out, so the daily command sends each one once.
    reminded_before_on = models.DateField(null=True, blank=True)
    reminded_late_on = models.DateField(null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="tasks_by_agency_status_due"),
            models.Index(fields=["lead_unit", "status", "due_on"], name="tasks_by_unit_status_due"),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class TaskEvent(models.Model):
    """One line of a task's history: every move with who, when, what they wrote, and the figures it set."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.action}"


def file_path(instance: TaskFile, filename: str) -> str:
    """A fresh storage name per upload: a stored file is never overwritten."""
    suffix = filename.rsplit(".", 1)[-1][:10] if "." in filename else "bin"
    return f"tasks/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class TaskFile(models.Model):
    """A file attached to a progress or completion report (checked by egov.core.uploads)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="files")
    event = models.ForeignKey(TaskEvent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=file_path, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
