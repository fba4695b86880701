"""The public look-up page of a bare status, rendered once per kind of answer and served again: the hot path
of a look-up flood (an SMS campaign sends thousands of different codes, each looked up a few times).

The page of a code alone shows only what `lookup.public_status` answers from two columns (the code and its
status), inside the site's layout. For a visitor without a session or pending messages everything else on
it is the same for every code with the same status: so the page is rendered once per language, status and
kind of code (a dossier code, an online submission's reference, a reference since accepted), with
placeholders where the code, the reference typed, the page's own address and the CSRF token go, and each
answer fills them in. The status read from the database picks the kept page, so a move is shown at once, in
every worker, without any invalidation. The CSRF token is a fresh one per answer, with its cookie, as a
rendered page would have.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import overload

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.html import escape

from egov.core.csrf import get_token
from egov.dossiers import codes
from egov.dossiers.lookup import PublicStatus

# Letters only: the template and reverse() print them unchanged, and none is part of another.
CODE = "KEPTPAGECODEPLACEHOLDER"
TYPED = "KEPTPAGETYPEDPLACEHOLDER"
PATH = "/KEPTPAGEPATHPLACEHOLDER/"
CSRF = "KEPTPAGECSRFPLACEHOLDER"

_pages: dict[tuple[str, str, bool, bool], str] = {}
#: The "too many look-ups" page per language and minutes to wait: a flooding client gets it thousands of
#: times a second, and rendering it in the site's layout cost ~10 ms, so the flood queued everyone else.
_limited_pages: dict[tuple[str, int], str] = {}

Render = Callable[[HttpRequest, PublicStatus, str, str], str]


def applies(request: HttpRequest) -> bool:
    """A page everyone gets alike: a GET without a query, from a visitor with no session and no messages
    (a signed-in person's layout shows their name and menu)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


@overload
def serve(request: HttpRequest, typed: str, status: PublicStatus, render: Render) -> HttpResponse: ...
@overload
def serve(request: HttpRequest, typed: str, status: PublicStatus, render: None) -> HttpResponse | None: ...
def serve(
    request: HttpRequest, typed: str, status: PublicStatus, render: Render | None
) -> HttpResponse | None:
    """The page of this bare status for the code `typed`. `render(request, status, typed, csrf_token)`
    renders the page; it is called once per language and kind of answer, with placeholders. Without
    `render` (the fast path, whose request has no user), None when the page is not kept yet."""
    awaiting = codes.is_submission_reference(status.code)
    accepted = bool(status.accepted_from)
    key = (translation.get_language() or settings.LANGUAGE_CODE, status.state, awaiting, accepted)
    page = _pages.get(key)
    if page is None:
        if render is None:
            return None
        kept = dataclasses.replace(status, code=_code(awaiting), accepted_from=TYPED if accepted else "")
        stand_in = copy.copy(request)
        stand_in.path = stand_in.path_info = PATH
        page = render(stand_in, kept, kept.accepted_from or kept.code, CSRF)
        _pages[key] = page
    # The code and the reference match lookup.CODE_PATTERN: HTML-escaping leaves them as they are.
    return HttpResponse(
        page.replace(CSRF, get_token(request))
        .replace(PATH, escape(escape_uri_path(request.path)))
        .replace(_code(awaiting), status.code)
        .replace(TYPED, escape(typed))
    )


LimitedRender = Callable[[HttpRequest, int, str | None], str]


@overload
def limited(request: HttpRequest, minutes: int, render: LimitedRender) -> HttpResponse: ...
@overload
def limited(request: HttpRequest, minutes: int, render: None) -> HttpResponse | None: ...
def limited(request: HttpRequest, minutes: int, render: LimitedRender | None) -> HttpResponse | None:
    """The 429 page telling the visitor to wait `minutes`, rendered once per language and `minutes` by
    `render(request, minutes, csrf_token)` with placeholders for the page's address and CSRF token (status
    and Retry-After are the caller's). A visitor with a session gets a fresh rendering (`csrf_token` None):
    their layout is theirs. Without `render`, None when the page is not kept."""
    if not applies(request):
        return None if render is None else HttpResponse(render(request, minutes, None))
    key = (translation.get_language() or settings.LANGUAGE_CODE, minutes)
    page = _limited_pages.get(key)
    if page is None:
        if render is None:
            return None
        stand_in = copy.copy(request)
        stand_in.path = stand_in.path_info = PATH
        page = _limited_pages[key] = render(stand_in, minutes, CSRF)
    if CSRF in page:
        page = page.replace(CSRF, get_token(request))
    return HttpResponse(page.replace(PATH, escape(escape_uri_path(request.path))))


def _code(awaiting: bool) -> str:
    """The code's placeholder, a submission's reference still when the code is one (the page says so)."""
    return (codes.REFERENCE_PREFIX + "-" if awaiting else "") + CODE


def forget_local() -> None:
    """Forget the kept pages (the tests, whose templates and translations change under them)."""
    _pages.clear()
    _limited_pages.clear()
