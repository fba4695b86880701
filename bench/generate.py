"""The bulk generator's speed: dossiers per CPU-second and per wall-clock second (issue 12 item 10).

    EGOV_DATA_DIR=/tmp/gen-wt EGOV_DEMO=1 EGOV_DEBUG=0 EGOV_SECRET_KEY=... nice -n 10 \\
        .venv/bin/python bench/generate.py 20000 --clean /tmp/gen-clean.sqlite3 [--profile] [--dump rows.txt]

Runs `demo_bulk.bulk_generate` on the configured database (a demo province must be there: `manage.py demo`).
`--clean` first copies a clean demo SQLite file over EGOV_DATA_DIR/egov.sqlite3, so every run starts from
the same data. CPU time is `time.process_time` plus the CPU of finished child processes (a producer process,
if the generator uses one), the steadier figure on a shared machine; the wall-clock figure is printed with
the load average before and after. `--now` fixes the generator's clock (default: a fixed moment, so two
versions of the generator can be compared row for row with `--dump`: every generated row of the dossier
tables and the day counters, in id order, one per line). `--open-share` is the generator's: the benches'
13 % by default, `none` for the demo's steady flow (no backlog), as `manage.py demo --history` asks.
`--no-writes` times the generation alone (the rows are made and dropped, nothing is written): the CPU per
dossier of the generator's own work, steadier than a whole run on a loaded machine.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("--clean", type=Path, help="a clean demo SQLite file copied in before the run")
    parser.add_argument("--now", default="2026-12-05T06:00:00+00:00", help="the generator's clock (ISO)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument(
        "--writer-process", action="store_true", help="write in a second process while this one generates"
    )
    parser.add_argument(
        "--processes", type=int, default=1, help="generate and write in N processes side by side"
    )
    parser.add_argument(
        "--open-share",
        default=None,
        help="the share open at the clock's moment (default: the generator's, 0.13); none: no backlog",
    )
    parser.add_argument(
        "--indexes",
        choices=["auto", "aside", "kept"],
        default="auto",
        help="drop the secondary indexes for the load and build them after (aside), or not (kept); "
        "auto: the generator's choice (aside for a large load that at least doubles the table)",
    )
    parser.add_argument("--no-writes", action="store_true", help="generate the rows and drop them")
    parser.add_argument("--profile", action="store_true", help="cProfile the run, print the top 30")
    parser.add_argument("--dump", type=Path, help="write the generated rows here, one per line")
    args = parser.parse_args()

    if args.clean:
        target = Path(os.environ["EGOV_DATA_DIR"]) / "egov.sqlite3"
        for extra in ("-wal", "-shm"):
            Path(f"{target}{extra}").unlink(missing_ok=True)
        shutil.copyfile(args.clean, target)

    import django

    django.setup()
    from django.db import connection

    from egov.dossiers import demo_bulk
    from egov.dossiers.models import Dossier

    now = dt.datetime.fromisoformat(args.now)
    if args.no_writes:
        _generate_only(args, now)
        return
    # the generating processes' own server processes are not followed: only the one process's
    backend = _backend() if args.processes == 1 else None
    backend_cpu0 = _process_cpu(backend)
    before = Dossier.objects.values_list("pk", flat=True).order_by("-pk").first() or 0
    load_before = os.getloadavg()
    profile = cProfile.Profile() if args.profile else None
    cpu0, wall0 = _cpu(), time.perf_counter()
    if profile:
        profile.enable()
    marks: list[tuple[int, float, float]] = []

    def progress(count: int) -> None:
        marks.append((count, _cpu(), time.perf_counter()))

    two = args.writer_process
    shared = _open_share(args)
    aside = {"auto": None, "aside": True, "kept": False}[args.indexes]
    done = demo_bulk.bulk_generate(
        args.count,
        now=now,
        seed=args.seed,
        chunk=args.chunk,
        progress=progress,
        writer_process=two,
        processes=args.processes,
        indexes_aside=aside,
        **shared,
    )
    if profile:
        profile.disable()
    cpu, wall = _cpu() - cpu0, time.perf_counter() - wall0
    backend_cpu = _process_cpu(backend) - backend_cpu0
    load_after = os.getloadavg()
    print(f"{connection.vendor}: {done} dossiers, chunk {args.chunk}, seed {args.seed}, {_spread(before)}")
    print(f"  CPU  {cpu:8.2f} s  -> {done / cpu:9,.0f} dossiers per CPU-second")
    print(f"  wall {wall:8.2f} s  -> {done / wall:9,.0f} dossiers/s")
    if backend is not None:
        print(f"  server process (PostgreSQL backend {backend}, same machine): {backend_cpu:.2f} CPU-s")
    if marks:
        # the indexes made again after the last chunk, when they were set aside, and the ANALYZE
        print(f"  after the last chunk: {wall0 + wall - marks[-1][2]:.2f} s wall")
    if len(marks) > 1:
        # After the first chunk: the set-up (flows, staff, the first answers of every cache) is behind.
        # With a writing process its CPU is counted when it ends: only the wall-clock rate then.
        (n0, c0, w0), (n1, c1, w1) = marks[0], marks[-1]
        rate = f"{(n1 - n0) / (c1 - c0):,.0f} per CPU-second, " if not two else ""
        print(
            f"  after the first chunk: {n1 - n0} dossiers, {rate}{(n1 - n0) / (w1 - w0):,.0f}/s wall "
            f"(set-up and first chunk: {w0 - wall0:.1f} s wall)"
        )
    print(f"  load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    if profile:
        # BENCH_SORT (tottime, cumulative), BENCH_FILTER (a path part, e.g. egov)
        stats = pstats.Stats(profile).sort_stats(os.environ.get("BENCH_SORT", "tottime"))
        stats.print_stats(os.environ.get("BENCH_FILTER", ""), 30)
    if args.dump:
        _dump(args.dump, before)


def _open_share(args: argparse.Namespace) -> dict[str, Any]:
    """`bulk_generate`'s open_share as asked (none: no backlog), or nothing: its default."""
    if args.open_share is None:
        return {}
    return {"open_share": None if args.open_share.lower() == "none" else float(args.open_share)}


def _generate_only(args: argparse.Namespace, now: dt.datetime) -> None:
    """The generator's chunks made and dropped: its CPU per dossier without the database's share."""
    import random

    from egov.dossiers import demo_bulk
    from egov.dossiers.demo_data import usable_flows

    shared = _open_share(args)
    tables = demo_bulk._Tables(now)
    world = demo_bulk._World(usable_flows(), now, 730, tables, **shared)
    rng, sequences = random.Random(args.seed), {}
    written = (tables.dossiers, tables.events, tables.visits)

    def chunk(size: int) -> None:
        demo_bulk._make_chunk(size, rng, world, sequences, tables)
        for table in written:
            table.rows.clear()

    chunk(2000)  # the first answers of every cache
    load_before, cpu0 = os.getloadavg(), time.process_time()
    done = 0
    while done < args.count:
        chunk(min(args.chunk, args.count - done))
        done += min(args.chunk, args.count - done)
    cpu = time.process_time() - cpu0
    print(f"generation only: {done} dossiers, seed {args.seed}, after 2,000 to warm the caches")
    print(f"  CPU  {cpu:8.2f} s  -> {cpu / done * 1e6:6.1f} µs per dossier, {done / cpu:,.0f} per CPU-second")
    print(f"  load average {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after")


def _spread(after_dossier: int) -> str:
    """The share of the run's dossiers open at the clock's moment."""
    from egov.dossiers import demo_bulk
    from egov.dossiers.models import Dossier

    made = Dossier.objects.filter(pk__gt=after_dossier)
    opened = made.filter(status__in=demo_bulk.OPEN).count()
    return f"{opened / max(made.count(), 1):.1%} open"


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _backend() -> int | None:
    """The PostgreSQL server process serving this connection, when it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _process_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _dump(path: Path, after_dossier: int) -> None:
    """The rows the run wrote, as the database holds them (the same text for the same data)."""
    from django.db import connection

    from egov.dossiers.models import CodeSequence, Dossier, DossierEvent, StepVisit

    if connection.vendor == "sqlite":
        import sqlite3

        # A plain connection: Django's converts the date-times back, which would hide how they are stored.
        raw = sqlite3.connect(connection.settings_dict["NAME"])
        raw_cursor = raw.cursor()
        cursor_cm: Any = _Plain(raw_cursor)
    else:
        cursor_cm = connection.cursor()
    with path.open("w") as out, cursor_cm as cursor:
        for model, key in ((Dossier, "id"), (DossierEvent, "dossier_id"), (StepVisit, "dossier_id")):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} WHERE {key} > {int(after_dossier)} ORDER BY id")
            for row in cursor.fetchall():
                out.write(f"{model.__name__} {row!r}\n")
        table = connection.ops.quote_name(CodeSequence._meta.db_table)
        cursor.execute(f"SELECT prefix, day, last FROM {table} ORDER BY prefix, day")
        for row in cursor.fetchall():
            out.write(f"CodeSequence {row!r}\n")


class _Plain:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def __enter__(self) -> Any:
        return self.cursor

    def __exit__(self, *exc: object) -> None:
        self.cursor.close()


if __name__ == "__main__":
    main()
