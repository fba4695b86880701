"""egov's JSON API, version 1. OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.

Staff endpoints use the signed-in session (and its CSRF token for writes); public
endpoints need no login. Each domain adds its router here.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from egov.api import dossiers, errors, filings, groups, organizations, procedures
from egov.core.text import loads_json


class BodyNotJson(ValueError):
    pass


class TextParser(Parser):
    """JSON bodies whose text UTF-8 can hold: a lone surrogate is a 400, as any body that does not parse."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return loads_json(request.body)
        except ValueError as exc:
            raise BodyNotJson from exc


api = NinjaAPI(
    title="egov API",
    version="1",
    description="JSON API of egov (chính quyền điện tử). Reads are scoped to the caller's agencies.",
    urls_namespace="api",
    parser=TextParser(),
)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's answer, but a body that is not JSON told in the user's language (Ninja wraps the parser's
    error in an HttpError of its own, in English)."""
    not_json = isinstance(exc.__cause__, BodyNotJson)
    detail = _("The request body is not valid JSON text.") if not_json else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(ValidationError)
def refused_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Ninja's 422 with each error's message in the user's language (egov.api.errors)."""
    return api.create_response(request, {"detail": errors.told(exc.errors)}, status=422)


api.add_router("/", organizations.router)
api.add_router("/", procedures.router)
api.add_router("/", dossiers.router)
api.add_router("/", groups.router)
api.add_router("/", filings.router)

# Appended by the statistics app: its open data (egov/stats/api.py).
from egov.stats.api import router as stats_router  # noqa: E402

api.add_router("/", stats_router)
