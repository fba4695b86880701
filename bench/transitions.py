"""Transitions per second through `services.transition`, with every row a move writes (the row lock, history,
step visits, audit, outbox, the statistics' summary rows), by N worker processes at once.

    nice -n 10 .venv/bin/python bench/transitions.py --data /tmp/egov-http-bench/sqlite-200000 --workers 2

The move is one the rules allow on any dossier in processing however old it is: the leader of the demo
commune An Bình (`demo.lanhdao`) gives a dossier at a processing step of the commune to one of the step's
holders, each move to the next holder in turn ("assign"; a move of the table like any other: lock, checks,
effects, history row, visits, audit row, statistics). The data set's database is copied first (SQLite: the
file; PostgreSQL: `--database-url` is used as is, so point it at a throw-away copy), so the bench data of
bench/http_load.py is not changed. Each worker takes its own share of the dossiers. Before the timed run,
one move is taken under Django's query log and its statements are printed with their count. `--batch N`
takes N moves per transaction, as bulk work (the year replay) may: each move is then a savepoint in it,
refused or committed with it.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import multiprocessing
import os
import pstats
import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LEADER = "demo.lanhdao"


def _setup(data: Path, database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    os.environ["EGOV_DATA_DIR"] = str(data)
    os.environ.setdefault("EGOV_DEBUG", "1")
    os.environ.setdefault("EGOV_SECRET_KEY", "bench-only-secret-key-0123456789abcdef")
    if database_url:
        os.environ["EGOV_DATABASE_URL"] = database_url
    import django

    django.setup()


def copy_data_set(data: Path, copy: Path) -> Path:
    """The SQLite data set in `data` copied into `copy` (its keys and media linked), so a bench's moves leave
    the source as it was. SQLite's backup: a consistent copy even while the HTTP bench's servers have the
    file open (WAL)."""
    copy.mkdir(parents=True, exist_ok=True)
    (copy / "egov.sqlite3").unlink(missing_ok=True)
    for folder in ("keys", "media"):
        if (data / folder).exists() and not (copy / folder).exists():
            (copy / folder).symlink_to(data / folder)
    with (
        sqlite3.connect(data / "egov.sqlite3") as source,
        sqlite3.connect(copy / "egov.sqlite3") as target,
    ):
        source.backup(target)
    return copy


def _server_cpu(connection: Any) -> float:
    """The CPU seconds used so far by this connection's PostgreSQL server process, when it runs on this
    machine (its /proc entry); 0 for SQLite, whose work is the worker's own."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _work(args: tuple[Path, str, list[int], int, float, int, str]) -> tuple[int, int, float, float, float]:
    """One worker: `moves` assigns over its dossiers, starting at `start` (a shared wall-clock moment),
    `batch` moves per transaction (each move still its own savepoint inside it); under cProfile, its
    statistics written to `profile`, when that names a file."""
    data, database_url, ids, moves, start, batch, profile = args
    _setup(data, database_url)
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from egov.dossiers import moves as dossier_moves
    from egov.dossiers import services
    from egov.dossiers.models import Dossier

    leader = get_user_model().objects.get(username=LEADER)
    holders = {pk: dossier_moves.current_step_holders(Dossier.objects.get(pk=pk)) for pk in ids}
    connection.close()
    time.sleep(max(0.0, start - time.time()))
    server = _server_cpu(connection)
    done = refused = 0
    # CPU time, not wall time: on a loaded machine the wall clock counts the waits for a core too.
    profiler = cProfile.Profile(time.process_time) if profile else None
    began = time.perf_counter()
    cpu = time.process_time()
    if profiler is not None:
        profiler.enable()
    for first in range(0, moves, batch):
        with transaction.atomic() if batch > 1 else contextlib.nullcontext():
            for n in range(first, min(first + batch, moves)):
                pk = ids[n % len(ids)]
                people = holders[pk]
                try:
                    services.transition(
                        pk,
                        "assign",
                        actor=leader,
                        handler=people[(n // len(ids)) % len(people)],
                        idempotency_key=uuid.uuid4().hex,
                    )
                    done += 1
                except Exception:  # a refusal counts, and the worker goes on with the next dossier
                    refused += 1
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    spent = _server_cpu(connection) - server
    return done, refused, time.perf_counter() - began, time.process_time() - cpu, spent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("/tmp/egov-http-bench/sqlite-200000"))
    parser.add_argument("--database-url", default="", help="PostgreSQL (a throw-away copy): used as is")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--moves", type=int, default=600, help="moves per worker")
    parser.add_argument("--dossiers", type=int, default=200, help="dossiers per worker")
    parser.add_argument(
        "--batch",
        type=int,
        default=1,
        help="moves per transaction (bulk work: each move a savepoint in it); 1: each its own",
    )
    parser.add_argument(
        "--copy",
        type=Path,
        default=Path("/tmp/egov-transitions-bench"),
        help="where the SQLite data set is copied (one per engineer on a shared machine)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="run the workers under cProfile and print the N costliest functions (own time, then with "
        "callees); the CPU figures then include the profiler's own cost",
    )
    args = parser.parse_args()
    data = args.data
    if not args.database_url:  # a copy of the SQLite file, so the HTTP bench's data set stays as it was
        data = copy_data_set(data, args.copy)
    _setup(data, args.database_url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from egov.dossiers import moves as dossier_moves
    from egov.dossiers import permissions, services
    from egov.dossiers.models import Dossier, Status
    from egov.procedures.models import StepKind

    leader = get_user_model().objects.get(username=LEADER)
    agencies = permissions.agency_ids(leader, ("leader",))
    ids = list(
        Dossier.objects.filter(
            status=Status.PROCESSING, current_kind=StepKind.PROCESS, current_agency_id__in=agencies
        )
        .order_by("id")
        .values_list("id", flat=True)[: args.workers * args.dossiers + 1]
    )
    if len(ids) < args.workers + 1:
        raise SystemExit(f"only {len(ids)} dossiers in processing at a process step of {LEADER}'s agencies")
    sample, ids = ids[0], ids[1:]
    holder = dossier_moves.current_step_holders(Dossier.objects.get(pk=sample))[0]
    with CaptureQueriesContext(connection) as log:  # the service's statements only
        services.transition(sample, "assign", actor=leader, handler=holder, idempotency_key=uuid.uuid4().hex)
    print(f"one move: {len(log.captured_queries)} statements")
    for q in log.captured_queries:
        print("   ", q["sql"][:150])
    connection.close()
    shares = [ids[i :: args.workers] for i in range(args.workers)]
    start = time.time() + 3
    load = os.getloadavg()[0]
    profiles = [str(args.copy / f"profile-{i}.prof") if args.profile else "" for i in range(args.workers)]
    if args.profile:
        args.copy.mkdir(parents=True, exist_ok=True)
    jobs = [
        (data, args.database_url, share, args.moves, start, args.batch, profile)
        for share, profile in zip(shares, profiles, strict=True)
    ]
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        results = pool.map(_work, jobs)
    moves = sum(r[0] for r in results)
    refused = sum(r[1] for r in results)
    wall = max(r[2] for r in results)
    cpu = sum(r[3] for r in results) / max(moves + refused, 1)
    server = sum(r[4] for r in results) / max(moves + refused, 1)
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{engine}, {args.workers} workers, {args.batch} per transaction, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, load {load:.2f} → "
        f"{os.getloadavg()[0]:.2f}: {moves} moves ({refused} refused) in {wall:.1f} s: "
        f"{moves / wall:.0f} transitions per second; CPU of the workers {cpu * 1000:.1f} ms per move "
        + (
            f"(at most {1 / cpu:.0f} moves per second per busy core, the database's own work in SQLite "
            "included)"
            if not args.database_url
            else f"and of their PostgreSQL server processes {server * 1000:.1f} ms per move"
        )
    )
    if args.profile:
        stats = pstats.Stats(*profiles)
        print(f"function calls per move: {stats.total_calls / max(moves + refused, 1):.0f}")  # type: ignore[attr-defined]
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
