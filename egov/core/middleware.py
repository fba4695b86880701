"""Language choice: Vietnamese unless the person picked another language with the switcher.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show
English to an official whose browser happens to be set to English. egov is a
Vietnamese government system, so only an explicit choice (the language cookie
set by the switcher) changes the language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def chosen_language(request: HttpRequest) -> str:
    """The language the switcher's cookie chose, else the site's (also read by the look-up's fast paths,
    which answer before this middleware runs)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
