"""The printable blank form goes through egov.core.pdf: labels an administrator typed print literally."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pypdf

from egov.procedures import printable

HOSTILE = '#eval("1 + 1") ] *x* [ #{ panic() } $y$'


def text(document: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(document))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_labels_with_typst_markup_and_code_print_literally():
    schema = {
        "fields": [
            {"name": "a", "label": "Họ tên " + HOSTILE, "type": "text", "required": True},
            {"name": "b", "label": "Giới tính", "type": "choice", "choices": [["m", "Nam " + HOSTILE]]},
            {"name": "c", "label": "Ngày sinh " + HOSTILE, "type": "date"},
            {
                "name": "g",
                "label": "Thành viên " + HOSTILE,
                "type": "group",
                "max": 5,
                "fields": [{"name": "x", "label": "Cột " + HOSTILE, "type": "text"}],
            },
        ]
    }
    procedure = SimpleNamespace(name="Thủ tục " + HOSTILE, code="1.0001]*", pk=1)
    version = SimpleNamespace(version=3, schema=schema)
    printed = text(printable.blank_form_pdf(procedure, version))  # type: ignore[arg-type]
    for expected in ("Thủ tục", "Họ tên", "Nam", "Ngày sinh", "Thành viên"):
        assert f"{expected} {HOSTILE}" in printed, expected
    assert "1.0001]*" in printed
    assert "Cột #eval" in printed  # the table header, possibly wrapped inside its cell
