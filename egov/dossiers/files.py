"""Files received with a dossier: checked, hashed and stored before the database transaction, recorded in
it, and removed from storage again if it rolls back, so a refused move never leaves a file behind.

`check_upload` is the one place every upload is checked before it is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from egov.core.audit import Actor
from egov.dossiers.models import Attachment, Dossier, DossierEvent, attachment_path
from egov.dossiers.steps import user_of


@dataclass(frozen=True)
class StoredFile:
    """An upload already in storage, not yet recorded."""

    name: str
    path: str
    size: int
    sha256: str
    content_type: str


def _storage() -> Storage:
    return Attachment._meta.get_field("file").storage


def check_upload(upload: UploadedFile) -> None:
    """Refuse an upload that may not be kept, with a Vietnamese message under the form's "files".

    Content-type detection (egov.core.uploads) plugs in here; today an empty file is refused."""
    if not upload.size:
        raise ValidationError({"files": _("%(name)s is empty.") % {"name": upload.name or "?"}}, code="empty")


def store(uploads: Sequence[UploadedFile], now: dt.datetime) -> list[StoredFile]:
    """Check, hash and save each upload; on any failure remove what was saved and re-raise."""
    stored: list[StoredFile] = []
    try:
        for upload in uploads:
            check_upload(upload)
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            name = (upload.name or "file").rsplit("/", 1)[-1][:255]
            path = _storage().save(attachment_path(now, name), upload)
            stored.append(
                StoredFile(
                    name=name,
                    path=path,
                    size=upload.size or 0,
                    sha256=digest.hexdigest(),
                    content_type=getattr(upload, "content_type", "") or mimetypes.guess_type(name)[0] or "",
                )
            )
    except BaseException:
        discard(stored)
        raise
    return stored


def discard(stored: Sequence[StoredFile]) -> None:
    for item in stored:
        _storage().delete(item.path)


@contextmanager
def kept_only_if_committed(stored: Sequence[StoredFile]) -> Iterator[None]:
    """Wrap the transaction that records `stored`: if it raises (rolls back), the files go too."""
    try:
        yield
    except BaseException:
        discard(stored)
        raise


def attach(
    d: Dossier,
    event: DossierEvent,
    stored: Sequence[StoredFile],
    *,
    kind: str,
    actor: Actor | None,
    now: dt.datetime,
) -> list[Attachment]:
    """Record stored files on the dossier, under the history row of the move that brought them."""
    rows = []
    for item in stored:
        attachment = Attachment(
            dossier=d,
            event=event,
            kind=kind,
            name=item.name,
            size=item.size,
            sha256=item.sha256,
            content_type=item.content_type,
            uploaded_by=user_of(actor),
            uploaded_at=now,
        )
        attachment.file.name = item.path
        attachment.save()
        rows.append(attachment)
    return rows


def verify_attachment(attachment: Attachment) -> bool:
    """Whether the stored file still has the checksum recorded when it was received."""
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest() == attachment.sha256
