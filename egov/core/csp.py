"""django-csp's middleware with the policy's text built once per process.

django-csp builds the Content-Security-Policy header anew for every response (`build_policy` over a deep
copy of the settings' directives): about an eighth of the CPU of a public look-up answered from its kept
page (docs/performance.md). The text depends only on the settings unless a view changes the policy for its
response (django-csp's `csp_update`/`csp_replace`/`csp` decorators) or a template asked for a nonce; those
responses go through django-csp's own code as before. The kept text is dropped when a test changes the
settings."""

from __future__ import annotations

import functools
import http.client
from typing import Any

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase

#: What a view or decorator sets on a response to change its policy (django-csp's get_policy_parts).
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")


@functools.cache
def _policy(report_only: bool) -> str:
    return str(build_policy(report_only=report_only))


@receiver(setting_changed)
def _forget(setting: str, **_: Any) -> None:
    if setting in _SETTINGS:
        _policy.cache_clear()


class CSPMiddleware(csp_middleware.CSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        own = any(getattr(response, name, None) is not None for name in _PER_RESPONSE)
        if own or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        # django-csp's process_response from here on, with the kept text.
        debug_codes = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
        if response.status_code in debug_codes and settings.DEBUG:
            return response
        for header, report_only, exempt, setting in (
            (HEADER, False, "_csp_exempt", _SETTINGS[0]),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", _SETTINGS[1]),
        ):
            text = _policy(report_only)
            if not text or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = text
        # Asking for a nonce after the header is written is an error, as django-csp makes it.
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
