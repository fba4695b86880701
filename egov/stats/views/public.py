"""The public statistics page `/thong-ke/` (no login): the figures the leaders see, per agency and commune,
without any officer's name and without links to dossiers; and its Excel export. The open data API is
egov.stats.api."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from egov.organizations.models import Agency
from egov.procedures import catalogue_version
from egov.stats import exports
from egov.stats.views.common import choose, headers, table, timeliness_chart


def public_agencies() -> list[Agency]:
    """The active agencies, kept per process until the catalogue changes (every agency save replaces the
    catalogue's version token, egov.procedures.catalogue_version): every public page asks for them."""
    return list(catalogue_version.kept("stats.public_agencies", _active_agencies))


def _active_agencies() -> list[Agency]:
    # What the report, its filter and its scope read of an agency: its key, name and place in the tree
    # (the whole rows of a province's ~300 agencies were a third of the public page's time).
    return list(Agency.objects.filter(is_active=True).order_by("path").only("pk", "name", "path"))


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    chosen = choose(request, public_agencies(), kept=True)
    r = chosen.report
    query = request.GET.urlencode()
    api = reverse("api:stats_figures")

    def figures() -> str:
        # The tables and the chart: hundreds of cells, the same for every visitor of this filter and language.
        return render_to_string(
            "stats/_public_figures.html",
            {
                "report": r,
                "headers": headers(chosen.report),
                "total": table(chosen, [r.total], links=False),
                "by_agency": table(chosen, r.by_agency, links=False),
                "by_field": table(chosen, r.by_field, links=False),
                "chart": timeliness_chart(r),
            },
        )

    return render(
        request,
        "stats/public.html",
        {
            "form": chosen.form,
            "report": r,
            "figures": mark_safe(chosen.memo("page", figures)),
            "query": query,
            "api_json": f"{api}?{query}",
            "api_csv": f"{api}?{query}&format=csv" if query else f"{api}?format=csv",
            "licence": settings.EGOV_STATS_OPEN_DATA_LICENCE,
            "last_update": chosen.last_update,
            "kept_seconds": settings.EGOV_STATS_PUBLIC_KEEP,
        },
    )


@require_GET
def public_xlsx(request: HttpRequest) -> HttpResponse:
    return exports.xlsx_response(choose(request, public_agencies(), kept=True).report, names=False)
