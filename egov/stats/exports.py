"""Exports of a report: xlsx (openpyxl, the format officials exchange), PDF (egov.core.pdf) and CSV/JSON
for the open data. All are built from one `report.Report`, so they show the figures of the page."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from egov.core.pdf import render
from egov.stats.report import COUNTER_VIEW, Report, Row

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "report.typ"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sections(r: Report) -> list[tuple[str, list[Row]]]:
    if r.view:  # the counter's view (egov.stats.counter_report)
        return [
            (_("Per counter that received the dossiers"), r.by_agency),
            (_("The same dossiers per agency that resolves them"), r.by_resolver),
            (_("Per field"), r.by_field),
            (_("Per procedure (the busiest)"), r.by_procedure),
        ]
    return [
        (_("Per agency"), r.by_agency),
        (_("Per field"), r.by_field),
        (_("Per procedure (the busiest)"), r.by_procedure),
    ]


def _filename(r: Report, ext: str) -> str:
    view = "-mot-cua" if r.view == COUNTER_VIEW else ""
    return f"thong-ke{view}-{r.period.start:%Y%m%d}-{r.period.end:%Y%m%d}.{ext}"


def _counted(r: Report) -> str:
    """Which way the file counts (the counter's view's totals look like the default's otherwise)."""
    if r.view == COUNTER_VIEW:
        how = _("for the one-stop counter that received it")
    else:
        how = _("for the agency that resolves it")
    # Outside the f-string: xgettext does not read calls inside one.
    counted = _("Count each dossier")
    return f"{counted}: {how}"


def xlsx_bytes(r: Report, names: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = pgettext("sheet", "Summary")[:31]
    bold = Font(bold=True)
    sheet.append([_("Dossier statistics"), str(r.period.label)])
    sheet.append([_counted(r)])
    sheet.append(
        [_("Made at"), timezone.localtime(r.made_at).strftime("%d/%m/%Y %H:%M") if r.made_at else ""]
    )
    sheet.append([])
    header = [_("Name"), *[str(label) for _n, label in r.columns]]
    for title, rows in [(_("Total"), [r.total]), *_sections(r)]:
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = bold
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in rows:
            sheet.append([row.name, *[v for _n, v in row.cells()]])
        sheet.append([])
    sheet.append([_("Same period last year"), str(r.previous.label)])
    for _name, label, now, before, change in r.trend():
        sheet.append([str(label), now, before, round(change, 1) if change is not None else ""])
    sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(r: Report, names: bool = True) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(r, names), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(r, "xlsx")}"'
    return response


def pdf_bytes(r: Report, chart_svg: str) -> bytes:
    headers = [str(label) for _n, label in r.columns]
    data: dict[str, Any] = {
        "title": _("Dossier statistics"),
        "subtitle": f"{r.period.label} · {_counted(r)}",
        "made": _("Made at %(t)s; figures kept current with every move.")
        % {"t": timezone.localtime(r.made_at).strftime("%d/%m/%Y %H:%M") if r.made_at else ""},
        "name_heading": _("Name"),
        "headers": headers,
        "trend_heading": _("Against the same period last year (%(p)s)") % {"p": r.previous.label},
        "trend_headers": [str(r.period.label), str(r.previous.label), _("Change (%)")],
        "trend": [
            {"name": str(label), "values": [a, b, f"{c:+.1f}" if c is not None else "—"]}
            for _n, label, a, b, c in r.trend()
        ],
        "sections": [
            {
                "heading": title,
                "rows": [{"name": row.name, "values": [v for _n, v in row.cells()]} for row in rows],
            }
            for title, rows in [(_("Total"), [r.total]), *_sections(r)]
        ],
    }
    return render(TEMPLATE, data, files={"chart": chart_svg})


def pdf_response(r: Report) -> HttpResponse:
    from egov.stats.views.common import timeliness_chart

    response = HttpResponse(pdf_bytes(r, timeliness_chart(r)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(r, "pdf")}"'
    return response


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
