"""PDFs with a text layer for the search tests (typst, through egov.core.pdf), and a search shortcut."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core import pdf as core_pdf
from egov.documents import search

TEMPLATE = "#let data = json(bytes(sys.inputs.data))\n#data.text\n"


def text_pdf(tmp_path: Path, text: str, name: str = "van-ban.pdf") -> SimpleUploadedFile:
    template = tmp_path / "text.typ"
    template.write_text(TEMPLATE)
    data = core_pdf.render(template, {"text": text})
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def ids(user: Any, **criteria: Any) -> list[int]:
    return [d.pk for d in search.search(user, search.Criteria(**criteria), limit=100).documents]
