"""The text poppler reads from a PDF: what a reader's viewer shows, diacritics and all.

`make test` installs poppler-utils (scripts/ensure-test-tools.sh) where it may; elsewhere the tests that read
a PDF's text are skipped with the reason, never failed for a missing program."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def pdf_text(pdf: bytes, *options: str) -> str:
    """`pdftotext OPTIONS - -` on `pdf`, decoded."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()
