"""Files received with a dossier: checked, hashed and stored before the database transaction, recorded in
it, and removed from storage again if it rolls back, so a refused move never leaves a file behind.

`check_uploads` is the one place every upload is checked before it is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile

from egov.core import statements, uploads
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
    #: The checklist line (procedures.RequiredDocument) the file answers, when known.
    requirement_id: int | None = None
    #: The certificate a result was signed with (egov.dossiers.result_signing); empty: not signed.
    signed_by: str = ""


def storage() -> Storage:
    """Where dossiers' files are kept."""
    return Attachment._meta.get_field("file").storage


#: What a dossier may carry: scans and photos of papers, and the office formats of working documents
#: and drafts. The catalogue does not yet say per procedure which office formats it takes.
DOSSIER_KINDS = uploads.DEFAULT_ALLOWED | uploads.OFFICE_KINDS


def check_uploads(
    files: Sequence[UploadedFile], max_bytes: int | None = None, max_total_bytes: int | None = None
) -> list[uploads.CheckedUpload]:
    """Refuse, with Vietnamese messages under the form's "files", any upload that may not be kept: its type
    is read from its content (egov.core.uploads), so programs, web pages, macros and a name that lies about
    the content never reach storage. The limits default to EGOV_UPLOAD_MAX_MB and EGOV_UPLOAD_BATCH_MAX_MB."""
    try:
        return uploads.check_uploads(files, DOSSIER_KINDS, max_bytes, max_total_bytes)
    except ValidationError as error:
        raise ValidationError({"files": error.messages}, code="upload") from None


def store(
    files: Sequence[UploadedFile],
    now: dt.datetime,
    max_bytes: int | None = None,
    max_total_bytes: int | None = None,
) -> list[StoredFile]:
    """Check, hash and save each upload; on any failure remove what was saved and re-raise."""
    checked = check_uploads(files, max_bytes, max_total_bytes)
    stored: list[StoredFile] = []
    try:
        for upload in checked:
            digest = hashlib.sha256()
            for chunk in upload.file.chunks():
                digest.update(chunk)
            upload.file.seek(0)
            path = storage().save(attachment_path(now, upload.name), upload.file)
            stored.append(
                StoredFile(
                    name=upload.name,
                    path=path,
                    size=upload.size,
                    sha256=digest.hexdigest(),
                    content_type=upload.content_type,
                )
            )
    except BaseException:
        discard(stored)
        raise
    return stored


def discard(stored: Sequence[StoredFile]) -> None:
    for item in stored:
        storage().delete(item.path)


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
    document_code: str = "",
) -> list[Attachment]:
    """Record stored files on the dossier, under the history row of the move that brought them (an
    electronic result with its document code): new rows only, in one INSERT, returned in order with their
    keys."""
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
            document_code=document_code,
            signed_by=item.signed_by,
        )
        attachment.file.name = item.path
        rows.append(attachment)
    # As bulk_create, this does not call Attachment.save, whose guard refuses a row that already has a key
    # (an attachment is never overwritten). It keeps that guarantee by itself: it only INSERTs, and these rows
    # are made just above without a key, so no stored row can be written over. One statement built once
    # per process and number of files (egov.core.statements).
    statements.insert_all(rows)
    return rows


def verify_attachment(attachment: Attachment) -> bool:
    """Whether the stored file still has the checksum recorded when it was received."""
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest() == attachment.sha256
