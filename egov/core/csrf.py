"""A form's CSRF token, as `django.middleware.csrf.get_token` gives it, drawn from one read of the system's
random source instead of one read per character.

Why: Django draws each of the 64 characters of a new visitor's secret and its mask with `secrets.choice`,
one `os.urandom` call per character: about 95 µs of CPU, the largest single part of the public look-up's
kept page (egov.dossiers.lookup_page), which every new visitor of a look-up campaign gets. Here the same
alphabet, the same lengths, the same masking and the same request flags as Django's, each character still
uniform and from the operating system's secure source (rejection sampling of random bytes), in about a
tenth of the time. CsrfViewMiddleware checks the tokens as its own: tests/core/test_csrf_token.py posts
one. Django's private names are read here, not copied, so an upgrade that changes them fails that test.
"""

from __future__ import annotations

import os

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {c: i for i, c in enumerate(_CHARS)}
#: The largest multiple of the alphabet's size within a byte: bytes at or above it are drawn again, so that
#: every character is equally likely.
_LIMIT = 256 - 256 % len(_CHARS)


def random_string(length: int) -> str:
    """`length` characters of the CSRF alphabet, each uniform, from os.urandom."""
    out: list[str] = []
    while len(out) < length:
        out.extend(_CHARS[b % len(_CHARS)] for b in os.urandom(length + 8) if b < _LIMIT)
    return "".join(out[:length])


def get_token(request: HttpRequest) -> str:
    """The masked token for a form on this request's page; the visitor's secret is made when they have none,
    and the middleware sends it as their cookie (as Django's get_token)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = random_string(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_string(CSRF_SECRET_LENGTH)
    n = len(_CHARS)
    return mask + "".join(_CHARS[(_INDEX[s] + _INDEX[m]) % n] for s, m in zip(secret, mask, strict=True))
