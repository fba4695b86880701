"""The public look-up's fast path: a bare GET of `/tra-cuu/<code>/` from a visitor without a session is
answered before the session, authentication, message, boundary and login-throttling middleware, when the
answer is a kept page (egov.dossiers.lookup_page: the bare status, or "too many look-ups").

Why: a look-up campaign or a flood sends thousands of these a second, and the middleware they do not need
was most of the cost of a kept page (issue 11's flood, issue 14's look-up target). What the skipped
middleware would have given such an answer is given here: the language of the language cookie (as
egov.core.middleware.chosen_language), the CSRF cookie (Django's own CsrfViewMiddleware, its
process_request and process_response), Content-Length (as CommonMiddleware). The security, frame and
content-security headers come from the middleware above this one. The look-up is counted once: when no kept
page answers, the counted answer goes on to the view (views.public.FAST_PATH_ANSWER). Placed in MIDDLEWARE
right after WhiteNoise; `tests/dossiers/test_lookup_fast_path.py` proves the answer equals the full path's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation

from egov.core import ratelimit
from egov.core.middleware import chosen_language
from egov.dossiers import lookup
from egov.dossiers.views import public

PREFIX = "/tra-cuu/"
#: Other pages under the prefix (a result file's download): never a code.
NOT_CODES = ("/tra-cuu/ket-qua/",)


def _code(request: HttpRequest) -> str | None:
    path = request.path_info
    if request.method not in ("GET", "HEAD") or request.GET or not path.startswith(PREFIX):
        return None
    if not path.endswith("/") or len(path) <= len(PREFIX) + 1 or path.startswith(NOT_CODES):
        return None
    return path[len(PREFIX) : -1]


class LookupFastPath:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        code = _code(request)
        if code is None or not settings.EGOV_LOOKUP_FAST_PATH:
            return self.get_response(request)
        chosen = chosen_language(request)
        self.csrf.process_request(request)
        with translation.override(chosen):
            answer = lookup.counted_lookup("ip:" + ratelimit.client_ip(request), code)
            response = public.kept_answer(request, code, answer)
        if response is None:
            setattr(request, public.FAST_PATH_ANSWER, answer)
            return self.get_response(request)
        answered = self.csrf.process_response(request, response)
        answered.headers.setdefault("Content-Language", chosen)
        answered.headers.setdefault("Content-Length", str(len(response.content)))
        return answered
