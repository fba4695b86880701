"""The registers (sổ đăng ký văn bản đến/đi) of the user's agency for a year, on screen and as the PDF
printed and bound (Decree 30/2020 art. 16.2.b, art. 22.3.b; columns of Appendix IV)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from egov.documents import permissions, printing, selectors
from egov.documents.models import Direction
from egov.documents.rules import rules_for
from egov.organizations.models import Agency

#: The registers' addresses name the direction in Vietnamese: /van-ban/so/den/2026/, /van-ban/so/di/2026/.
SLUGS: dict[str, str] = {Direction.INCOMING: "den", Direction.OUTGOING: "di"}


class DirectionSlug:
    """The path converter of the registers' addresses: "den"/"di" in the address, the direction in the
    view, so `reverse("documents:register", args=["incoming", year])` writes the Vietnamese address."""

    regex = "den|di"

    def to_python(self, value: str) -> str:
        return next(direction for direction, slug in SLUGS.items() if slug == value)

    def to_url(self, value: str) -> str:
        return SLUGS.get(value, value)


def old_address(request: HttpRequest, old: str, year: int, pdf: bool = False) -> HttpResponse:
    """The first addresses (/van-ban/so/incoming/2026/) move permanently to the Vietnamese ones."""
    if old not in SLUGS:
        raise Http404
    url = reverse("documents:register_pdf" if pdf else "documents:register", args=[old, year])
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def _office(request: HttpRequest, direction: str) -> Agency:
    if direction not in Direction.values:
        raise Http404
    office = selectors.office_of(request.user)
    if office is None or not permissions.may_read_registers(request.user, office):
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
            "years": [y for y in selectors.register_years(office, direction) if y != year],
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
    response["Content-Disposition"] = f'inline; filename="so-{SLUGS[direction]}-{year}.pdf"'
    return response
