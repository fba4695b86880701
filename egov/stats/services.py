"""Writes of the statistics app: rebuilding the summary tables from the dossiers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from egov.core import audit
from egov.core.audit import Actor
from egov.stats import recount
from egov.stats.keeping import TABLES
from egov.stats.models import StatsState

WRITE_BATCH = 10_000


def _db(field: Any, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def _insert(model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT the rows with executemany, each value adapted by its field as the ORM would (dates, moments):
    bulk_create's per-object preparation took most of a rebuild of millions of rows."""
    fields = [model._meta.get_field(c) for c in columns]
    # Only dates and moments need the backend's form; integers, strings and booleans go as they are.
    dated = [isinstance(f, models.DateField) for f in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        for first in range(0, len(rows), WRITE_BATCH):
            batch = rows[first : first + WRITE_BATCH]
            values = [
                [_db(f, v) if d else v for f, d, v in zip(fields, dated, row, strict=True)] for row in batch
            ]
            cursor.executemany(sql, values)


def rebuild(*, actor: Actor, progress: Callable[[str], None] | None = None) -> int:
    """Replace the summary tables by a recount of every dossier, in one transaction (moves taken meanwhile
    wait for it on the tables' rows; readers see the old figures until it commits).
    Returns the rows written."""
    keys = recount.recount()
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for key, n in keys.items():
        if n:
            rows[key[0]].append((*key[1:], n))
    del keys
    with transaction.atomic():
        for table, (model, columns) in TABLES.items():
            model.objects.all().delete()
            _insert(model, (*columns, "count"), rows[table])
        if progress:
            progress(", ".join(f"{table}: {len(rows[table])}" for table in TABLES))
        state, _ = StatsState.objects.get_or_create(pk=1)
        state.rebuilt_at = timezone.now()
        state.save(update_fields=["rebuilt_at"])
        written = sum(len(r) for r in rows.values())
        audit.record(actor, "stats.rebuild", state, after={"rows": written})
    _analyze()
    return written


def _analyze() -> None:
    """The planner's statistics of the tables just refilled: with the ones of before (or none, after a
    migration added an index), SQLite read a period of the counter's view through the unique key's day
    range instead of `stats_day_counter` (70 ms against 17 ms at 100,000 dossiers, docs/performance.md).
    SQLite only: on PostgreSQL the application's role does not own the tables (ANALYZE would skip each with
    a warning), and autovacuum analyses them."""
    if connection.vendor != "sqlite":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, _columns in TABLES.values():
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
