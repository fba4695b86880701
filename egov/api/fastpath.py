"""The JSON look-up's fast path: `POST /api/v1/dossiers/lookup` with a bare code (no second factor, no
token) answered before the session, authentication, message and login-throttling middleware and the API's
router, with the body the endpoint gives (its own response schema and renderer).

Why: the same as the page's fast path (egov/dossiers/fastpath.py): an SMS wave or an app polling the status
sends thousands of these a second. A request of any other shape (a factor, a token, a body the fast path
does not read exactly as the endpoint would) goes on untouched and is counted there, so a look-up counts
once. `tests/api/test_lookup_fast_path.py` proves the answers equal the endpoint's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation

from egov.api.api import api
from egov.api.dossiers import LookupOut, counted
from egov.api.schemas import ErrorOut
from egov.core.middleware import chosen_language
from egov.core.text import loads_json

PATH = "/api/v1/dossiers/lookup"


def bare_code(request: HttpRequest) -> str | None:
    """The code of a bare look-up, or None for any other request."""
    if request.method != "POST" or request.path_info != PATH or request.GET:
        return None
    if request.content_type != "application/json":
        return None
    try:
        body = loads_json(request.body)
    except ValueError:
        return None
    if not isinstance(body, dict) or set(body) - {"code", "factor", "token"}:
        return None
    code = body.get("code")
    if not isinstance(code, str) or body.get("factor") is not None or body.get("token", "") != "":
        return None
    return code


class LookupJsonFastPath:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        code = bare_code(request) if settings.EGOV_LOOKUP_FAST_PATH else None
        if code is None:
            return self.get_response(request)
        chosen = chosen_language(request)
        with translation.override(chosen):
            status, body, retry_after = counted(request, code)
            schema = LookupOut if status == 200 else ErrorOut
            response = api.create_response(request, schema.model_validate(body).model_dump(), status=status)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        response.headers.setdefault("Content-Language", chosen)
        response.headers.setdefault("Content-Length", str(len(response.content)))
        return response
