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
#: The largest multiple of the alphabet's size within a byte: bytes at or above it are drawn again, so that
#: every character is equally likely.
_LIMIT = 256 - 256 % len(_CHARS)
#: Byte b (below _LIMIT) → the character `_CHARS[b % len(_CHARS)]`; the bytes from _LIMIT up are dropped
#: (`bytes.translate` deletes them first), all in C.
_TABLE = bytes(ord(_CHARS[b % len(_CHARS)]) if b < _LIMIT else 0 for b in range(256))
_DROP = bytes(range(_LIMIT, 256))
#: The masked character of each pair (secret character, mask character), as Django's `_mask_cipher_secret`.
_MASKED = {s + m: _CHARS[(i + j) % len(_CHARS)] for i, s in enumerate(_CHARS) for j, m in enumerate(_CHARS)}


def random_string(length: int) -> str:
    """`length` characters of the CSRF alphabet, each uniform, from os.urandom."""
    out = ""
    while len(out) < length:
        out += os.urandom(length + 8).translate(_TABLE, _DROP).decode("ascii")
    return out[:length]


def get_token(request: HttpRequest) -> str:
    """The masked token for a form on this request's page; the visitor's secret is made when they have none,
    and the middleware sends it as their cookie (as Django's get_token)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = random_string(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_string(CSRF_SECRET_LENGTH)
    return mask + "".join(map(_MASKED.__getitem__, map(str.__add__, secret, mask)))
