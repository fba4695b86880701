"""The results of a search as a spreadsheet (xlsx, the format officials exchange) or CSV, in the order of
the page, with the fields a register shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from egov.documents.models import Document
from egov.documents.rules import rules_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [
        _("No."),
        _("Number and symbol"),
        _("Date of the document"),
        _("Document type"),
        _("Summary (trích yếu)"),
        _("Issuer"),
        _("Signer"),
        _("Direction"),
        _("Number in the register"),
        _("Urgency"),
        _("Status"),
        _("Agency"),
    ]


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula ("=…", "+…", "-…", "@…") is written as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def rows(documents: Iterable[Document]) -> list[list[str]]:
    today = timezone.localdate()
    out = []
    for i, doc in enumerate(documents, start=1):
        types = rules_for(doc.issued_on or today).types
        out.append(
            [
                str(i),
                doc.number_symbol,
                f"{doc.issued_on:%d/%m/%Y}" if doc.issued_on else "",
                types.get(doc.doc_type, doc.doc_type),
                doc.summary,
                doc.issuer_name,
                doc.signer_name,
                str(doc.get_direction_display()),
                str(doc.register_number or ""),
                str(doc.get_urgency_display()),
                str(doc.get_status_display()),
                doc.agency.name,
            ]
        )
    return [[_safe(v) for v in row] for row in out]


def _filename(ext: str) -> str:
    return f"tim-kiem-van-ban-{timezone.localtime():%Y%m%d-%H%M}.{ext}"


def xlsx_response(documents: Iterable[Document]) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Documents")[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(documents):
        sheet.append(row)
    for column, width in zip("ABCDEFGHIJKL", (5, 18, 12, 16, 60, 30, 22, 10, 10, 14, 18, 30), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


def csv_response(documents: Iterable[Document]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    writer.writerows(rows(documents))
    # The byte-order mark makes Excel read the file as UTF-8 (Vietnamese marks intact).
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response
