"""The pages for 400, 403, 404 and 500, in the site's layout, each with a way back.

400, 403 and 404 render like any page (the menu needs the database, which is up). 500 may be the
database failing: it renders its template with a plain context, without the request, so no context
processor runs and no query is made.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

#: Django's own request logger, so operators' settings for it apply to refusals too.
request_log = logging.getLogger("django.request")
#: A reason longer than this is cut in the log line (a service's sentence is much shorter).
REASON_MAX = 300


def _back_url(request: HttpRequest) -> str:
    """The page the visitor came from, if it is on this site (never a link to another site)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()  # with its port, as the Referer carries it
    except DisallowedHost:
        return ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _page(request: HttpRequest, status: int, **extra: Any) -> HttpResponse:
    context: dict[str, Any] = {"status": status, "back_url": _back_url(request), **extra}
    return render(request, f"errors/{status}.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400)


def _escaped(text: str) -> str:
    """One line whatever a visitor put in the address or a reason holds (no forged log lines)."""
    return text.encode("unicode_escape").decode("ascii")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Services refuse with a translated sentence saying why (e.g. who may change the calendar): show it.
    reason = str(exception or "")
    response = _page(request, 403, reason=reason)
    # A refusal is an expected answer, not a fault: one line (path, account, reason) and no traceback.
    # Django would log the exception with its traceback at WARNING; marking the response as logged
    # stops it (django.utils.log.log_response).
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    request_log.warning(
        "Forbidden: %s user=%s reason=%s",
        _escaped(request.path),
        user_id if user_id is not None else "-",
        _escaped(reason[:REASON_MAX]) or "-",
        extra={"status_code": 403, "request": request},
    )
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: most often a form left open past the session, or a page opened before signing in."""
    return _page(request, 403, expired_form=True)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    context = {
        "status": 500,
        "back_url": _back_url(request),
        "egov_site_name": settings.EGOV_SITE_NAME,
        "plain": True,  # tells the layout there is no request, user or menu
    }
    with translation.override(language):
        html = loader.get_template("errors/500.html").render(context)
    return HttpResponseServerError(html)
