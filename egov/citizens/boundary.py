"""Citizens never reach a staff screen: every path outside the citizens' own prefixes and the public pages
answers a citizen account with the 403 page. A new staff URL is closed to citizens without anyone listing
it; a new public or citizen page outside these prefixes must be added here (tests/citizens/test_boundary.py
compares this list with what an anonymous visitor may open)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from egov.citizens.access import is_citizen

#: The citizens' pages (egov/urls.py).
CITIZEN_PREFIXES = (
    "/cong-dan/",
    "/nop-truc-tuyen/",
    "/thanh-toan/",
    "/ca-nhan/",
    "/kho-du-lieu/",
    "/phan-anh/",
)
#: Staff screens that live under a citizens' prefix: closed to citizens all the same (the feedback inbox,
#: its items and the counter's rating card, `/phan-anh/quan-ly/…`; the officer's correction of a dossier's
#: fee case, `/thanh-toan/can-bo/…`).
STAFF_INSIDE_CITIZEN_PREFIXES = ("/phan-anh/quan-ly/", "/thanh-toan/can-bo/")
#: Pages for everyone: the catalogue, the dossier look-up, the language switch, the public API.
PUBLIC_PREFIXES = (
    "/thu-tuc/",
    "/tra-cuu/",
    "/i18n/",
    "/api/v1/procedures",
    # Linked procedure groups: read by anyone, filed by a signed-in citizen (egov/api/groups.py).
    "/api/v1/procedure-groups",
    "/api/v1/bundles",
    "/api/v1/dossiers/lookup",
    "/api/v1/docs",
    "/api/v1/openapi.json",
    # Filing a whole dossier in one request, by a signed-in citizen (egov/api/filings.py).
    "/api/v1/filings",
    # Public statistics and their open data (egov/stats, docs/stats.md).
    "/thong-ke/",
    "/api/v1/stats/",
)


#: Single pages for everyone: the site's address (a citizen is sent on to their own home from there, so the
#: error page's "home" link never leads back to a refusal) and the browser's icon.
PUBLIC_PATHS = ("/", "/favicon.ico")


def citizen_may_open(path: str) -> bool:
    if path in PUBLIC_PATHS:
        return True
    if path.startswith(STAFF_INSIDE_CITIZEN_PREFIXES):
        return False
    static = "/" + settings.STATIC_URL.lstrip("/")
    return path.startswith(CITIZEN_PREFIXES + PUBLIC_PREFIXES + (static,))


class CitizenBoundaryMiddleware:
    """After the authentication middleware: a citizen's request for any other path is refused before any
    view runs, so nothing it sent is acted on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A path that names no page is the 404 page, as for anyone: a citizen who mistyped an address is not
        # told it is for officials (which pages exist is no secret: the code is open).
        path = request.path_info
        if is_citizen(getattr(request, "user", None)) and not citizen_may_open(path) and _names_a_page(path):
            raise PermissionDenied(
                _(
                    "This page is for officials. Your citizen account opens the public services "
                    "and your own pages."
                )
            )
        return self.get_response(request)


def _names_a_page(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True
