"""Storing a document's files: checked by their content (egov.core.uploads), kept once with their checksum,
never overwritten, and removed from storage again if the transaction that records them rolls back. A PDF's
signatures are read by egov.core.signing against the deployment's trust roots, so the clerk sees who
signed an electronic original (Decree 30/2020 art. 21.2.a: check that it is authentic and whole)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import signing, uploads
from egov.documents import search_index
from egov.documents.models import Document, DocumentFile
from egov.organizations import certificates

ALLOWED = ("pdf", "docx", "doc", "odt", "jpeg", "png", "xlsx")


def signatures_of(data: bytes) -> str:
    """Who signed the PDF, one line per signature, with whether the signature checks out. pyHanko logs a
    chain it cannot build (an untrusted signer) as an error with its traceback: here that is an answer
    ("NOT valid"), not a fault, so its loggers are quieted while it runs."""
    lines = []
    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        reports = signing.validate_pdf(data, certificates.trust_roots())
    finally:
        quiet.setLevel(level)
    for i, report in enumerate(reports):
        # An earlier signature is followed by the later ones' revisions (the agency signs after the signer),
        # which the last signature covers: for it, intact, valid and trusted is what can be asked.
        earlier = i < len(reports) - 1 and report.intact and report.valid and report.trusted
        verdict = _("valid") if report.ok or earlier else _("NOT valid")
        when = f" {timezone.localtime(report.signed_at):%d/%m/%Y %H:%M}" if report.signed_at else ""
        lines.append(f"{report.signer}{when} — {verdict}")
    return "\n".join(lines)


def _read_signatures(data: bytes) -> str:
    return signatures_of(data) if signing.is_pdf(data) else ""


def signed_line(key: signing.SigningKey, moment: dt.datetime, earlier: str = "") -> str:
    """The line `signatures_of` writes for a signature egov has just made with `key`, after `earlier`."""
    verdict = _("signed in this system")
    line = f"{key.info.subject} {timezone.localtime(moment):%d/%m/%Y %H:%M} — {verdict}"
    return f"{earlier}\n{line}" if earlier else line


def keep(
    doc: Document,
    data: bytes,
    name: str,
    content_type: str,
    *,
    actor: Any,
    now: dt.datetime,
    role: str = DocumentFile.Role.MAIN,
    version: int = 1,
    signatures: str | None = None,
) -> DocumentFile:
    """Record bytes already checked (or produced by egov itself, such as a signed PDF) as a file. A file
    egov has just signed passes `signatures` (who signed: egov knows, and validating it again costs about a
    second per file; the download is validated by whoever receives it); a file that came from outside has
    its signatures validated here."""
    item = DocumentFile(
        document=doc,
        role=role,
        version=version,
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        signatures=signatures
        if signatures is not None
        else (signatures_of(data) if signing.is_pdf(data) else ""),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=now,
    )
    item.file.save(name, ContentFile(data), save=False)
    _saved.get([]).append(item.file.name)
    item.save()
    search_index.remember_text(data, item.sha256)
    return item


_saved: ContextVar[list[str]] = ContextVar("documents_saved_files")


@contextmanager
def removed_on_error() -> Iterator[None]:
    """Wrap a service's transaction: the files it stored are deleted again if it raises (rolls back)."""
    names: list[str] = []
    token = _saved.set(names)
    try:
        yield
    except BaseException:
        storage = DocumentFile.file.field.storage
        for name in names:
            storage.delete(name)
        raise
    finally:
        _saved.reset(token)


def check(upload: UploadedFile) -> uploads.CheckedUpload:
    """The upload checked by its content; raises ValidationError with the reason in the user's language."""
    return uploads.check_upload(upload, ALLOWED)


def read(upload: uploads.CheckedUpload) -> bytes:
    upload.file.seek(0)
    data = upload.file.read()
    upload.file.seek(0)
    return bytes(data)


def content(item: DocumentFile) -> bytes:
    with item.file.open("rb") as f:
        return bytes(f.read())
