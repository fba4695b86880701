"""egov.core.csrf mints the tokens Django's CSRF middleware checks, from one random read, each character
uniform over the alphabet."""

from __future__ import annotations

from collections import Counter

import pytest
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.test import RequestFactory

from egov.core import csrf


def _view(request):
    return HttpResponse("ok")


def _checked_post(cookie: str, token: str):
    request = RequestFactory().post("/x/", {"csrfmiddlewaretoken": token})
    request.COOKIES["csrftoken"] = cookie
    middleware = CsrfViewMiddleware(_view)
    middleware.process_request(request)
    return middleware.process_view(request, _view, (), {})


def test_a_new_visitor_gets_a_secret_and_a_token_the_middleware_accepts():
    request = RequestFactory().get("/tra-cuu/X/")
    token = csrf.get_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(secret) == CSRF_SECRET_LENGTH and len(token) == CSRF_TOKEN_LENGTH
    assert set(token + secret) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert _checked_post(secret, token) is None  # None: the view runs
    assert _checked_post(secret, "x" * CSRF_TOKEN_LENGTH).status_code == 403


def test_a_visitor_with_a_secret_keeps_it_and_each_token_is_masked_afresh():
    request = RequestFactory().get("/tra-cuu/X/")
    request.META["CSRF_COOKIE"] = secret = "a" * CSRF_SECRET_LENGTH
    first, second = csrf.get_token(request), csrf.get_token(request)
    assert request.META["CSRF_COOKIE"] == secret and request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert first != second
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret


def test_bytes_past_the_last_whole_alphabet_are_drawn_again(monkeypatch):
    # 62 characters: bytes 248-255 would favour the first eight, so they are skipped.
    draws = iter([bytes([255, 248, 0, 61, 62, 247]), bytes([1] * 20)])
    monkeypatch.setattr(csrf.os, "urandom", lambda n: next(draws))
    assert csrf.random_string(6) == "a9a9" + "bb"


@pytest.mark.parametrize("length", [1, 32, 100])
def test_strings_have_the_asked_length_and_cover_the_alphabet(length):
    assert len(csrf.random_string(length)) == length
    seen = Counter("".join(csrf.random_string(32) for _ in range(400)))
    assert set(seen) == set(CSRF_ALLOWED_CHARS)
