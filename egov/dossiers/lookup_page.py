"""The public look-up page of a bare status, rendered once and served again: the hot path of a look-up flood.

The page of a code alone shows only what `lookup.public_status` answers from two columns (the code and its
status), inside the site's layout. For a visitor without a session or pending messages, everything else on
it is the same for everyone: so the rendered page is kept per process, keyed by the language, the code
typed, the code found and its status. A move that changes the status changes the key, so a stale status is
never served, in any worker, without any invalidation. Only the CSRF tokens of its two forms (the
language switch, the second factor) differ per visitor: the page is kept with a placeholder and each
answer gets a fresh token, and its cookie, as a rendered page would.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from egov.dossiers.lookup import PublicStatus

#: Stands for the CSRF token in a kept page (letters only: the template prints it unescaped and unchanged).
PLACEHOLDER = "csrfplaceholderkeptlookuppage"
#: Pages kept per process (~3 KB each), the least recently served dropped first.
SIZE = 2048

_pages: OrderedDict[tuple[str, str, str, str], str] = OrderedDict()


def applies(request: HttpRequest) -> bool:
    """A page everyone gets alike: a GET without a query, from a visitor with no session and no messages
    (a signed-in person's layout shows their name and menu)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def serve(
    request: HttpRequest, typed: str, status: PublicStatus, render: Callable[[str], str]
) -> HttpResponse:
    """The page for this bare status: kept, or rendered by `render(csrf_token)` and kept."""
    key = (translation.get_language() or settings.LANGUAGE_CODE, typed, status.code, status.status)
    page = _pages.get(key)
    if page is None:
        page = render(PLACEHOLDER)
        _pages[key] = page
        if len(_pages) > SIZE:
            _pages.popitem(last=False)
    else:
        _pages.move_to_end(key)
    return HttpResponse(page.replace(PLACEHOLDER, get_token(request)))


def forget_local() -> None:
    """Forget the kept pages (the tests, whose templates and translations change under them)."""
    _pages.clear()
