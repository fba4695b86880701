"""Exports of a report: xlsx (openpyxl, the format officials exchange), PDF (egov.core.pdf) and CSV/JSON
for the open data. All are built from one `report.Report`, so they show the figures of the page."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from egov.core.pdf import render
from egov.stats.report import COUNTER_VIEW, Report, Row

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "report.typ"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sections(r: Report) -> list[tuple[str, str, list[Row]]]:
    """Each table after the total: (its title, the heading of its first column, its rows), as the dashboard
    heads them."""
    if r.view:  # the counter's view (egov.stats.counter_report)
        return [
            (_("Per counter that received the dossiers"), _("Counter"), r.by_agency),
            (_("The same dossiers per agency that resolves them"), _("Agency that resolves"), r.by_resolver),
            (_("Per field"), _("Field"), r.by_field),
            (_("Per procedure (the busiest)"), _("Procedure"), r.by_procedure),
        ]
    return [
        (_("Per agency"), _("Agency"), r.by_agency),
        (_("Per field"), _("Field"), r.by_field),
        (_("Per procedure (the busiest)"), _("Procedure"), r.by_procedure),
    ]


def _tables(r: Report) -> list[tuple[str, str, list[Row]]]:
    # The total's one row names itself ("Tổng cộng"): its first column has no heading, as on the page.
    return [(_("Total"), "", [r.total]), *_sections(r)]


def _trend_heading(r: Report) -> str:
    # The previous period's label already says what it is ("cùng kỳ năm trước (…)"): the page's caption.
    return _("Against the %(p)s") % {"p": r.previous.label}


def _trend_headers(r: Report) -> list[str]:
    """The comparison's columns, as the page's trend table: the figure, this period, the same period a year
    earlier, the change."""
    return [_("Figure"), str(r.period.label), str(r.previous.label), _("Change (%)")]


def _number(value: int) -> str:
    """A count as the page writes it (`intcomma`: grouped in the active language, "1.234")."""
    return str(formats.number_format(value, use_l10n=True, force_grouping=True))


def _change(change: float | None) -> str:
    """A change in % as the page writes it (`floatformat:1` in the active language, "+1200,0"), signed; "—"
    when there was nothing a year earlier."""
    if change is None:
        return "—"
    text = str(floatformat(change, 1))
    return f"+{text}" if change > 0 else text


def filename(r: Report, ext: str) -> str:
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
    wrap = Alignment(wrap_text=True, vertical="top")
    labels = [str(label) for _n, label in r.columns]
    for title, first, rows in _tables(r):
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = bold
        sheet.append([first, *labels])
        for cell in sheet[sheet.max_row]:
            cell.font, cell.alignment = bold, wrap
        for row in rows:
            sheet.append([row.name, *[v for _n, v in row.cells()]])
        sheet.append([])
    sheet.append([_trend_heading(r)])
    sheet.cell(sheet.max_row, 1).font = bold
    sheet.append(_trend_headers(r))
    for cell in sheet[sheet.max_row]:
        cell.font, cell.alignment = bold, wrap
    for _name, label, now, before, change in r.trend():
        sheet.append([str(label), now, before, round(change, 1) if change is not None else "—"])
        sheet.cell(sheet.max_row, 4).number_format = "+0.0;-0.0;0.0"
    sheet.column_dimensions["A"].width = 48
    for column in range(2, len(labels) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(r: Report, names: bool = True) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(r, names), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename(r, "xlsx")}"'
    return response


def pdf_bytes(r: Report, chart_svg: str) -> bytes:
    data: dict[str, Any] = {
        "title": _("Dossier statistics"),
        "subtitle": f"{r.period.label} · {_counted(r)}",
        "made": _("Made at %(t)s; figures kept current with every move.")
        % {"t": timezone.localtime(r.made_at).strftime("%d/%m/%Y %H:%M") if r.made_at else ""},
        "headers": [str(label) for _n, label in r.columns],
        "trend_heading": _trend_heading(r),
        "trend_first": _trend_headers(r)[0],
        "trend_headers": _trend_headers(r)[1:],
        "trend": [
            {"name": str(label), "values": [_number(a), _number(b), _change(c)]}
            for _n, label, a, b, c in r.trend()
        ],
        "sections": [
            {
                "heading": title,
                "first": first,
                "rows": [{"name": row.name, "values": [_number(v) for _n, v in row.cells()]} for row in rows],
            }
            for title, first, rows in _tables(r)
        ],
    }
    return render(TEMPLATE, data, files={"chart": chart_svg})


def pdf_response(r: Report) -> HttpResponse:
    from egov.stats.views.common import timeliness_chart

    response = HttpResponse(pdf_bytes(r, timeliness_chart(r)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(r, "pdf")}"'
    return response


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
