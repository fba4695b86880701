"""The kinds of file egov accepts and the names it keeps for them: shared by the upload checks
(`egov.core.uploads`) and anything that offers or names a file type."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

MAX_NAME_BYTES = 200  # of UTF-8, below the 255 bytes of common file systems when a person saves the file
EXTENSION = re.compile(r"[^\W_]{1,10}")
MIME_TYPES = mimetypes.MimeTypes()  # built-in table only


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise  # what a person calls it, in a sentence
    extensions: tuple[str, ...]  # the first is the one added to a name that has none
    content_type: str


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind("pdf", "PDF", ("pdf",), "application/pdf"),
        Kind("jpeg", gettext_lazy("JPEG image"), ("jpg", "jpeg", "jpe", "jfif"), "image/jpeg"),
        Kind("png", gettext_lazy("PNG image"), ("png",), "image/png"),
        Kind(
            "docx",
            gettext_lazy("Word document (.docx)"),
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Kind(
            "xlsx",
            gettext_lazy("Excel workbook (.xlsx)"),
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Kind(
            "odt",
            gettext_lazy("OpenDocument text (.odt)"),
            ("odt",),
            "application/vnd.oasis.opendocument.text",
        ),
        Kind(
            "ods",
            gettext_lazy("OpenDocument spreadsheet (.ods)"),
            ("ods",),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        Kind("doc", gettext_lazy("Word 97-2003 document (.doc)"), ("doc",), "application/msword"),
        Kind("xls", gettext_lazy("Excel 97-2003 workbook (.xls)"), ("xls",), "application/vnd.ms-excel"),
    )
}
OUR_EXTENSIONS = frozenset(ext for kind in KINDS.values() for ext in kind.extensions)
#: What every dossier accepts: scans and photos of papers.
DEFAULT_ALLOWED = frozenset({"pdf", "jpeg", "png"})
#: The office formats a procedure may add to those.
OFFICE_KINDS = frozenset({"docx", "xlsx", "odt", "ods", "doc", "xls"})


def safe_name(raw: str | None, max_bytes: int = MAX_NAME_BYTES) -> str:
    """The last part of a path as a person may see it: Unicode NFC (Vietnamese letters kept), no control
    or invisible formatting characters (a right-to-left override can disguise ``fdp.exe`` as ``exe.pdf``),
    no characters Windows refuses, no leading dot, at most ``max_bytes`` of UTF-8 with the extension kept."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    kept = []
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(" " if char.isspace() else "")
        else:
            kept.append(char)
    name = re.sub(r'[<>:"|?*]', "_", "".join(kept))
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot or not EXTENSION.fullmatch(extension):
        stem, extension = name, ""
    stem = stem.rstrip(" .")
    suffix = "." + extension if extension else ""
    budget = max_bytes - len(suffix.encode())
    while len(stem.encode()) > budget:
        stem = stem[:-1]
    stem = stem.rstrip(" .") or "file"
    return unicodedata.normalize("NFC", stem + suffix)


def extension_of(name: str) -> str:
    """The extension of a name, lower case, or "" (a part after the last dot that has spaces or is too
    long is part of the name)."""
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem and EXTENSION.fullmatch(extension) else ""


def names_a_type(extension: str) -> bool:
    """Whether an extension names a kind of file. Python's own table, not the machine's /etc/mime.types,
    so every server decides alike; "Nguyen" in "Hồ sơ A.Nguyen" does not, and is kept as part of the name."""
    return bool(extension) and (
        extension in OUR_EXTENSIONS or MIME_TYPES.guess_type("x." + extension, strict=False)[0] is not None
    )
