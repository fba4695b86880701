"""A report's attachments: checked by their content (egov.core.uploads), kept with their checksum under a
fresh name, and removed from storage again when the report's transaction rolls back."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile

from egov.core import uploads
from egov.tasks.models import TaskEvent, TaskFile

ALLOWED = ("pdf", "docx", "doc", "odt", "xlsx", "ods", "jpeg", "png")


def check(files: Sequence[Any]) -> list[uploads.CheckedUpload]:
    """Every upload checked before anything is written; raises ValidationError naming the file."""
    return [uploads.check_upload(f, ALLOWED) for f in files]


@contextmanager
def kept(event_files: list[TaskFile]) -> Iterator[None]:
    """Wrap the transaction that keeps files: if it raises, the stored files are deleted again."""
    try:
        yield
    except BaseException:
        for item in event_files:
            item.file.storage.delete(item.file.name)
        raise


def keep(
    event: TaskEvent, checked: Sequence[uploads.CheckedUpload], now: dt.datetime, into: list[TaskFile]
) -> None:
    for upload in checked:
        upload.file.seek(0)
        data = bytes(upload.file.read())
        item = TaskFile(
            task=event.task,
            event=event,
            name=upload.name,
            content_type=upload.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_at=now,
        )
        item.file.save(upload.name, ContentFile(data), save=False)
        into.append(item)
        item.save()
