"""A year of a province replayed through the real services: dossiers received at the counters day by day and
taken, move by move in time order, through their workflows to the returned result, by the officers allowed
to make each move (issue 14 item 4: 0.7 M dossiers × ~8 moves within an hour).

    .venv/bin/python bench/replay.py --data /tmp/demo7 --dossiers 2000 [--warm-up] [--database-url postgres://…]

The data set's SQLite file is copied first (the demo province: `make demo` or `manage.py demo` in an
EGOV_DATA_DIR), so the source is not changed; with --database-url the database is used as is (point it at
a throw-away copy). --dossiers arrivals are spread over the working days of the year before the data set's
clock, each on a workflow drawn at random; a heap orders every pending move by its moment, so the moves of
different dossiers interleave as they would in a real year. Each move goes through `intake.receive` or
`services.transition` with everything it writes (the row lock, history, step visits, audit, outbox, the
statistics' summaries). It prints dossiers and moves per second of wall time and of CPU time, and what the
issue's year would take at that rate.

`--workers N` replays in N processes at once, each with its own connection, its own share of the arrivals
(its own random seed) and its own heap: each dossier's moves stay in time order, the workers' years run side
by side (a province's officers do not wait for each other's dossiers). The timing starts when every worker
has done its warm-up. On SQLite the workers take turns at the one writer's lock; on PostgreSQL they move
apart, as many as the machine has cores for them and their server processes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import heapq
import multiprocessing
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from transitions import _setup, copy_data_set  # noqa: E402  (the transitions bench's set-up and copy)

YEAR_DOSSIERS, MOVES_PER_DOSSIER = 700_000, 8  # the mid-size province


class Officers:
    """Who makes each move: the first officer the rules allow, remembered per kind of situation (checking
    every officer of the province before each move would measure the search, not the service)."""

    def __init__(self) -> None:
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(role_grants__isnull=False, is_active=True).distinct()
        self.users = list(users.order_by("pk"))
        self.by_pk = {user.pk: user for user in self.users}
        self.known: dict[tuple[Any, ...], Any] = {}

    def allowed(self, d: Any, action: str, at: dt.datetime) -> Any:
        from egov.dossiers import services
        from egov.dossiers.transitions import TABLE

        t = TABLE[action]
        if d.status not in t.sources or d.current_kind not in t.kinds:
            return None  # `check`'s first tests, without the refusal's message: nobody may
        key = (action, d.status, d.current_step_id, d.current_agency_id, d.handler_id)
        # The officer the dossier is given to comes first: a step's moves are theirs alone, and the search
        # through every officer for each new handler was most of this bench's CPU time, not the service's.
        for user in (self.known.get(key), self.by_pk.get(d.handler_id)):
            if user is None:
                continue
            try:
                services.check(d, action, user, at)
            except services.TransitionRefused:
                continue
            self.known[key] = user
            return user
        for user in self.users:
            try:
                services.check(d, action, user, at)
            except services.NotAllowedNow:
                return None  # the status, step or a guard refuses it: nobody may, whoever asks
            except services.TransitionRefused:
                continue
            self.known[key] = user
            return user
        return None


def _next(d: Any, officers: Officers, at: dt.datetime) -> tuple[str, Any, Any] | None:
    """The move that takes the dossier one step further, who makes it, and the handler an assignment names."""
    from egov.dossiers.demo import NEXT_MOVES
    from egov.dossiers.models import Status
    from egov.dossiers.moves import current_step_holders
    from egov.procedures.models import StepKind

    if d.status == Status.RESOLVED:
        user = officers.allowed(d, "return_result", at)
        return ("return_result", user, None) if user else None
    if d.handler_id is None and d.current_kind in (StepKind.PROCESS, StepKind.INTER_AGENCY):
        handler = current_step_holders(d)[0]
        user = officers.allowed(d, "assign", at)
        return ("assign", user, handler) if user else None
    for action in NEXT_MOVES:
        user = officers.allowed(d, action, at)
        if user is not None:
            return action, user, None
    return None


def _dossier(pk: int) -> Any:
    """The dossier as the move's choice reads it (built once per process, as an officer's page reads it)."""
    from egov.dossiers.models import Dossier

    return Dossier.objects.select_related("workflow", "current_agency", "receiving_agency").filter(pk=pk)


def replay(
    n: int, seed: int, batch: int = 1, *, each_flow: bool = False
) -> tuple[int, int, int, float, float]:
    """Receive n dossiers and take them move by move until they end or the year does; `each_flow`: one
    dossier of every flow received, in turn (the warm-up: a process's first dossier of a flow reads its
    workflow, its agencies' calendars and holders once, which a year's 700,000 dossiers over ~1,500 flows
    pay once each and a short run pays on most of its dossiers)."""
    from django.db import transaction
    from django.utils import timezone

    from egov.core import statements
    from egov.dossiers import deadlines, intake, lookup, services
    from egov.dossiers.demo import person
    from egov.dossiers.demo_data import usable_flows
    from egov.dossiers.models import Dossier, Status
    from egov.organizations.permissions import has_role

    rng = random.Random(seed)
    officers = Officers()
    flows = usable_flows()
    if each_flow:
        n = len(flows)
    receivers = {
        f.counter.pk: next(u for u in officers.users if has_role(u, "desk_officer", f.counter)) for f in flows
    }
    end = timezone.now()
    start = end - dt.timedelta(days=365)
    span = (end - start).total_seconds()
    arrivals = sorted(start + dt.timedelta(seconds=rng.random() * span) for _ in range(n))
    heap: list[tuple[dt.datetime, int, int]] = []  # (moment, tie-breaker, dossier id or -arrival index)
    for i, moment in enumerate(arrivals):
        heap.append((deadlines.next_working_moment(moment), i, -(i + 1)))
    heapq.heapify(heap)
    flow_of: dict[int, Any] = {}
    received = moves = stuck = 0
    # One-time work kept out of the timed loop: the first reverse() loads every URLconf (the applicant's
    # messages carry the look-up's address).
    lookup.link(Dossier.objects.values_list("code", flat=True).first() or "")
    wall, cpu = time.perf_counter(), time.process_time()
    tie = n
    while heap:
        # `batch` moves per transaction (each move a savepoint in it), as bulk work may take them.
        with transaction.atomic() if batch > 1 else contextlib.nullcontext():
            for _turn in range(batch):
                if not heap:
                    break
                at, _, ref = heapq.heappop(heap)
                if at > end:
                    continue  # the year ends before this move
                if ref < 0:
                    flow = flows[-ref - 1] if each_flow else rng.choice(flows)
                    d = intake.receive(
                        actor=receivers[flow.counter.pk],
                        procedure=flow.template.procedure,
                        agency=flow.counter,
                        applicant=person(rng),
                        summary=flow.template.procedure.name[:200],
                        now=at,
                    )
                    received += 1
                    moves += 1
                    flow_of[d.pk] = flow
                else:
                    d = statements.select_one(_dossier, ref)
                    step = _next(d, officers, at)
                    if step is None:
                        stuck += 1
                        continue
                    action, user, handler = step
                    d = services.transition(d.pk, action, actor=user, now=at, handler=handler)
                    moves += 1
                    if d.status == Status.RETURNED:
                        continue
                gap = Decimal(rng.choice([1, 2, 4, 8]))  # working hours until the next move
                tie += 1
                heapq.heappush(heap, (deadlines.add_working_hours(at, gap), tie, d.pk))
    return received, moves, stuck, time.perf_counter() - wall, time.process_time() - cpu


def _worker(
    data: Path, url: str, n: int, seed: int, batch: int, warm_up: bool, ready: Any, go: Any, results: Any
) -> None:
    """One of `--workers`: set up, warm up, say so and wait for the start, replay its share, send what it
    did."""
    _setup(data, url)
    if warm_up:
        replay(0, seed, batch, each_flow=True)
    with ready.get_lock():
        ready.value += 1
    go.wait()
    results.put(replay(n, seed, batch))


def _in_workers(data: Path, args: argparse.Namespace) -> tuple[int, int, int, float, float]:
    """The replay in `args.workers` processes: their sums, the wall time from the moment all were ready."""
    from egov.dossiers.bulk_parallel import collect

    context = multiprocessing.get_context("spawn")
    ready, go, results = context.Value("i", 0), context.Event(), context.Queue()
    shares = [args.dossiers // args.workers + (k < args.dossiers % args.workers) for k in range(args.workers)]
    workers = [
        context.Process(
            target=_worker,
            args=(
                data,
                args.database_url,
                share,
                args.seed + k,
                args.batch,
                args.warm_up,
                ready,
                go,
                results,
            ),
        )
        for k, share in enumerate(shares)
    ]
    for worker in workers:
        worker.start()
    # every worker warmed up, or one failed on the way: then stop, not wait forever
    while ready.value < len(workers):
        if any(w.exitcode not in (None, 0) for w in workers):
            for worker in workers:
                worker.terminate()
            raise SystemExit("a worker failed before the start")
        time.sleep(0.2)
    go.set()
    wall = time.perf_counter()
    try:
        done = collect(results, workers)
    except RuntimeError as failed:
        raise SystemExit(f"a worker failed: {failed}") from None
    wall = time.perf_counter() - wall
    return (
        sum(r[0] for r in done),
        sum(r[1] for r in done),
        sum(r[2] for r in done),
        wall,
        sum(r[4] for r in done),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="a demo data set's folder (EGOV_DATA_DIR)")
    parser.add_argument("--database-url", default="", help="PostgreSQL (a throw-away copy): used as is")
    parser.add_argument("--dossiers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=1, help="moves per transaction (each a savepoint)")
    parser.add_argument(
        "--warm-up",
        action="store_true",
        help="first, untimed, one dossier of every flow received and moved on (the year's steady state)",
    )
    parser.add_argument("--workers", type=int, default=1, help="processes replaying side by side")
    parser.add_argument(
        "--copy",
        type=Path,
        default=Path("/tmp/egov-replay-bench"),
        help="where the SQLite data set is copied (one per engineer on a shared machine)",
    )
    args = parser.parse_args()
    data = args.data
    if not args.database_url:  # a copy: the source data set stays as it was
        data = copy_data_set(data, args.copy)
    _setup(data, args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a data set made by an older release
    if args.workers > 1:
        from django.db import connections

        connections.close_all()  # the workers open their own
        load = os.getloadavg()[0]
        received, moves, stuck, wall, cpu = _in_workers(data, args)
    else:
        if args.warm_up:
            warm = replay(0, args.seed, args.batch, each_flow=True)
            print(f"warm-up: {warm[0]} dossiers, {warm[1]} moves, {warm[3]:.1f} s wall, {warm[4]:.1f} s CPU")
        load = os.getloadavg()[0]
        received, moves, stuck, wall, cpu = replay(args.dossiers, args.seed, args.batch)
    engine = "PostgreSQL" if args.database_url else "SQLite"
    warmed = f", {args.workers} workers" if args.workers > 1 else ""
    warmed += ", after the warm-up" if args.warm_up else ""
    per_s, per_cpu = moves / wall, moves / cpu
    year = YEAR_DOSSIERS * MOVES_PER_DOSSIER
    print(
        f"{engine}, {args.batch} per transaction{warmed}, {time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"load {load:.2f} → {os.getloadavg()[0]:.2f}: "
        f"{received} dossiers received, {moves} moves ({moves / max(received, 1):.1f} per dossier, "
        f"{stuck} left where nobody could move them) in {wall:.1f} s wall, {cpu:.1f} s CPU: "
        f"{per_s:.0f} moves/s ({per_cpu:.0f} per CPU-second). The issue's year ({YEAR_DOSSIERS:,} dossiers × "
        f"{MOVES_PER_DOSSIER} moves) would take {year / per_s / 3600:.1f} h at this rate "
        f"({year / per_cpu / 3600:.1f} CPU-hours); the target is 1 h."
    )


if __name__ == "__main__":
    main()
