"""The public statistics page `/thong-ke/` (no login): the figures the leaders see, per agency and commune,
without any officer's name and without links to dossiers; and its Excel export. The open data API is
egov.stats.api."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from egov.organizations.models import Agency
from egov.stats import exports, selectors
from egov.stats.views.common import choose, headers, table, timeliness_chart


def public_agencies() -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).order_by("path"))


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    chosen = choose(request, public_agencies())
    r = chosen.report
    query = request.GET.urlencode()
    api = reverse("api:stats_figures")
    return render(
        request,
        "stats/public.html",
        {
            "form": chosen.form,
            "report": r,
            "headers": headers(),
            "total": table(chosen, [r.total], links=False),
            "by_agency": table(chosen, r.by_agency, links=False),
            "by_field": table(chosen, r.by_field, links=False),
            "chart": timeliness_chart(r),
            "query": query,
            "api_json": f"{api}?{query}",
            "api_csv": f"{api}?{query}&format=csv" if query else f"{api}?format=csv",
            "licence": settings.EGOV_STATS_OPEN_DATA_LICENCE,
            "last_update": selectors.last_update(),
        },
    )


@require_GET
def public_xlsx(request: HttpRequest) -> HttpResponse:
    return exports.xlsx_response(choose(request, public_agencies()).report, names=False)
