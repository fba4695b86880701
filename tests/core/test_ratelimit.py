"""Flood protection of the sign-ins (egov.core.ratelimit.limit_posts): every attempt counts per client
address, staff and citizen logins together, 429 with Retry-After and a Vietnamese page over the limit;
and the limiter itself, keyed by any string, as the SMS channel calls it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egov.core import ratelimit
from tests.conftest import PASSWORD

ADDRESS = "192.0.2.10"
OTHER = "192.0.2.77"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.EGOV_LOGIN_LIMIT = 3
    settings.EGOV_LOGIN_WINDOW = 600


def _staff(client, username, address=ADDRESS, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=address, **extra
    )


def _citizen(client, identifier, address=ADDRESS):
    return client.post(
        reverse("citizens:login"), {"identifier": identifier, "password": "wrong"}, REMOTE_ADDR=address
    )


def test_many_usernames_from_one_address_get_429_with_retry_after(db, client):
    # django-axes locks a username per address; three different usernames it would let through.
    for name in ("an", "binh", "chi"):
        assert _staff(client, name).status_code == 200
    response = _staff(client, "dung")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    assert "Quá nhiều yêu cầu" in response.content.decode()
    assert (
        client.get(reverse("accounts:login"), REMOTE_ADDR=ADDRESS).status_code == 200
    )  # the form still shows


def test_a_right_password_is_refused_too_while_limited_and_nothing_happens(cast, client):
    for name in ("an", "binh", "chi"):
        _staff(client, name)
    user = cast.desk_officer.user
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_staff_and_citizen_logins_share_the_count_per_address(db, client):
    _staff(client, "an")
    _citizen(client, "an@example.vn")
    _staff(client, "binh")
    assert _citizen(client, "binh@example.vn").status_code == 429
    assert _citizen(client, "binh@example.vn", address=OTHER).status_code == 200  # per client


def test_the_window_resets(db, client, monkeypatch):
    clock = [dt.datetime(2026, 12, 4, 10, 0, 1, tzinfo=dt.UTC)]
    monkeypatch.setattr(ratelimit, "_now", lambda: clock[0])
    for name in ("an", "binh", "chi"):
        _staff(client, name)
    limited = _staff(client, "dung")
    assert limited.status_code == 429 and limited["Retry-After"] == "599"
    clock[0] += dt.timedelta(seconds=598)
    assert _staff(client, "dung")["Retry-After"] == "1"
    clock[0] += dt.timedelta(seconds=1)  # 10:10:00, the next window
    assert _staff(client, "dung").status_code == 200


@pytest.mark.parametrize(
    ("trusted", "forwarded", "counted_as"),
    [
        ((), "198.51.100.1", "127.0.0.1"),  # a header from an untrusted peer is ignored
        (("127.0.0.1",), "198.51.100.1", "198.51.100.1"),
        (("127.0.0.1",), "203.0.113.9, 198.51.100.1", "198.51.100.1"),  # the client's own entry is ignored
    ],
)
def test_behind_a_trusted_proxy_the_client_is_the_forwarded_address(
    db, client, settings, trusted, forwarded, counted_as
):
    settings.EGOV_TRUSTED_PROXIES = trusted
    _staff(client, "an", address="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.peek(f"login:{counted_as}", limit=3, seconds=600).count == 1


def test_any_string_is_a_key_as_the_sms_channel_uses_it(db):
    start = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)
    for _ in range(2):
        assert ratelimit.hit("sms:+84912345678", limit=2, seconds=60, now=start).allowed
    over = ratelimit.hit("sms:+84912345678", limit=2, seconds=60, now=start + dt.timedelta(seconds=15))
    assert not over.allowed and over.retry_after == 45
    assert ratelimit.hit("sms:+84987654321", limit=2, seconds=60, now=start).allowed
    assert ratelimit.hit(
        "sms:+84912345678", limit=2, seconds=60, now=start + dt.timedelta(seconds=60)
    ).allowed


def test_a_key_over_its_limit_is_answered_without_the_database(db, django_assert_num_queries):
    start = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)
    for _ in range(3):
        ratelimit.hit("ip:flood", limit=2, seconds=60, now=start)
    with django_assert_num_queries(0):
        again = ratelimit.hit("ip:flood", limit=2, seconds=60, now=start + dt.timedelta(seconds=50))
    assert not again.allowed and again.retry_after == 10
    # The next window counts again, in the database.
    assert ratelimit.hit("ip:flood", limit=2, seconds=60, now=start + dt.timedelta(seconds=60)).allowed


def _read_counter(key):
    """A read with a parameter whose first column may be NULL: the counter's row of another key."""
    return ('SELECT NULL, "key", "count" FROM "core_ratecounter" WHERE "key" = %s', [key])


def _counted_read_checks(connection, captured):
    start = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)
    ratelimit.hit("sms:other", limit=9, seconds=60, now=start)
    verdict, row = ratelimit.hit_and_read(
        "ip:reader", limit=3, seconds=60, read=_read_counter("nobody"), now=start
    )
    assert verdict.count == 1 and row is None  # counted though the read found nothing
    with captured as queries:
        verdict, row = ratelimit.hit_and_read(
            "ip:reader", limit=3, seconds=60, read=_read_counter("sms:other"), now=start
        )
    assert verdict.allowed and verdict.count == 2
    assert row == (None, "sms:other", 1)  # a row whose first column is NULL is still a row
    # PostgreSQL: the count and the read in one statement (one round trip); SQLite: two.
    assert len(queries) == (1 if connection.vendor == "postgresql" else 2)
    ratelimit.hit("ip:reader", limit=3, seconds=60, now=start)
    verdict, row = ratelimit.hit_and_read(
        "ip:reader", limit=3, seconds=60, read=_read_counter("sms:other"), now=start
    )
    assert not verdict.allowed and verdict.count == 4 and row == (None, "sms:other", 1)
    # Known to be over: neither counted nor read.
    verdict, row = ratelimit.hit_and_read(
        "ip:reader", limit=3, seconds=60, read=_read_counter("sms:other"), now=start
    )
    assert not verdict.allowed and row is None
    assert ratelimit.RateCounter.objects.get(key="ip:reader").count == 4


def test_a_count_and_a_read_in_one_statement(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _counted_read_checks(connection, CaptureQueriesContext(connection))


@pytest.mark.django_db(transaction=True)
def test_a_count_and_a_read_outside_a_transaction_too():
    # Outside a caller's transaction PostgreSQL's counter commits without waiting for the disk: another
    # form of the statement, read the same way.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ratelimit.forget_local()
    try:
        _counted_read_checks(connection, CaptureQueriesContext(connection))
    finally:
        ratelimit.forget_local()
