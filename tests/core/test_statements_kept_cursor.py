"""The statements built once run on one cursor kept per connection when nothing watches the queries
(egov.core.cursors: `cursor`, `_Kept`): the same cursor statement after statement, a second one of its
own while it is in use, Django's own wrapper when the queries are logged, errors wrapped as Django wraps
them, rows left unread drained on SQLite, a new cursor for a new connection, prepared on PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import DatabaseError, connection, connections
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext

from egov.core import cursors, statements


def _db():  # the connection itself, as the hot paths pass it
    return connections["default"]


@pytest.fixture(autouse=True)
def _not_shared(monkeypatch):
    """A browser test's live server, once started, lives for the whole session and shares SQLite's
    connection in memory with its threads, which gives every statement a cursor of its own: these tests are
    about the kept one, and the server is idle while they run."""
    monkeypatch.setattr(_db(), "_thread_sharing_count", 0)


@pytest.mark.django_db
def test_the_same_cursor_statement_after_statement():
    with statements.cursor(_db()) as first:
        first.execute("SELECT %s", [1])
        assert first.fetchone() == (1,)
    with statements.cursor(_db()) as second:
        second.execute("SELECT %s + %s", [2, 3])
        assert second.fetchall() == [(5,)]
    assert first is second and isinstance(first, cursors._Kept) and not first.busy


@pytest.mark.django_db
def test_the_proxy_of_django_db_gets_the_connections_kept_cursor():
    with statements.cursor(connection) as through_proxy:
        pass
    with statements.cursor(_db()) as direct:
        pass
    assert through_proxy is direct


@pytest.mark.django_db
def test_a_second_cursor_while_the_kept_one_is_in_use():
    with statements.cursor(_db()) as outer:
        outer.execute("SELECT %s", [1])
        with statements.cursor(_db()) as inner:
            assert inner is not outer and inner.own and inner.cursor is not outer.cursor
            inner.execute("SELECT %s", [2])
            assert inner.fetchone() == (2,)
        assert not inner.busy
        if _db().vendor == "postgresql":
            assert inner.cursor.closed
        else:
            with pytest.raises(sqlite3.ProgrammingError):  # "Cannot operate on a closed cursor."
                inner.cursor.execute("SELECT 1")
        # The outer statement's rows are still there: the inner one ran on its own cursor.
        assert outer.fetchone() == (1,)
    with statements.cursor(_db()) as again:
        assert again is outer  # the kept one, given back


@pytest.mark.django_db
def test_logged_queries_go_through_djangos_wrapper_and_are_logged():
    with CaptureQueriesContext(_db()) as log, statements.cursor(_db()) as c:
        assert isinstance(c, CursorWrapper)
        c.execute("SELECT %s", [7])
        assert c.fetchone() == (7,)
    assert len(log.captured_queries) == 1 and "SELECT" in log.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_an_execute_wrapper_sees_the_statement():
    seen = []

    def watch(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with _db().execute_wrapper(watch), statements.cursor(_db()) as c:
        c.execute("SELECT %s", [8])
        assert c.fetchone() == (8,)
    assert seen == ["SELECT %s"]


@pytest.mark.django_db
def test_an_error_is_djangos_and_gives_the_cursor_back():
    with pytest.raises(DatabaseError), statements.cursor(_db()) as c:
        c.execute("SELECT * FROM no_such_table_here WHERE 1 = %s", [1])
    kept = _db().__dict__["_statements_cursor"]
    assert not kept.busy
    if _db().vendor == "postgresql":
        return  # the test's transaction is broken now; Django refuses further queries in it
    with statements.cursor(_db()) as again:
        assert again is kept
        again.execute("SELECT %s", [1])
        assert again.fetchone() == (1,)


@pytest.mark.django_db
def test_rows_left_unread_are_drained_on_leaving():
    """SQLite: a statement with rows left would keep its read transaction, and the connection's later reads
    its snapshot; leaving the block reads the rest, as closing Django's cursor resets the statement
    (psycopg has read every row when `execute` returns: nothing is left open)."""
    if _db().vendor != "sqlite":
        pytest.skip("SQLite's statements")
    with statements.cursor(_db()) as c:
        c.execute("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT %s", [3])
        assert c.fetchone() == (1,)
    assert c.cursor.fetchall() == []


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_gets_a_new_cursor():
    with statements.cursor(_db()) as before:
        pass
    if _db().vendor == "sqlite":
        pytest.skip("the test database in memory lives as long as its one connection")
    _db().close()
    _db().connect()
    with statements.cursor(_db()) as after:
        after.execute("SELECT %s", [1])
        assert after.fetchone() == (1,)
    assert after is not before and after.raw_connection is _db().connection


@pytest.mark.django_db
def test_on_postgresql_the_kept_cursor_prepares():
    if _db().vendor != "postgresql":
        pytest.skip("prepared on PostgreSQL only")
    with statements.cursor(_db()) as c:
        c.execute('SELECT %s::integer AS "kept_cursor_marker"', [1])
        assert c.fetchone() == (1,)
    with connection.cursor() as plain:
        plain.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in plain.fetchall()]
    assert any("kept_cursor_marker" in text for text in prepared), prepared


def test_a_test_not_allowed_the_database_is_refused_as_by_djangos_cursor(django_db_blocker):
    """Django's checks before a cursor run every time, also when the connection is open already: here
    pytest-django's blocker (which replaces `ensure_connection`) refuses, as it refuses
    `connection.cursor()`."""
    with django_db_blocker.unblock():
        _db().ensure_connection()  # open: the check must not be skipped because of that
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        statements.cursor(_db())
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        _db().cursor()


@pytest.mark.django_db
def test_threads_sharing_the_connection_get_cursors_of_their_own():
    """The live server of the browser tests shares SQLite's connection in memory with its threads: the
    kept cursor's busy flag is no lock, so each statement then gets a cursor of its own."""
    _db().inc_thread_sharing()
    try:
        with statements.cursor(_db()) as first, statements.cursor(_db()) as second:
            assert first.own and second.own and first.cursor is not second.cursor
            first.execute("SELECT %s", [1])
            assert first.fetchone() == (1,)
    finally:
        _db().dec_thread_sharing()
    with statements.cursor(_db()) as kept:
        assert not kept.own


@pytest.mark.django_db
def test_iterating_reads_the_rows():
    with statements.cursor(_db()) as c:
        c.execute("SELECT 1 UNION ALL SELECT %s", [2])
        assert [row[0] for row in c] == [1, 2]
