"""The plan and the time of every hot query of the work queues: for each queue of the demo personas, its
count, its first page of ids and the rows of that page, as the queue page runs them.

    EGOV_DATA_DIR=/tmp/egov-http-bench/sqlite-200000 .venv/bin/python bench/explain_queues.py
    EGOV_DATABASE_URL=postgres://... .venv/bin/python bench/explain_queues.py --analyze

Prints, per query, the median time of --repeat runs and the plan (SQLite: EXPLAIN QUERY PLAN; PostgreSQL:
EXPLAIN, or EXPLAIN ANALYZE with --analyze), in Markdown for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("EGOV_DEBUG", "0")
os.environ.setdefault("EGOV_SECRET_KEY", "bench-only-secret-key-0123456789abcdef")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from egov.core.paging import COUNT_BOUND  # noqa: E402
from egov.dossiers import list_rows, selectors  # noqa: E402
from egov.dossiers.models import Dossier  # noqa: E402
from egov.dossiers.views.queues import PAGE_SIZE  # noqa: E402

PERSONAS = ("demo.motcua", "demo.chuyenvien", "demo.lanhdao")


def plan(sql: str, analyze: bool, params: tuple[object, ...] | None = None) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(str(row[3]) for row in cursor.fetchall())
        cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ") + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def show(
    title: str,
    run: Callable[[], object],
    repeat: int,
    analyze: bool,
    statement: tuple[str, tuple[object, ...]] | None = None,
) -> None:
    """Time `run` through the ORM, then explain the SQL it sent (the last statement), or `statement` where
    the last one went through a prepared cursor (`core.statements`), whose SQL is recorded unbound."""
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
    if not captured.captured_queries:
        print(f"#### {title}: no query (an empty page)\n")
        return
    sql, params = statement or (captured.captured_queries[-1]["sql"], None)
    print(f"#### {title}: {statistics.median(times):.2f} ms (median of {repeat}, through the ORM)\n")
    print(f"```sql\n{sql}\n```\n```\n{plan(sql, analyze, params)}\n```\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--analyze", action="store_true", help="PostgreSQL: EXPLAIN (ANALYZE, BUFFERS)")
    parser.add_argument("--only", default="", help="comma-separated queue keys")
    args = parser.parse_args()
    only = {w for w in args.only.split(",") if w}
    print(f"### {connection.vendor}, {Dossier.objects.count():,} dossiers\n")
    users = get_user_model().objects
    for username in PERSONAS:
        user = users.get(username=username)
        for q in selectors.queues_for(user):
            if only and q.key not in only:
                continue
            sort = "accept" if q.key == "to_receive" else "due"
            dossiers = selectors.filter_dossiers(selectors.queue(user, q.key), sort=sort)
            online = q.key == "to_receive"
            # What the queue page runs (egov.dossiers.views.queues): the bounded count (by handler for the
            # queues of actionable steps: selectors._count_parts), the page's ids, then the rows of those
            # ids with what the list shows.
            ids = list(dossiers.values_list("pk", flat=True)[:PAGE_SIZE])
            show(
                f"{username}: {q.key}, count",
                lambda u=user, k=q.key: selectors.queue_count(u, k, COUNT_BOUND),
                args.repeat,
                args.analyze,
                selectors.count_statement(user, q.key, COUNT_BOUND),
            )
            show(
                f"{username}: {q.key}, page of ids",
                lambda u=user, k=q.key, s=sort: selectors.queue_ids(u, k, PAGE_SIZE, sort=s),
                args.repeat,
                args.analyze,
                selectors.page_statement(user, q.key, PAGE_SIZE, sort=sort),
            )
            show(
                f"{username}: {q.key}, rows of the page",
                lambda i=ids, o=online: list_rows.list_rows(i, online=o),
                args.repeat,
                args.analyze,
                None if online or not ids else list_rows._rows_of(*ids).query.sql_with_params(),
            )


if __name__ == "__main__":
    main()
