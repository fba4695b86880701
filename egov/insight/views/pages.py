"""The indicator pages: Decision 766 per agency and period, IT application across agencies and years."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from egov.accounts.http import AuthedRequest
from egov.insight import charts, exports, permissions, selectors
from egov.insight.definitions import Indicator, load
from egov.insight.periods import KINDS, parse


def _agency(request: AuthedRequest) -> Any:
    agencies = selectors.agencies_for(request.user)
    if not permissions.may_read(request.user) or not agencies.exists():
        raise PermissionDenied
    wanted = request.GET.get("agency", "")
    chosen = agencies.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    return chosen or agencies.first(), agencies


@login_required
@require_GET
def indicators(request: AuthedRequest) -> HttpResponse:
    agency, agencies = _agency(request)
    today = timezone.localdate()
    default = selectors.default_period(agency, today)
    asked = (request.GET.get("kind"), request.GET.get("year"), request.GET.get("number"))
    period = parse(*asked, today, default)
    rows = selectors.decision_766(agency, period)
    fmt = request.GET.get("format", "")
    name = f"chi-so-766-{agency.pk}-{period.first_day:%Y%m}-{period.kind}"
    if fmt == "xlsx":
        return _download(
            exports.indicators_xlsx(agency, period, rows),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "pdf":
        return _download(exports.indicators_pdf(agency, period, rows), f"{name}.pdf", "application/pdf")
    shares = [r for r in rows if r.indicator.unit == "%"]
    chart = charts.bars(
        _("Indicators in per cent"),
        [_chart_label(r.indicator) for r in shares],
        [(str(period), [r.value for r in shares])],
        maximum=100,
    )
    return render(
        request,
        "insight/indicators.html",
        {
            "agency": agency,
            "agencies": agencies,
            "period": period,
            "kinds": KINDS.items(),
            "years": range(today.year - 4, today.year + 1),
            "rows": rows,
            "chart": chart,
            "set": load("decision_766"),
            "may_enter": permissions.may_enter(request.user, agency),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def it_application(request: AuthedRequest) -> HttpResponse:
    agency, agencies = _agency(request)
    today = timezone.localdate()
    years = [today.year - 2, today.year - 1, today.year]
    # The chosen agency and the agencies directly below it, so sister units sit side by side.
    compared = [agency, *agencies.filter(parent=agency)[:20]]
    table = selectors.it_table(compared, years)
    if request.GET.get("format") == "xlsx":
        return _download(
            exports.it_xlsx(years, table),
            f"ung-dung-cntt-{agency.pk}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    charts_by_indicator = [
        charts.bars(
            indicator.label,
            [a.short_name or a.name for a, _ in per_agency],
            [(str(y), [values[i] for _, values in per_agency]) for i, y in enumerate(years)],
            maximum=100 if indicator.unit == "%" else None,
        )
        for indicator, per_agency in table
    ]
    return render(
        request,
        "insight/it.html",
        {
            "agency": agency,
            "agencies": agencies,
            "years": years,
            "table": list(zip(table, charts_by_indicator, strict=True)),
            "set": load("it_application"),
            "may_enter": permissions.may_enter(request.user, agency),
        },
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chart_label(indicator: Indicator) -> str:
    """The chart's label of an indicator: its code, and for a share where less is better, that it is."""
    if indicator.lower_is_better:
        return _("%(code)s (lower is better)") % {"code": indicator.code}
    return indicator.code
