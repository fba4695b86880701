"""The JSON look-up's fast path (egov.api.fastpath): a bare POST of a code answered before the session and
authentication middleware and the API's router, with the endpoint's own body and headers; anything else
goes on to the endpoint; a look-up counts once either way."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from egov.core import ratelimit
from egov.core.ratelimit import RateCounter
from tests.dossiers.conftest import receive

URL = "/api/v1/dossiers/lookup"
SAME_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Retry-After",
)

pytestmark = pytest.mark.django_db


def _post(body: Any, address: str = "203.0.113.20", raw: bool = False, **cookies: str) -> Any:
    client = Client(REMOTE_ADDR=address)
    for name, value in cookies.items():
        client.cookies[name] = value
    return client.post(URL, body if raw else json.dumps(body), content_type="application/json")


def _fast(response: Any) -> bool:
    return not hasattr(response.wsgi_request, "user")  # AuthenticationMiddleware gives every request one


def _same(fast: Any, full: Any) -> None:
    assert fast.status_code == full.status_code
    assert fast.json() == full.json()
    for header in SAME_HEADERS:
        assert fast.headers.get(header) == full.headers.get(header), header


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_bare_code_is_answered_early_with_the_endpoints_body(cast, flows, settings, language):
    d = receive(cast, flows.simple)
    fast = _post({"code": d.code.lower()}, django_language=language)
    assert _fast(fast) and fast.json()["code"] == d.code and fast.json()["details"] is None
    unknown = _post({"code": "000.00.31.H99-261207-9999"}, django_language=language)
    assert _fast(unknown) and unknown.status_code == 404
    settings.EGOV_LOOKUP_FAST_PATH = False
    _same(fast, _post({"code": d.code.lower()}, django_language=language))
    _same(unknown, _post({"code": "000.00.31.H99-261207-9999"}, django_language=language))


def test_too_many_look_ups_answered_early_like_the_endpoint(cast, flows, settings, monkeypatch):
    # Retry-After counts the seconds left in the window: one clock for both answers, or a second boundary
    # between them makes them differ by one.
    now = ratelimit._now()
    monkeypatch.setattr(ratelimit, "_now", lambda: now)
    settings.EGOV_LOOKUP_LIMIT = 1
    d = receive(cast, flows.simple)
    _post({"code": d.code}, "203.0.113.21")
    fast = _post({"code": d.code}, "203.0.113.21")
    assert fast.status_code == 429 and _fast(fast)
    settings.EGOV_LOOKUP_FAST_PATH = False
    _same(fast, _post({"code": d.code}, "203.0.113.21"))


@pytest.mark.parametrize(
    "body",
    [
        {"code": "X", "factor": "1234"},
        {"code": "X", "token": "abc"},
        {"code": 12345},
        {"code": "X", "other": 1},
        "not json",
        ["a", "list"],
    ],
)
def test_any_other_request_goes_on_to_the_endpoint(cast, flows, body):
    d = receive(cast, flows.simple)
    if isinstance(body, dict) and body.get("code") == "X":
        body = {**body, "code": d.code}
    response = _post(body, raw=isinstance(body, str))
    assert not _fast(response)


def test_each_look_up_counts_once_on_either_path(cast, flows):
    d = receive(cast, flows.simple)
    for body in ({"code": d.code}, {"code": d.code, "factor": "0000"}, {"code": "nope"}):
        key = RateCounter.objects.filter(key="ip:203.0.113.22")
        before = key.values_list("count", flat=True).first() or 0
        _post(body, "203.0.113.22")
        cost = 1 if "factor" not in body else 1 + 5  # a wrong factor costs EGOV_LOOKUP_FAILURE_COST more
        assert key.get().count == before + cost, body
