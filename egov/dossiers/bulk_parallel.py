"""The bulk generator in several processes at once (development and benchmarks only;
egov.dossiers.demo_bulk, `bulk_generate(processes=N)`).

Why: one process generates ~15,000 dossiers per CPU-second and writes them at ~6,000-7,000 per second with
the indexes set aside (docs/performance.md, "The bulk generator"); issue 12 asks 20,000 per second, which
takes more than one core's worth of generation. N processes each generate and write a part of the run on
their own connection, side by side.

What keeps the parts apart:

- **Codes.** A dossier's code counts on a day's sequence per prefix, gap-free. The flows (workflow × counter)
  are grouped so that no two groups can give the same prefix (a flow's prefixes, per channel and rules
  version, are worked out before the fork; flows sharing one, such as the inter-agency groups' filings on
  the national portal, stay together), and each process takes whole groups, so each sequence is counted by
  one process alone, from the day counters as they stood.
- **Volumes.** Each process generates its groups' share of the run, `n` × its groups' weight (the province's
  volumes, demo_volumes) over the whole, so the flows are drawn as often as in one process; the open share
  is kept by each process over its own dossiers.
- **Ids.** Each process gives ids from a block of its own: its dossiers' and, for their history rows and step
  visits, as many per dossier as the longest workflow can write (checked as they are given).

The same seed and the same number of processes give the same rows (each process draws from its own random
stream, seeded with the seed and its number); another number of processes gives another, equally spread
set. The processes are forked after everything they share is read (the flows, their places, holders and
prefixes); each opens its own connection, and each chunk is one transaction with its day counters, as in one
process. Another process must be able to see the database (not SQLite in memory, not inside a transaction:
`bulk_pipe.usable`).
"""

from __future__ import annotations

import copy
import datetime as dt
import multiprocessing
import queue
import random
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from django.db import connections

from egov.dossiers import bulk_rows

#: Block of history-row and step-visit ids per dossier beyond the longest workflow's steps (the receipt, the
#: return and the moves that add a row without a step of their own).
SPARE_ROWS = 4


@dataclass(frozen=True)
class Kit:
    """What a process needs of the generator (demo_bulk, which imports this module): the channels a dossier
    may come by, a chunk's generation, and the writer of chunks in one process."""

    channels: Sequence[str]
    make_chunk: Callable[..., Any]
    writer: Callable[..., Any]
    #: The tables written: dossiers, history rows, step visits.
    models: Sequence[type[Any]]


def chunks(n: int, size: int) -> Iterator[int]:
    """Chunk sizes of `size` that add up to `n`."""
    while n > 0:
        yield min(size, n)
        n -= size


def groups(world: Any, channels: Sequence[str]) -> list[list[int]]:
    """The flows' indexes in groups that share no code prefix, each group's flows sharing one with another
    (union-find over every prefix a flow can give in the run's period)."""
    parent = list(range(len(world.flows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    versions = _versions(world)
    owner: dict[str, int] = {}
    for i, flow in enumerate(world.flows):
        for channel in sorted({*channels, "online"}):
            for version in versions:
                prefix = world.prefix(flow, channel, version)
                j = owner.setdefault(prefix, i)
                parent[root(i)] = root(j)
    found: dict[int, list[int]] = {}
    for i in range(len(world.flows)):
        found.setdefault(root(i), []).append(i)
    return list(found.values())


def _versions(world: Any) -> list[str]:
    """The rules versions in force on some day of the run's period (a code's prefix depends on them)."""
    local_date = world.calendar.local_date_micros
    first, last = local_date(world.years_start[0]), local_date(world.now_us)
    seen: dict[str, None] = {}
    day = first
    while day <= last:
        seen.setdefault(world.day(day)[1], None)
        day += dt.timedelta(days=1)
    return list(seen)


def _weights(world: Any) -> list[float]:
    """Each flow's weight, from the world's cumulative weights (what its `bisect` draws on)."""
    cum = world.flow_cum_weights
    return [b - a for a, b in zip([0.0, *cum[:-1]], cum, strict=True)]


def shares(world: Any, n: int, processes: int, channels: Sequence[str]) -> list[tuple[list[int], int]]:
    """Per process: its flows' indexes and how many dossiers it generates (together `n`), the groups dealt
    out heaviest first to the lightest process so far."""
    weights = _weights(world)
    total = world.flow_cum_weights[-1]
    parts: list[list[int]] = [[] for _ in range(processes)]
    loads = [0.0] * processes
    for group in sorted(groups(world, channels), key=lambda g: (-sum(weights[i] for i in g), g[0])):
        k = loads.index(min(loads))
        parts[k].extend(group)
        loads[k] += sum(weights[i] for i in group)
    exact = [n * load / total for load in loads]
    counts = [int(x) for x in exact]
    # the largest remainders get the dossiers left, so the counts add up to n
    for k in sorted(range(processes), key=lambda k: exact[k] - counts[k], reverse=True)[: n - sum(counts)]:
        counts[k] += 1
    return [(sorted(part), count) for part, count in zip(parts, counts, strict=True) if count]


def generate(
    n: int,
    processes: int,
    *,
    seed: Any,
    chunk: int,
    world: Any,
    tables: Any,
    sequences: dict[tuple[str, dt.date], int],
    kit: Kit,
) -> int:
    """Generate `n` dossiers in `processes` processes; the number written. The tables' next ids move past
    every block given. `seed` should differ from an earlier run's on the same tables (`bulk_generate` adds
    the dossiers already there): the same stream draws the same submission references again."""
    plan = shares(world, n, processes, kit.channels)
    rows_per_dossier = max(len(flow.steps) for flow in world.flows) + SPARE_ROWS
    blocks = []
    dossier, event, visit = tables.next_dossier, tables.next_event, tables.next_visit
    for _flows, count in plan:
        blocks.append((dossier, event, visit, count * rows_per_dossier))
        dossier += count
        event += count * rows_per_dossier
        visit += count * rows_per_dossier
    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(
            target=_part,
            args=(k, flows, count, block, f"{seed}:part:{k}", chunk, world, tables, sequences, kit, results),
        )
        for k, ((flows, count), block) in enumerate(zip(plan, blocks, strict=True))
    ]
    for worker in workers:
        worker.start()
    answers = collect(results, workers)
    failed = [a for a in answers if isinstance(a, str)]
    if failed:
        raise RuntimeError("a generating process failed:\n" + "\n".join(failed))
    firsts = (tables.next_dossier, tables.next_event, tables.next_visit)
    for model, first in zip(kit.models, firsts, strict=True):
        # each process checked from the largest id it saw at its start: the others' rows may lie below
        bulk_rows.check_references(model, first)
    tables.next_dossier, tables.next_event, tables.next_visit = dossier, event, visit
    return sum(int(a) for a in answers)


def collect(results: Any, workers: list[Any], every: float = 2.0) -> list[Any]:
    """One answer from each worker, in the order they come; a worker that died without answering (killed,
    out of memory) ends the wait with an error instead of a wait forever, after the others are stopped."""
    answers: list[Any] = []
    while len(answers) < len(workers):
        try:
            answers.append(results.get(timeout=every))
        except queue.Empty:
            dead = [w for w in workers if w.exitcode not in (None, 0)]
            if dead and results.empty():
                for worker in workers:
                    worker.terminate()
                raise RuntimeError(f"{len(dead)} process(es) ended without an answer") from None
    for worker in workers:
        worker.join()
    return answers


def _part(
    k: int,
    flow_indexes: list[int],
    count: int,
    block: tuple[int, int, int, int],
    seed: str,
    chunk: int,
    world: Any,
    tables: Any,
    sequences: dict[tuple[str, dt.date], int],
    kit: Kit,
    results: Any,
) -> None:
    """One process's part: its flows, its count, its id blocks and random stream."""
    try:
        part = copy.copy(world)
        weights = _weights(world)
        part.flows = [world.flows[i] for i in flow_indexes]
        part.flow_cum_weights = list(accumulate(weights[i] for i in flow_indexes))
        part.made = part.opened = 0
        dossier, event, visit, rows = block
        tables.next_dossier, tables.next_event, tables.next_visit = dossier, event, visit
        rng = random.Random(seed)
        own = dict(sequences)  # only this process's prefixes move in it
        done = 0
        with kit.writer(tables, None, False) as put:
            for size in chunks(count, chunk):
                made = kit.make_chunk(size, rng, part, own, tables)
                if tables.next_event > event + rows or tables.next_visit > visit + rows:
                    raise RuntimeError(f"process {k} would write past its block of history or visit ids")
                put(made, size)
                done += size
        results.put(done)
    except BaseException:  # the parent waits for an answer from every process
        results.put(traceback.format_exc())
        raise
    finally:
        connections.close_all()
