"""PostgreSQL's timestamps read by psycopg's compiled loader give what Django's own loader gives
(egov/core/pgtypes.py; docs/performance.md, "Timestamps read by psycopg's compiled loader")."""

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader  # type: ignore[attr-defined]

from egov.core import pgtypes

pytestmark = pytest.mark.django_db

VALUES = [
    "2026-12-04 09:30:15.123456+07",
    "2026-01-01 00:00:00+00",
    "1969-12-31 23:59:59.999999+00",
    "1900-02-28 12:00:00+07:06:40",  # a seconds offset, as old local mean times have
    "9999-12-31 23:59:59.999999+00",
    "2025-07-01 06:00:00-09:30",
]
QUERY = "SELECT " + ", ".join(f"%s::timestamptz AS v{i}" for i in range(len(VALUES)))


def _skip_unless_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the loader is PostgreSQL's")


def _read() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(QUERY, VALUES)
        return cursor.fetchone()


def test_a_connection_reads_timestamps_with_the_compiled_loader():
    _skip_unless_postgresql()
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, text
    assert loader is pgtypes._utc_loader()
    # Django's create_cursor compares this with the connection's time zone before it puts its own back.
    assert loader.timezone is datetime.UTC
    with connection.cursor() as cursor:
        assert cursor.cursor.adapters.get_loader(1184, 0) is loader


def test_the_compiled_loader_gives_what_djangos_loader_gives():
    _skip_unless_postgresql()
    connection.ensure_connection()
    ours = _read()
    register_tzloader(connection.timezone, connection.connection)
    try:
        assert connection.connection.adapters.get_loader(1184, 0) is not pgtypes._utc_loader()
        djangos = _read()
    finally:
        pgtypes.use_compiled_timestamps(None, connection)
    assert ours == djangos
    for mine, theirs in zip(ours, djangos, strict=True):
        assert mine.tzinfo is theirs.tzinfo is datetime.UTC
        assert (mine.year, mine.microsecond) == (theirs.year, theirs.microsecond)
    assert ours[0] == datetime.datetime(2026, 12, 4, 2, 30, 15, 123456, tzinfo=datetime.UTC)
    assert ours[3] == datetime.datetime(1900, 2, 28, 4, 53, 20, tzinfo=datetime.UTC)


def test_the_model_layer_reads_aware_utc_values():
    _skip_unless_postgresql()
    from egov.core.models import AuditEntry

    entry = AuditEntry.objects.create(action="test.pgtypes", object_type="test", object_id="1")
    read = AuditEntry.objects.get(pk=entry.pk)
    assert read.at == entry.at
    assert read.at.tzinfo is datetime.UTC


def test_other_configurations_keep_djangos_loader():
    """USE_TZ off wants naive values, a database TIME_ZONE another zone, SQLite has no loaders: the
    receiver registers nothing there, and registers on a PostgreSQL connection in UTC."""

    class Adapters:
        def __init__(self) -> None:
            self.registered: list[Any] = []

        def register_loader(self, name: str, loader: Any) -> None:
            self.registered.append((name, loader))

    def stand_in(vendor: str, zone: Any) -> Any:
        return SimpleNamespace(vendor=vendor, timezone=zone, connection=SimpleNamespace(adapters=Adapters()))

    for vendor, zone in [
        ("postgresql", None),
        ("postgresql", datetime.timezone(datetime.timedelta(hours=7))),
        ("sqlite", datetime.UTC),
    ]:
        other = stand_in(vendor, zone)
        pgtypes.use_compiled_timestamps(None, other)
        assert other.connection.adapters.registered == [], (vendor, zone)
    utc = stand_in("postgresql", datetime.UTC)
    pgtypes.use_compiled_timestamps(None, utc)
    assert utc.connection.adapters.registered == [("timestamptz", pgtypes._utc_loader())]


def test_the_loader_hands_each_value_to_psycopgs_compiled_loader():
    loader = pgtypes._utc_loader()
    assert loader is not None  # psycopg[binary] is installed (pyproject.toml)
    value = loader(1184).load(b"2026-12-04 09:30:15.123456+07")
    assert value == datetime.datetime(2026, 12, 4, 2, 30, 15, 123456, tzinfo=datetime.UTC)
    # The compiled loader's own method, no Python method of ours around it.
    assert type(loader(1184).load.__self__).__module__.startswith(("psycopg_binary", "psycopg_c"))
    one = loader(1184)
    assert type(one).load(one, b"2026-12-04 09:30:15.123456+07") == value  # the class's own answer too
