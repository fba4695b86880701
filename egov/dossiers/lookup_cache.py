"""The bare public answer for a code (status only: nothing personal), cached per code and language so a
flood of look-ups of one code costs the database nothing, and forgotten when the transaction of any move
of that dossier commits (services.transition), so a stale status is never served after a move.

On by `EGOV_LOOKUP_CACHE_SECONDS` > 0, the default only with a shared cache (Redis): with the embedded
profile's in-process cache, one gunicorn worker forgetting a key does not reach the others' copies.
Unknown codes are never cached, so a dossier received after a miss is found at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

if TYPE_CHECKING:
    from egov.dossiers.models import Dossier

PREFIX = "egov:lookup:"


def _key(code: str, language: str) -> str:
    return f"{PREFIX}{language}:{code}"


def get(code: str) -> Any:
    if settings.EGOV_LOOKUP_CACHE_SECONDS <= 0:
        return None
    return cache.get(_key(code, translation.get_language() or settings.LANGUAGE_CODE))


def put(code: str, value: Any) -> None:
    if settings.EGOV_LOOKUP_CACHE_SECONDS > 0:
        language = translation.get_language() or settings.LANGUAGE_CODE
        cache.set(_key(code, language), value, settings.EGOV_LOOKUP_CACHE_SECONDS)


def forget(dossier: Dossier) -> None:
    """Drop the cached answers of the dossier's code and submission reference, in every language."""
    names = [c for c in (dossier.code, dossier.submission_ref) if c]
    cache.delete_many([_key(c, lang) for c in names for lang, _name in settings.LANGUAGES])
