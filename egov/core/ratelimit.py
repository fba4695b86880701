"""Fixed-window counters in the database, shared by every worker process, keyed by any string: the
public look-up per client address and per dossier, the logins per address, inbound SMS per phone number.
It imports no app: a channel calls `hit("sms:+84901234567", limit=..., seconds=...)` and obeys the verdict.

Why the database: the look-up must be limited per client across all gunicorn workers, and the
embedded profile has no shared cache (the default cache is in-process). One small table with one row
per (key, window) does it everywhere, SQLite or PostgreSQL. The cost: each counted request runs one
upsert (one INSERT ... ON CONFLICT DO UPDATE ... RETURNING statement; first in its window, also one DELETE of
expired rows), and keeps one row per active client per window. On PostgreSQL a counter's own transaction
commits without waiting for the disk (`synchronous_commit` off for it alone): a crash may lose the last
counts, which only gives a client a few more tries.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from egov.core import statements

View = Callable[..., HttpResponseBase]
logger = logging.getLogger(__name__)


class RateCounter(models.Model):
    """How many hits `key` has had in the window that starts at `window`."""

    key = models.CharField(max_length=120)
    window = models.DateTimeField()
    expires_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "core"
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="rate_counter_window")]
        indexes = [models.Index(fields=["expires_at"], name="rate_counter_expiry")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window}: {self.count}"


@dataclass(frozen=True)
class Verdict:
    """A key's count in its current window against its limit; over it, wait `retry_after` seconds."""

    count: int
    limit: int
    retry_after: int  # whole seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit


def _now() -> dt.datetime:
    """The clock the windows are counted by (a test of the login limit moves it to the next window)."""
    return timezone.now()


def _window(seconds: int, now: dt.datetime) -> tuple[dt.datetime, int]:
    stamp = now.timestamp()
    start = math.floor(stamp / seconds) * seconds
    return dt.datetime.fromtimestamp(start, tz=dt.UTC), max(1, math.ceil(start + seconds - stamp))


#: Keys over their limit, per process, until their window ends: (key, window start, limit) → count. The
#: count cannot go down within a window, so while it lasts the answer is known without the database, and a
#: flooding client costs no write (on SQLite one writer at a time: the flood would queue everyone else's).
_over: dict[tuple[str, dt.datetime, int], int] = {}
_OVER_MAX = 10_000


def hit(key: str, *, limit: int, seconds: int, cost: int = 1, now: dt.datetime | None = None) -> Verdict:
    """Add `cost` to the key's counter in the current window, atomically, and say whether it is over.
    Once a key is over its limit, this process answers "over" until the window ends without counting."""
    return hit_and_read(key, limit=limit, seconds=seconds, cost=cost, now=now)[0]


def hit_and_read(
    key: str,
    *,
    limit: int,
    seconds: int,
    read: tuple[str, Sequence[Any]] | None = None,
    cost: int = 1,
    now: dt.datetime | None = None,
) -> tuple[Verdict, tuple[Any, ...] | None]:
    """`hit`, and the first row of `read` (a SELECT and its parameters, or None; None too when it finds no
    row or the key was already known to be over): on PostgreSQL both in one statement, one round trip where
    they were two. Why: the public look-up counts every request and then reads one row, and on PostgreSQL
    the second round trip was most of what egov's look-up spent beyond the reference's one SELECT. The row
    is read whatever the verdict (the caller shows nothing of it to a client over its limit). On
    PostgreSQL a read that fails takes the count back with it (one statement): the look-up's read is of a
    code already checked against the codes' pattern."""
    now = now or _now()
    window, retry_after = _window(seconds, now)
    known = _over.get((key, window, limit))
    if known is not None:
        return Verdict(count=known, limit=limit, retry_after=retry_after), None
    count, row = _add(key, window, window + dt.timedelta(seconds=seconds), cost, read)
    if count == cost:  # the first hit of this window made its row: clear the windows that have ended
        RateCounter.objects.filter(expires_at__lt=now).delete()
    verdict = Verdict(count=count, limit=limit, retry_after=retry_after)
    if not verdict.allowed:
        # Logged once per key and window in this process; the refused requests themselves are not
        # (egov.core.logfilters.DropTooManyRequests).
        logger.warning("rate limit: %s over %d per %d s until %s", key, limit, seconds, window.isoformat())
        _remember_over(key, window, limit, count, now, seconds)
    return verdict, row


@functools.cache
def _upsert_sql(vendor: str, quick: bool) -> str:
    """The counter's INSERT ... ON CONFLICT DO UPDATE ... RETURNING, built once per kind of connection."""
    q = connection.ops.quote_name  # "window" is a reserved word in PostgreSQL
    table, k, w, e, n = (
        q(name) for name in (RateCounter._meta.db_table, "key", "window", "expires_at", "count")
    )
    values = "VALUES (%s, %s, %s, %s)"
    if quick:
        # A counter need not survive a crash (at worst a client gets a few more tries), so the statement's
        # own transaction does not wait for the WAL to reach the disk: that wait was most of a look-up on
        # PostgreSQL. set_config(…, true) lasts until this statement's commit, and costs no round trip.
        values = "SELECT %s, %s, %s, %s FROM (SELECT set_config('synchronous_commit', 'off', true)) AS quick"
    return (
        f"INSERT INTO {table} ({k}, {w}, {e}, {n}) {values} "
        f"ON CONFLICT ({k}, {w}) DO UPDATE SET {n} = {table}.{n} + excluded.{n} RETURNING {n}"
    )


@functools.lru_cache(maxsize=64)
def _counted_read_sql(upsert: str, read: str) -> str:
    """The upsert and a read in one statement (PostgreSQL): the count, a marker (NULL when the read found
    no row, whatever its own columns hold), then the read's columns."""
    count = connection.ops.quote_name("count")
    return (
        f"WITH counted AS ({upsert}) SELECT counted.{count}, wanted.* FROM counted "
        f"LEFT JOIN LATERAL (SELECT true, found.* FROM ({read}) AS found) AS wanted ON true"
    )


def _add(
    key: str,
    window: dt.datetime,
    expires_at: dt.datetime,
    cost: int,
    read: tuple[str, Sequence[Any]] | None = None,
) -> tuple[int, tuple[Any, ...] | None]:
    """Add `cost` to the key's counter of this window, creating the row if it is the first hit, and return
    the new count (and `read`'s first row): one statement, atomic on its own (SQLite >= 3.35 and PostgreSQL
    both have INSERT ... ON CONFLICT ... RETURNING). It was an UPDATE, a SELECT and sometimes an INSERT in
    a transaction, and three ORM queries to build on every look-up."""
    postgres = connection.vendor == "postgresql"
    # Inside a caller's transaction the caller's durability stands.
    upsert = _upsert_sql(connection.vendor, postgres and not connection.in_atomic_block)
    params: list[Any] = [
        key,
        connection.ops.adapt_datetimefield_value(window),
        connection.ops.adapt_datetimefield_value(expires_at),
        cost,
    ]
    # Bound and prepared on the server (PostgreSQL): Django's default client-side binding made the server
    # parse the literals and plan the statement anew each time, 3-5x the statement's own work here.
    with statements.cursor(connection) as cursor:
        if read is None:
            cursor.execute(upsert, params)
            return int(cursor.fetchone()[0]), None
        sql, read_params = read
        if postgres:
            # A data-modifying WITH runs once, whatever the outer query reads; the outer SELECT sees the
            # snapshot the statement began with: the same rows a later SELECT would see, unless the read
            # reads the counters themselves (then it sees them before this upsert; SQLite, after).
            cursor.execute(_counted_read_sql(upsert, sql), [*params, *read_params])
            first = cursor.fetchone()
            return int(first[0]), (None if first[1] is None else tuple(first[2:]))
        cursor.execute(upsert, params)
        count = int(cursor.fetchone()[0])
        cursor.execute(sql, list(read_params))
        row = cursor.fetchone()
        return count, (None if row is None else tuple(row))


def forget_local() -> None:
    """Forget which keys this process knows to be over (the tests, whose counters are rolled back)."""
    _over.clear()


def _remember_over(
    key: str, window: dt.datetime, limit: int, count: int, now: dt.datetime, seconds: int
) -> None:
    if len(_over) >= _OVER_MAX:
        for stale in [k for k in _over if k[1] + dt.timedelta(seconds=seconds) <= now]:
            _over.pop(stale, None)
        if len(_over) >= _OVER_MAX:
            _over.clear()
    _over[(key, window, limit)] = count


def peek(key: str, *, limit: int, seconds: int, now: dt.datetime | None = None) -> Verdict:
    """The key's counter in the current window, unchanged."""
    now = now or _now()
    window, retry_after = _window(seconds, now)
    count = RateCounter.objects.filter(key=key, window=window).values_list("count", flat=True).first()
    return Verdict(count=count or 0, limit=limit, retry_after=retry_after)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.EGOV_TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the right-most address in
    X-Forwarded-For that is not a trusted proxy (what a client writes there itself is further left)."""
    remote = _address(request.META.get("REMOTE_ADDR", "")) or ipaddress.ip_address("0.0.0.0")
    if not _trusted(remote):
        return str(remote)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: trust nothing further left
        if not _trusted(address):
            return str(address)
    return str(remote)


def minutes(verdict: Verdict) -> int:
    """The whole minutes a refused client is told to wait."""
    return max(1, -(-verdict.retry_after // 60))


def too_many(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """The 429 page: in the site's layout, in Vietnamese, with Retry-After."""
    response = render(request, "core/rate_limited.html", {"minutes": minutes(verdict)}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def limit_posts(scope: str, *, limit: str, window: str) -> Callable[[View], View]:
    """Count every POST to the view against the client's address under `scope` ("login"), at most the
    setting named `limit` per the setting named `window` (seconds); over it, the 429 page and the view
    is not called. GETs are not counted (showing a form costs nothing to guess with)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                verdict = hit(
                    f"{scope}:{client_ip(request)}",
                    limit=getattr(settings, limit),
                    seconds=getattr(settings, window),
                )
                if not verdict.allowed:
                    return too_many(request, verdict)
            return view(request, *args, **kwargs)

        return limited

    return decorate
