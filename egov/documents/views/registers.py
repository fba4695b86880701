"""The registers (sổ đăng ký văn bản đến/đi) of the user's agency for a year, on screen and as the PDF
printed and bound (Decree 30/2020 art. 16.2.b, art. 22.3.b; columns of Appendix IV)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from egov.documents import permissions, printing, selectors
from egov.documents.models import Direction
from egov.documents.rules import rules_for
from egov.organizations.models import Agency


def _office(request: HttpRequest, direction: str) -> Agency:
    if direction not in Direction.values:
        raise Http404
    office = selectors.office_of(request.user)
    if office is None or not (
        permissions.is_clerk(request.user, office) or permissions.is_leader(request.user, office)
    ):
        raise PermissionDenied
    return office


@login_required
def register_view(request: HttpRequest, direction: str, year: int) -> HttpResponse:
    office = _office(request, direction)
    if not 2000 <= year <= 2100:
        raise Http404
    series = "secret" if request.GET.get("so") == "mat" else "main"
    rows = printing.rows(office, direction, year, series)
    columns = rules_for(printing.first_day(year)).columns(direction)
    return render(
        request,
        "documents/register.html",
        {
            "office": office,
            "direction": direction,
            "year": year,
            "rows": rows,
            "columns": columns,
            "series": series,
        },
    )


@login_required
def register_pdf(request: HttpRequest, direction: str, year: int) -> HttpResponse:
    office = _office(request, direction)
    if not 2000 <= year <= 2100:
        raise Http404
    series = "secret" if request.GET.get("so") == "mat" else "main"
    pdf = printing.register_pdf(office, direction, year, series)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="so-{direction}-{year}.pdf"'
    return response
