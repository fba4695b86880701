"""The public look-up's rate limit: per client address (X-Forwarded-For only from trusted proxies),
counted in the database so every worker process shares it, a Vietnamese 429 page with Retry-After."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from egov.core.ratelimit import RateCounter as LookupCounter
from egov.dossiers import ratelimit

SCRIPT = Path(__file__).with_name("lookup_ratelimit_script.py")
CODE = "000.00.31.H99-261116-0001"


@pytest.fixture
def small_limit(settings):
    settings.EGOV_LOOKUP_LIMIT = 3
    settings.EGOV_LOOKUP_WINDOW = 600
    return settings


def _get(client, **extra):
    return client.get(reverse("dossiers:lookup", args=[CODE]), **extra)


@pytest.mark.django_db
def test_over_the_limit_a_vietnamese_429_with_retry_after(client, small_limit):
    assert [_get(client).status_code for _ in range(3)] == [404, 404, 404]
    response = _get(client)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    page = response.content.decode()
    assert "Bạn đã tra cứu quá nhiều lần" in page and 'href="/tra-cuu/"' in page
    # The count is in the shared table, not in this process's memory.
    assert LookupCounter.objects.get(key="ip:127.0.0.1").count == 4
    assert _get(client, REMOTE_ADDR="10.9.9.9").status_code == 404  # another client is not held back


@pytest.mark.django_db
def test_nasty_codes_count_too(client, small_limit):
    for _ in range(3):
        client.get("/tra-cuu/%00/")
    assert _get(client).status_code == 429


@pytest.mark.django_db
def test_a_new_window_starts_a_new_count():
    start = dt.datetime(2026, 11, 16, 1, 0, 30, tzinfo=dt.UTC)
    first = ratelimit.hit("ip:x", limit=2, seconds=60, now=start)
    assert first.count == 1 and first.retry_after == 30
    assert ratelimit.hit("ip:x", limit=2, seconds=60, cost=2, now=start).count == 3
    assert not ratelimit.peek("ip:x", limit=2, seconds=60, now=start).allowed
    later = ratelimit.hit("ip:x", limit=2, seconds=60, now=start + dt.timedelta(seconds=31))
    assert later.count == 1 and later.allowed and later.retry_after == 59
    # Rows of windows that have ended are removed when a new window opens.
    ratelimit.hit("ip:y", limit=2, seconds=60, now=start + dt.timedelta(seconds=200))
    assert set(LookupCounter.objects.values_list("key", flat=True)) == {"ip:y"}


@pytest.mark.django_db
def test_forwarded_for_from_an_untrusted_address_is_ignored(client, small_limit):
    small_limit.EGOV_TRUSTED_PROXIES = ()
    for n in range(3):
        _get(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert _get(client, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


@pytest.mark.django_db
def test_forwarded_for_from_a_trusted_proxy_names_the_client(client, small_limit):
    small_limit.EGOV_TRUSTED_PROXIES = ("127.0.0.1",)
    for _ in range(3):
        _get(client, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert _get(client, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert _get(client, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 404
    assert LookupCounter.objects.filter(key="ip:127.0.0.1").count() == 0


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.1", "203.0.113.7", "198.51.100.1"),  # not a proxy: its header is the client's own text
        ("10.0.0.2", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client wrote 1.2.3.4 itself
        ("10.0.0.2", "203.0.113.7, 10.0.0.3", "203.0.113.7"),  # two trusted hops
        ("10.0.0.2", "garbage, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "203.0.113.7, garbage", "10.0.0.2"),  # a malformed hop: trust nothing left of it
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
        ("", "203.0.113.7", "0.0.0.0"),
    ],
)
def test_client_address(settings, remote, forwarded, expected):
    settings.EGOV_TRUSTED_PROXIES = ("10.0.0.0/8",)
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_ip(request) == expected


def test_two_worker_processes_share_one_count(tmp_path):
    """Two processes (as two gunicorn workers) look up at once, on one file database: together they get
    exactly the limit, whatever each process would have let through on its own."""
    env = {**os.environ, "EGOV_DATA_DIR": str(tmp_path), "EGOV_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("EGOV_DATABASE_URL", None)  # never the developer's or CI's real database
    run = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    statuses = result["a"] + result["b"]
    assert statuses.count(404) == result["limit"], result  # 404: the code is unknown, but it was looked up
    assert statuses.count(429) == len(statuses) - result["limit"], result
    # Each process alone would have let LIMIT through: the second saw the first one's hits. Each process
    # stops counting once it has seen the key over (it answers 429 from memory until the window ends).
    assert result["limit"] < result["counter"] <= result["limit"] + 2, result


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_counter_does_not_wait_for_the_disk_unless_inside_a_callers_transaction():
    """The counter's own transaction commits asynchronously (a crash may lose a few counts, never a
    caller's write); inside a caller's transaction nothing about its durability changes."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's synchronous_commit")
    with CaptureQueriesContext(connection) as alone:
        assert ratelimit.hit("ip:async", limit=5, seconds=600).count == 1
    upserts = [q["sql"] for q in alone.captured_queries if q["sql"].startswith("INSERT")]
    assert len(upserts) == 1 and "set_config('synchronous_commit', 'off', true)" in upserts[0]  # one trip
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        assert ratelimit.hit("ip:async", limit=5, seconds=600).count == 2
    assert not any("synchronous_commit" in q["sql"] for q in inside.captured_queries)
