"""CPU time, queries and function calls of the officers' pages, in-process, beside egov's own hello.

    cp -a /tmp/egov-http-bench/sqlite-200000 /tmp/my-copy   # never write into the bench's data set
    EGOV_DATA_DIR=/tmp/my-copy nice -n 10 .venv/bin/python bench/pages_cpu.py [--requests 100]
        [--only queue,dossier,home,search] [--profile "queue to_process (specialist)"]

Each page is requested through Django's test client with the whole middleware stack and production
settings (EGOV_DEBUG=0), signed in as the demo persona. `time.process_time()` is this process's CPU
time, which the load of a shared machine does not inflate the way it inflates wall time; the login page
(middleware, session, one template, no query) is measured before and after as the reference. Printed per
page: the median and p90 CPU ms, the median wall ms of the whole request and of its SQL statements (the
round trips and the database server's work: on PostgreSQL the part `process_time` does not see), the
queries and the function calls of one request (cProfile).
`--profile NAME` prints the 25 costliest functions (cumulative) of that page. `--prepared` (PostgreSQL)
turns on Django's server-side binding with psycopg's prepared statements, to compare.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Production settings (EGOV_DEBUG=0: the static manifest, no debug toolbar or query log), the demo's logins.
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "egov.settings",
    "EGOV_DEBUG": "0",
    "EGOV_DEMO": "1",
    "EGOV_ALLOWED_HOSTS": "testserver,localhost",
    "EGOV_SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
}
for _name, _value in SETTINGS.items():
    os.environ.setdefault(_name, _value)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from egov.accounts.models import User  # noqa: E402
from egov.dossiers.models import Dossier  # noqa: E402

SEARCHES = ["khai sinh", "khai tu", "đăng ký kết hôn", "dang ky ket hon", "đất đai", "1.001193"]
PERSONAS = {"desk": "demo.motcua", "specialist": "demo.chuyenvien", "leader": "demo.lanhdao"}
QUEUES = {
    "desk": ("to_receive", "to_process", "overdue", "to_return"),
    "specialist": ("to_process", "due_soon", "overdue", "supplement"),
    "leader": ("to_approve", "overdue", "returned_today"),
}


def clients() -> dict[str, Client]:
    signed_in = {}
    for role, username in PERSONAS.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        signed_in[role] = client
    signed_in[""] = Client()
    return signed_in


def pages() -> list[tuple[str, str, list[str]]]:
    """(name, persona, paths to pick from at random)."""
    specialist = User.objects.get(username=PERSONAS["specialist"])
    ids = list(Dossier.objects.visible_to(specialist).values_list("pk", flat=True)[:400])
    found = [
        ("login page (reference)", "", ["/accounts/login/"]),
        *(
            (f"queue {key} ({role})", role, [f"/ho-so/hang-doi/{key}/"])
            for role, keys in QUEUES.items()
            for key in keys
        ),
        ("dossier page (specialist)", "specialist", [f"/ho-so/{pk}/" for pk in ids]),
        ("leader home", "leader", ["/"]),
        ("procedure search", "", [f"/thu-tuc/?q={q}" for q in SEARCHES]),
        ("login page (reference, again)", "", ["/accounts/login/"]),
    ]
    return found


def one(client: Client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")


class SqlClock:
    """The wall time spent in the database's statements (round trip and the server's work)."""

    def __init__(self) -> None:
        self.spent = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.spent += time.perf_counter() - start


def measure(client: Client, paths: list[str], n: int) -> tuple[float, float, float, float, int, int]:
    for path in paths[:3]:
        one(client, path)  # warm caches, like a worker that has served a few requests
    times, walls, sqls = [], [], []
    clock = SqlClock()
    with connection.execute_wrapper(clock):
        for _ in range(n):
            path = random.choice(paths)
            clock.spent = 0.0
            wall, start = time.perf_counter(), time.process_time()
            one(client, path)
            times.append((time.process_time() - start) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
            sqls.append(clock.spent * 1000)
    queries: list[str] = []
    # Django empties connection.queries when a request starts, so count through a wrapper instead.
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        one(client, paths[0])
    profile = cProfile.Profile()
    profile.enable()
    one(client, paths[0])
    profile.disable()
    calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    times.sort()
    p90 = times[int(len(times) * 0.9)]
    wall, sql = statistics.median(walls), statistics.median(sqls)
    return statistics.median(times), p90, wall, sql, len(queries), calls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--only", default="")
    parser.add_argument("--profile", default="")
    parser.add_argument(
        "--prepared",
        action="store_true",
        help="PostgreSQL: server-side binding with prepared statements (prepare_threshold 5)",
    )
    args = parser.parse_args()
    if args.prepared:
        # Before the first statement: the options are read when the connection opens.
        connection.close()
        connection.settings_dict["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
    random.seed(14)
    signed_in = clients()
    words = [w for w in args.only.split(",") if w]
    print(f"load average at the start: {os.getloadavg()}")
    print("| page | CPU ms p50 | CPU ms p90 | wall ms p50 | SQL wall ms p50 | queries | function calls |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, role, paths in pages():
        if words and "reference" not in name and not any(w in name for w in words):
            continue
        p50, p90, wall, sql, queries, calls = measure(signed_in[role], paths, args.requests)
        row = f"| {name} | {p50:.2f} | {p90:.2f} | {wall:.2f} | {sql:.2f} | {queries} | {calls:,} |"
        print(row, flush=True)
        if args.profile and args.profile == name:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(20):
                one(signed_in[role], random.choice(paths))
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
