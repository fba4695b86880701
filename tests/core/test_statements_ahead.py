"""Reads run ahead together (`statements.ahead`): on PostgreSQL in one pipeline, each read's rows handed to
the first code that asks for them; the same rows as asking one by one, on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.db.models import QuerySet

from egov.accounts.models import User
from egov.core import statements
from egov.organizations.models import Agency, Staff


def _staff_of(agency_id: int) -> QuerySet[Staff]:
    return Staff.objects.select_related("user", "agency").filter(agency_id=agency_id).order_by("pk")


def _names_under(pk: int) -> QuerySet[Agency, tuple[str, Any]]:
    return Agency.objects.filter(parent_id=pk).order_by("path").values_list("name", "created_at")


class Statements:
    """Each statement run, and whether the connection was in pipeline mode when it was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bool]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        piped = False
        if connection.vendor == "postgresql":
            from psycopg import pq

            piped = connection.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF
        self.sent.append((sql, piped))
        return execute(sql, params, many, context)


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _rows(cast: Any, user: Any) -> tuple[list[Any], list[Any], Any]:
    """Three reads; `user` is a fresh instance whose `staff` is not read yet."""
    p = cast.province
    staff = statements.select_objects(_staff_of, p.justice.pk)
    names = statements.select(_names_under, p.root.pk)
    return (
        [(s.pk, s.user.username, s.user.date_joined, s.agency.path) for s in staff],
        names,
        statements.reverse_one(user, "staff", "agency"),
    )


def test_reads_ahead_give_the_rows_of_reads_one_by_one(cast):
    p = cast.province
    one_by_one = _rows(cast, User.objects.get(pk=cast.specialist.user_id))
    assert one_by_one[0] and one_by_one[1]
    reads = [
        statements.Read(_staff_of, (p.justice.pk,)),
        statements.Read(_names_under, (p.root.pk,)),
        statements.reverse_one_read(User, "staff", cast.specialist.user_id, "agency"),
    ]
    seen = Statements()
    fresh = User.objects.get(pk=cast.specialist.user_id)
    with connection.execute_wrapper(seen), statements.ahead(reads):
        sent_ahead = len(seen.sent)
        together = _rows(cast, fresh)
    assert together[0] == one_by_one[0]
    assert together[1] == one_by_one[1]  # converters ran: aware datetimes
    assert together[2].pk == one_by_one[2].pk and together[2].agency.path == one_by_one[2].agency.path
    if _pg():
        # All three sent in one pipeline before the block began; none sent again when asked for.
        assert sent_ahead == 3 == len(seen.sent)
        assert all(piped for _, piped in seen.sent)
    else:
        # SQLite's reads are calls inside this process: nothing is read ahead, each runs when asked.
        assert sent_ahead == 0 and len(seen.sent) == 3


def test_a_read_is_handed_out_once_and_an_unasked_one_is_dropped(cast):
    p = cast.province
    seen = Statements()
    reads = [statements.Read(_staff_of, (p.justice.pk,)), statements.Read(_staff_of, (p.commune_a.pk,))]
    with connection.execute_wrapper(seen):
        with statements.ahead(reads):
            first = statements.select_objects(_staff_of, p.justice.pk)
            second = statements.select_objects(_staff_of, p.justice.pk)  # asked again: read again
            other = statements.select_objects(_staff_of, p.commune_b.pk)  # never named: read when asked
        after = statements.select_objects(_staff_of, p.commune_a.pk)  # after the block: read again
    assert [s.pk for s in first] == [s.pk for s in second] and first
    assert [s.pk for s in after] == [s.pk for s in _staff_of(p.commune_a.pk)]
    assert [s.pk for s in other] == [s.pk for s in _staff_of(p.commune_b.pk)]
    assert len(seen.sent) == (2 + 3 if _pg() else 4)


def test_rows_read_ahead_are_those_of_the_blocks_start(cast):
    """Only around reads: a change made inside the block is not in rows read before it."""
    p = cast.province
    with statements.ahead([statements.Read(_names_under, (p.root.pk,))]):
        Agency.objects.filter(pk=p.justice.pk).update(name="Renamed")
        names = statements.select(_names_under, p.root.pk)
    renamed = statements.select(_names_under, p.root.pk)
    assert ("Renamed" in [n for n, _ in names]) is (not _pg())
    assert "Renamed" in [n for n, _ in renamed]


def test_nested_blocks_and_empty_or_impossible_reads(cast):
    p = cast.province
    seen = Statements()
    with connection.execute_wrapper(seen):
        with statements.ahead([]):
            pass
        with statements.ahead([statements.Read(_staff_of, (2**63,))]):  # no column holds it: no rows
            assert statements.select_objects(_staff_of, 2**63) == []
        assert seen.sent == []
        with statements.ahead([statements.Read(_staff_of, (p.justice.pk,))]):
            with statements.ahead([statements.Read(_staff_of, (p.commune_a.pk,))]):  # inside: runs nothing
                inner = statements.select_objects(_staff_of, p.commune_a.pk)
            outer = statements.select_objects(_staff_of, p.justice.pk)
    assert [s.pk for s in inner] == [s.pk for s in _staff_of(p.commune_a.pk)]
    assert [s.pk for s in outer] == [s.pk for s in _staff_of(p.justice.pk)]
    assert len(seen.sent) == 2


def test_without_prepared_statements_nothing_is_read_ahead(cast, monkeypatch):
    if not _pg():
        pytest.skip("prepared statements are PostgreSQL's")
    p = cast.province
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    seen = Statements()
    with connection.execute_wrapper(seen), statements.ahead([statements.Read(_staff_of, (p.justice.pk,))]):
        assert seen.sent == []
        rows = statements.select_objects(_staff_of, p.justice.pk)
    assert [s.pk for s in rows] == [s.pk for s in _staff_of(p.justice.pk)]
    assert [piped for _, piped in seen.sent] == [False]


def _named_like(pattern: str) -> QuerySet[Agency, int]:
    return Agency.objects.filter(name__regex=pattern).values_list("pk", flat=True)


@pytest.mark.django_db(transaction=True)
def test_a_read_the_server_refuses_leaves_the_connection_as_it_was(cast):
    """Outside a transaction (as a page runs): the server refuses one read of the pipeline (an invalid
    regular expression); the error is Django's, nothing is kept for the block, and the connection works."""
    if not _pg():
        pytest.skip("pipeline mode is PostgreSQL's")
    from psycopg import pq

    p = cast.province
    reads = [statements.Read(_staff_of, (p.justice.pk,)), statements.Read(_named_like, ("(",))]
    with pytest.raises(DatabaseError, match="regular expression"), statements.ahead(reads):
        pytest.fail("the block must not run")  # pragma: no cover
    assert statements._AHEAD.get() is None
    assert connection.connection.pgconn.pipeline_status == pq.PipelineStatus.OFF
    assert connection.get_autocommit()
    rows = statements.select_objects(_staff_of, p.justice.pk)
    assert [s.pk for s in rows] == [s.pk for s in _staff_of(p.justice.pk)]
    with statements.ahead([statements.Read(_staff_of, (p.justice.pk,))]):  # and the next block reads ahead
        assert [s.pk for s in statements.select_objects(_staff_of, p.justice.pk)] == [s.pk for s in rows]
