"""Open data: the public statistics as JSON or CSV (`format=csv`), with the licence and the moment of the
last update; the same figures as `/thong-ke/` (one `report.Report`). No login."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from egov.stats import exports
from egov.stats.report import COLUMNS, Report
from egov.stats.views.common import choose
from egov.stats.views.public import public_agencies

router = Router(tags=["statistics"])
#: The UTF-8 byte order mark that starts the CSV: Excel reads a CSV without it in the Windows code page.
BOM = "\ufeff"


class FigureQuery(Schema):
    period: str = "month"
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    start: str | None = None
    end: str | None = None
    agency: int | None = None
    field: int | None = None
    procedure: int | None = None
    format: str = "json"


class Figures(Schema):
    licence: str
    licence_url: str
    last_update: str | None
    period: str
    start: str
    end: str
    columns: list[str]
    rows: list[dict[str, Any]]


def _rows(r: Report) -> list[dict[str, Any]]:
    out = []
    for kind, rows in (("total", [r.total]), ("agency", r.by_agency), ("field", r.by_field)):
        for row in rows:
            out.append({"kind": kind, "id": row.key, "name": row.name, **dict(row.cells())})
    return out


@router.get("/stats/figures", response=Figures, url_name="stats_figures", auth=None)
def figures(request: HttpRequest, q: Query[FigureQuery]) -> Any:
    """Dossiers received, finished (early, on time, late), refused, withdrawn, overdue now and waiting for the
    applicant, for the whole province, per agency and per field, in a period (month, quarter, half, nine,
    year, custom with start and end).

    JSON in UTF-8 (Vietnamese names as they are written, not \\u escapes). With `format=csv`: the same rows as
    CSV, one per agency or field, with the field names of the JSON (`kind`, `id`, `name`, then `columns`) as
    its header, in UTF-8 with a byte order mark (so that Excel reads the Vietnamese; read it as `utf-8-sig`),
    named `thong-ke-<start>-<end>.csv` like the page's xlsx, which has the Vietnamese column labels."""
    chosen = choose(request, public_agencies(), kept=True)
    r = chosen.report
    last = chosen.last_update
    rows = chosen.memo("rows", lambda: _rows(r))
    if q.format == "csv":
        response = HttpResponse(BOM + exports.csv_text(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(r, "csv")}"'
        response["X-Licence"] = settings.EGOV_STATS_OPEN_DATA_LICENCE
        response["Last-Modified-Moment"] = timezone.localtime(last).isoformat() if last else ""
        return response
    answer = Figures(
        licence=settings.EGOV_STATS_OPEN_DATA_LICENCE,
        licence_url=settings.EGOV_STATS_OPEN_DATA_LICENCE_URL,
        last_update=timezone.localtime(last).isoformat() if last else None,
        period=str(r.period.label),
        start=r.period.start.isoformat(),
        end=r.period.end.isoformat(),
        columns=[name for name, _label in COLUMNS],
        rows=rows,
    )
    # Written here rather than by the API's renderer, which escapes every letter outside ASCII ("T\u1ed5ng").
    return HttpResponse(
        json.dumps(answer.model_dump(), cls=NinjaJSONEncoder, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
