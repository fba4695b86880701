"""The indicator tables as xlsx (openpyxl) and PDF (egov.core.pdf)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from egov.core.pdf import render
from egov.insight.selectors import Row

TEMPLATE = Path(__file__).resolve().parent / "pdf" / "indicators.typ"


def _cell(v: Decimal | None) -> float | str:
    return float(v) if v is not None else ""


def indicators_xlsx(agency: Any, period: Any, rows: list[Row]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "766"
    sheet.append([_("Agency"), agency.name])
    sheet.append([_("Period"), str(period)])
    sheet.append([])
    sheet.append(
        [
            _("Code"),
            _("Group"),
            _("Indicator"),
            _("Value"),
            _("Numerator"),
            _("Denominator"),
            _("Formula"),
            _("Source"),
        ]
    )
    for r in rows:
        sheet.append(
            [
                r.indicator.code,
                r.indicator.group,
                r.indicator.label,
                _cell(r.value),
                r.numerator,
                r.denominator,
                r.indicator.formula,
                r.indicator.source,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def it_xlsx(years: list[int], table: list[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "CNTT"
    sheet.append([_("Indicator"), _("Agency"), *years])
    for indicator, per_agency in table:
        for agency, values in per_agency:
            sheet.append([indicator.label, agency.name, *[_cell(v) for v in values]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def indicators_pdf(agency: Any, period: Any, rows: list[Row]) -> bytes:
    data = {
        "title": _("Service indicators (Decision 766/QĐ-TTg)"),
        "agency": agency.name,
        "period": str(period),
        "headings": [_("Code"), _("Indicator"), _("Value"), _("Counted")],
        "rows": [
            [
                r.indicator.code,
                r.indicator.label,
                "–" if r.value is None else f"{number_format(r.value, 1)}{r.indicator.unit}",
                f"{r.numerator}/{r.denominator}" if r.denominator is not None else _("entered"),
            ]
            for r in rows
        ],
    }
    return render(TEMPLATE, data)
