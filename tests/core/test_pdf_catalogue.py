"""Every PDF egov.core.pdf makes opens in poppler's tools without a complaint (receipt slips, forms, signed
results, statistics): Typst's `/Suspects false` made pdfinfo and pdftoppm print a syntax error."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from egov.core.pdf import render


def test_a_rendered_pdf_has_no_false_suspects_and_stays_readable(tmp_path):
    template = tmp_path / "t.typ"
    template.write_text('#set document(title: "Thử")\n= Phiếu tiếp nhận\nXin chào.\n', encoding="utf-8")
    pdf = render(template, {})
    assert b"/Suspects false" not in pdf

    assert "Phiếu tiếp nhận" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert done.stderr == b""
