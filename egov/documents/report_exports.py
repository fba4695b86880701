"""The e-office report as xlsx (openpyxl) and PDF (egov.core.pdf, pdf/reports.typ): one sheet or one
table per section, built from the same `views.reports.Sections` the page shows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from egov.core.pdf import render

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "reports.typ"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value: Any) -> Any:
    return float(value) if hasattr(value, "quantize") else value


def xlsx_bytes(title: str, subtitle: str, sections: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    bold = Font(bold=True)
    for section in sections:
        sheet = book.create_sheet(section["sheet"][:31])
        sheet.append([title, subtitle])
        sheet.append([section["heading"]])
        sheet.cell(sheet.max_row, 1).font = bold
        sheet.append(section["headers"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in section["rows"]:
            sheet.append([_plain(v) for v in row])
        sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_bytes(title: str, subtitle: str, sections: list[dict[str, Any]], made: str) -> bytes:
    data = {
        "title": title,
        "subtitle": subtitle,
        "made": made,
        "sections": [
            {
                "heading": s["heading"],
                "headers": s["headers"],
                "rows": [[str(v) for v in row] for row in s["rows"]],
                "note": s.get("note", ""),
            }
            for s in sections
        ],
        "empty": _("Nothing in this period."),
    }
    return render(TEMPLATE, data)
