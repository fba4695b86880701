"""PostgreSQL: aware timestamps read by psycopg's compiled loader instead of Django's Python one.

Django 5.2 registers its own `timestamptz` loader on every PostgreSQL connection: a subclass of psycopg's
pure-Python loader whose `load` replaces the value's tzinfo with the connection's time zone. psycopg swaps a
loader for its compiled twin only when the class is psycopg's own, so every timestamp of every row was parsed
in Python (~4 µs each against ~1 µs; 6-7 % of the dossier page's time at 1 M dossiers, more on a queue's
page, docs/performance.md "Timestamps read by psycopg's compiled loader").

When Django's connection time zone is UTC (USE_TZ with no TIME_ZONE in the database's settings, egov's
configuration) Django has set the session's TimeZone to UTC, psycopg's loader converts every value to the
session's zone, and Django's `replace(tzinfo=UTC)` changes nothing: the compiled loader gives the same
datetimes, `datetime.timezone.utc` included. In any other configuration (USE_TZ off: Django wants naive
values; a database TIME_ZONE) Django's loader stays. The class keeps Django's `timezone` attribute, which
Django's `create_cursor` compares with the connection's before it registers its own loader on a cursor.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any


@functools.cache
def _utc_loader() -> type | None:
    """The loader, or None without psycopg's compiled implementation (psycopg[binary] or psycopg[c]): the
    pure-Python one behind a Python loader would only add a call to Django's."""
    from psycopg import adapters
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    compiled: Any = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)
    if not compiled.__module__.startswith(("psycopg_binary", "psycopg_c")):
        return None

    class UtcTimestamptzLoader(Loader):
        """Django's `timezone` attribute, psycopg's compiled loading: the compiled class cannot be
        subclassed, so each instance takes the `load` of an instance of it (psycopg's row reader asks a
        loader for `load` once per column and calls it per value: no Python call in between)."""

        timezone = datetime.UTC  # what Django's create_cursor compares

        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self._compiled = compiled(oid, context)
            self.load = self._compiled.load  # type: ignore[method-assign]

        def load(self, data: Any) -> Any:
            # Shadowed on each instance by the compiled loader's own method; the class's answer is the same.
            return self._compiled.load(data)

    return UtcTimestamptzLoader


def use_compiled_timestamps(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: the compiled loader for a PostgreSQL connection in UTC."""
    if connection.vendor != "postgresql" or connection.timezone is not datetime.UTC:
        return
    loader = _utc_loader()
    if loader is not None:
        connection.connection.adapters.register_loader("timestamptz", loader)
