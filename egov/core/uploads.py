"""Checks on uploaded files: the type is read from the content, never from the name or the browser.

    checked = check_upload(upload, allowed=DEFAULT_ALLOWED)   # one file; raises ValidationError
    checked = check_uploads(files, allowed)                   # a batch: every refusal at once, and a total
    forms.FileField(validators=[UploadValidator(allowed)])    # the same check in a Django form

A file is accepted when its content is one of the ``allowed`` kinds (``KINDS``) and its name's extension, if
it has one, belongs to that kind. Programs and scripts (Windows PE, ELF, Mach-O, ``#!`` scripts), web pages
and SVG images, and Office files that carry macros or programs are refused whatever the allowed kinds are.
Every refusal is a ``ValidationError`` whose message, in the active language, names the file.

The formats we accept are recognised here by their structure, explicitly: a magic number for PDF, PNG and
JPEG, the entries of the ZIP container for DOCX/XLSX/ODT/ODS, the streams of the OLE2 container (through
olefile) for DOC/XLS. puremagic only names what anything else looks like, for the refusal message.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

import olefile
import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from egov.core.filenames import (
    DEFAULT_ALLOWED,
    KINDS,
    MAX_NAME_BYTES,
    OFFICE_KINDS,
    OUR_EXTENSIONS,
    Kind,
    extension_of,
    names_a_type,
    safe_name,
)

__all__ = [
    "DEFAULT_ALLOWED",
    "KINDS",
    "MAX_NAME_BYTES",
    "OFFICE_KINDS",
    "CheckedUpload",
    "Kind",
    "UploadValidator",
    "accept_attribute",
    "check_upload",
    "check_uploads",
    "extension_of",
    "safe_name",
]

MB = 1024 * 1024
HEAD_BYTES = 8192
MAX_ZIP_ENTRIES = 10_000


# Refused by name alone, before the content is read: what a desktop runs or a browser renders when opened.
PROGRAM_EXTENSIONS = frozenset(
    (  # noqa: SIM905 -- a list of words reads better than fifty quoted strings
        "exe dll com scr pif cpl msi msp msc bat cmd ps1 psm1 vbs vbe js jse wsf wsh hta jar lnk reg inf "
        "sh bash zsh csh ksh py pyw pl rb php phtml jsp asp aspx cgi app dmg pkg deb rpm apk appimage run "
        "elf so dylib"
    ).split()
)
MARKUP_EXTENSIONS = frozenset("html htm xhtml shtml svg svgz mht mhtml xml xsl".split())  # noqa: SIM905
_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE and DOS
    b"\x7fELF",  # Linux and most Unixes
    b"\xfe\xed\xfa\xce",  # Mach-O, 32 and 64 bit, both byte orders, and universal binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # a script for an interpreter
)
# Markup a browser would run: anywhere in the head of a file that is no accepted kind, or in the first
# kilobyte of a PDF or an image (a polyglot that a browser sniffing the content would render as a page).
_MARKUP = re.compile(
    rb"<\s*(script|html|!doctype\s+html|svg|iframe|object|embed)\b|javascript:", re.IGNORECASE
)
_MACRO_PARTS = frozenset({"vbaproject.bin", "vbadata.xml"})  # OOXML's VBA project
_ODF_MACRO_FOLDERS = ("basic/", "scripts/")  # ODF's Basic libraries and other script languages
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_KINDS = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks. ``file`` is rewound to its start, ready to be stored."""

    file: File
    name: str  # safe to show and to store as the original name
    kind: str  # a key of KINDS
    content_type: str
    size: int


class _Refusal(Exception):
    def __init__(self, message: str, code: str) -> None:
        self.message, self.code = message, code


def accept_attribute(allowed: Iterable[str]) -> str:
    """The ``accept`` attribute of a file input for these kinds, so the browser's picker offers them first."""
    return ",".join("." + ext for code in sorted(allowed) for ext in KINDS[code].extensions)


def _labels(allowed: Iterable[str]) -> str:
    return ", ".join(code.upper() for code in KINDS if code in allowed)


def _megabytes(size: int) -> str:
    """In the active language's number format: "20" for a limit, "20,5" in Vietnamese for a size."""
    return number_format(size / MB, 0 if size % MB == 0 else 1)


def check_upload(
    upload: File, allowed: Iterable[str] = DEFAULT_ALLOWED, max_bytes: int | None = None
) -> CheckedUpload:
    """Detect the type of ``upload`` from its content and accept it only if it is one of ``allowed``
    (codes of ``KINDS``) and its name agrees. ``max_bytes`` defaults to ``EGOV_UPLOAD_MAX_MB``.
    Raises ``ValidationError`` with a message naming the file; the file is left rewound either way."""
    allowed = frozenset(allowed)
    unknown = allowed - KINDS.keys()
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
    name = safe_name(upload.name)
    if max_bytes is None:
        max_bytes = settings.EGOV_UPLOAD_MAX_MB * MB
    try:
        kind = _check(upload, name, allowed, max_bytes)
    except _Refusal as refusal:
        raise ValidationError(refusal.message, code=refusal.code) from None
    finally:
        upload.seek(0)
    if extension_of(name) not in kind.extensions:
        name = safe_name(f"{name}.{kind.extensions[0]}")
    return CheckedUpload(
        file=upload, name=name, kind=kind.code, content_type=kind.content_type, size=upload.size
    )


def check_uploads(
    files: Iterable[File],
    allowed: Iterable[str] = DEFAULT_ALLOWED,
    max_bytes: int | None = None,
    max_total_bytes: int | None = None,
) -> list[CheckedUpload]:
    """``check_upload`` for each file of one submission, then their total against ``max_total_bytes``
    (default ``EGOV_UPLOAD_BATCH_MAX_MB``). Raises one ``ValidationError`` listing every refusal."""
    allowed = frozenset(allowed)
    limit = settings.EGOV_UPLOAD_BATCH_MAX_MB * MB if max_total_bytes is None else max_total_bytes
    checked: list[CheckedUpload] = []
    errors: list[ValidationError] = []
    total = 0
    for upload in files:
        total += upload.size or 0
        try:
            checked.append(check_upload(upload, allowed, max_bytes))
        except ValidationError as error:
            errors.append(error)
    if total > limit:
        errors.append(
            ValidationError(
                _("These files add up to %(size)s MB; one submission may carry at most %(limit)s MB.")
                % {"size": _megabytes(total), "limit": _megabytes(limit)},
                code="upload_batch_too_large",
            )
        )
    if errors:
        raise ValidationError(errors)
    return checked


@deconstructible
class UploadValidator:
    """``check_upload`` as a validator of a Django form's ``FileField``."""

    def __init__(self, allowed: Iterable[str] = DEFAULT_ALLOWED) -> None:
        self.allowed = frozenset(allowed)
        unknown = self.allowed - KINDS.keys()
        if unknown:
            raise ValueError(f"unknown upload kinds: {sorted(unknown)}")

    def __call__(self, value: File) -> None:
        check_upload(value, self.allowed)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and other.allowed == self.allowed

    def __hash__(self) -> int:
        return hash(self.allowed)


# -- the checks --------------------------------------------------------------------------------------------


def _check(upload: File, name: str, allowed: frozenset[str], max_bytes: int) -> Kind:
    params: dict[str, Any] = {"name": name}
    extension = extension_of(name)
    if extension in PROGRAM_EXTENSIONS:
        raise _program(name)
    if extension in MARKUP_EXTENSIONS:
        raise _markup(name)
    size = upload.size or 0
    if size == 0:
        raise _Refusal(_("“%(name)s” is empty.") % params, "upload_empty")
    if size > max_bytes:
        raise _Refusal(
            _("“%(name)s” is %(size)s MB; a file may be at most %(limit)s MB.")
            % {**params, "size": _megabytes(size), "limit": _megabytes(max_bytes)},
            "upload_too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(_EXECUTABLE_MAGIC):
        raise _program(name)
    kind = _detect(upload, name, head)
    if kind is None:
        if _MARKUP.search(head):
            raise _markup(name)
        # A container's first bytes say nothing of what is inside (puremagic would call any OLE2 file a
        # .doc or worse), so only other files are named.
        looks_like = "" if head.startswith((b"PK\x03\x04", _OLE2_MAGIC)) else _looks_like(head)
        if looks_like:
            raise _Refusal(
                _("“%(name)s” looks like a .%(found)s file, which is not accepted; accepted: %(allowed)s.")
                % {**params, "found": looks_like, "allowed": _labels(allowed)},
                "upload_not_allowed",
            )
        raise _Refusal(
            _("The content of “%(name)s” is none of the accepted kinds (%(allowed)s).")
            % {**params, "allowed": _labels(allowed)},
            "upload_unknown",
        )
    if kind.code in ("pdf", "png", "jpeg") and _MARKUP.search(head[:1024]):
        raise _markup(name)
    if names_a_type(extension) and extension not in kind.extensions:
        raise _Refusal(
            _(
                "“%(name)s” ends in .%(extension)s but its content is: %(kind)s. "
                "Rename it or send the right file."
            )
            % {**params, "extension": extension, "kind": kind.label},
            "upload_mismatch",
        )
    if kind.code not in allowed:
        raise _Refusal(
            _("“%(name)s” is of a kind not accepted here (%(kind)s); accepted: %(allowed)s.")
            % {**params, "kind": kind.label, "allowed": _labels(allowed)},
            "upload_not_allowed",
        )
    return kind


def _program(name: str, entry: str = "") -> _Refusal:
    if entry:
        return _Refusal(
            _("“%(name)s” contains a program or a script (%(entry)s); such files are never accepted.")
            % {"name": name, "entry": safe_name(entry)},
            "upload_program",
        )
    return _Refusal(
        _("“%(name)s” is a program or a script; such files are never accepted.") % {"name": name},
        "upload_program",
    )


def _markup(name: str) -> _Refusal:
    return _Refusal(
        _("“%(name)s” is a web page or an image that can run scripts; such files are never accepted.")
        % {"name": name},
        "upload_markup",
    )


def _macros(name: str) -> _Refusal:
    return _Refusal(
        _(
            "“%(name)s” contains macros; save it without macros (as .docx, .xlsx, .odt or .ods) "
            "and send it again."
        )
        % {"name": name},
        "upload_macros",
    )


def _damaged(name: str) -> _Refusal:
    return _Refusal(
        _("“%(name)s” is damaged or protected by a password, so it cannot be read.") % {"name": name},
        "upload_damaged",
    )


def _detect(upload: File, name: str, head: bytes) -> Kind | None:
    if head.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload, name)
    if head.startswith(_OLE2_MAGIC):
        return _ole_kind(upload, name)
    return None


def _zip_kind(upload: File, name: str) -> Kind | None:
    """DOCX/XLSX (``[Content_Types].xml`` with ``word/`` or ``xl/``) and ODT/ODS (the ``mimetype`` entry).
    Refuses a container with macros or with a program inside, whatever it is otherwise."""
    try:
        with zipfile.ZipFile(_raw(upload)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise _damaged(name)
            for entry in entries:
                path = entry.filename.lower()
                if path.rsplit("/", 1)[-1] in _MACRO_PARTS or path.startswith(_ODF_MACRO_FOLDERS):
                    raise _macros(name)
                if extension_of(path.rsplit("/", 1)[-1]) in PROGRAM_EXTENSIONS:
                    raise _program(name, entry.filename)
                if not entry.is_dir() and entry.file_size:
                    # Only the first bytes are inflated: a compressed bomb is never expanded.
                    with archive.open(entry) as member:
                        if member.read(4).startswith(_EXECUTABLE_MAGIC):
                            raise _program(name, entry.filename)
            paths = {entry.filename for entry in entries}
            if "mimetype" in paths:
                with archive.open("mimetype") as member:
                    code = _ODF_KINDS.get(member.read(100).strip())
                return KINDS[code] if code else None
            if "[Content_Types].xml" in paths:
                with archive.open("[Content_Types].xml") as member:
                    if b"macroenabled" in member.read(1 << 20).lower():
                        raise _macros(name)
                if any(path.startswith("word/") for path in paths):
                    return KINDS["docx"]
                if any(path.startswith("xl/") for path in paths):
                    return KINDS["xlsx"]
            return None
    except _Refusal:
        raise
    except Exception:
        # BadZipFile, RuntimeError for an entry with a password, NotImplementedError for an unknown
        # compression, zlib.error and others on crafted input: any is a file we cannot read.
        raise _damaged(name) from None


def _ole_kind(upload: File, name: str) -> Kind | None:
    """DOC (a ``WordDocument`` stream) and XLS (``Workbook`` or ``Book``), without macro storages."""
    try:
        with olefile.OleFileIO(_raw(upload)) as ole:
            if ole.exists("EncryptedPackage"):  # an encrypted .docx/.xlsx is an OLE2 wrapper
                raise _damaged(name)
            if ole.exists("Macros") or ole.exists("_VBA_PROJECT_CUR"):
                raise _macros(name)
            if ole.exists("WordDocument"):
                return KINDS["doc"]
            if ole.exists("Workbook") or ole.exists("Book"):
                return KINDS["xls"]
            return None
    except _Refusal:
        raise
    except Exception:  # olefile raises OSError and others on crafted input; any is a file we cannot read
        raise _damaged(name) from None


def _raw(upload: File) -> IO[bytes]:
    upload.seek(0)
    return upload.file if upload.file is not None else upload


def _looks_like(head: bytes) -> str:
    """What puremagic thinks the head is (an extension such as ``gif``), or "" when it does not know or
    names one of our kinds, which our own checks above have already ruled out."""
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return ""
    for match in matches:
        extension = match.extension.lstrip(".").lower()
        if extension and extension not in OUR_EXTENSIONS and extension.isalnum():
            return extension
    return ""
