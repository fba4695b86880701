"""Statistics benchmarks: rebuild and check of the summary tables, the dashboard, bottleneck and public pages
at N dossiers, and transitions/s with and without keeping the summaries.

    EGOV_DATA_DIR=/tmp/egov-bench-stats .venv/bin/python bench/stats.py --dossiers 100000

The first run builds the demo province and catalogue (`manage.py demo`) in its own SQLite file under
EGOV_DATA_DIR (or the database EGOV_DATABASE_URL names), generates the dossiers with
egov.dossiers.demo_bulk.bulk_generate (which writes rows directly, so the summaries are then rebuilt with
`rebuild_stats`, timed, and proved with `check_stats`, timed); later runs reuse it and top it up. Pages are
requested in-process through Django's test client with the full middleware stack; each figure is the median
(and p90) of --repeat requests beside a reference request in the same run (the login page: middleware,
session, one template, no query). Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("EGOV_DATA_DIR", "/tmp/egov-bench-stats")
os.environ.setdefault("EGOV_DEBUG", "1")
os.environ.setdefault("EGOV_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("EGOV_SECRET_KEY", "bench-only-secret-key-0123456789abcdef")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from dossiers_bench import build_world, time_get  # noqa: E402

from egov.core.audit import SystemActor  # noqa: E402
from egov.dossiers import demo_bulk, moves, permissions, services  # noqa: E402
from egov.dossiers.models import Dossier, Status  # noqa: E402
from egov.organizations.models import Agency, Role, RoleGrant  # noqa: E402
from egov.procedures.models import StepKind  # noqa: E402
from egov.stats import bottlenecks, counter_report, recount, report, selectors  # noqa: E402
from egov.stats import services as stats_services  # noqa: E402
from egov.stats.keeping import TABLES  # noqa: E402
from egov.stats.periods import period_for  # noqa: E402


class NoKeeping:
    """Stands in for egov.stats.keeping inside the transition service: the moves without the summaries."""

    @staticmethod
    def snapshot(d: object, visits: object = None) -> Counter:
        return Counter()

    @staticmethod
    def finished_visits(d: object) -> list[object]:
        return []

    @staticmethod
    def apply(before: Counter, after: Counter) -> None:
        return None


def assign_pairs(leader: object, n: int) -> list[tuple[int, object, object]]:
    """Dossiers being processed where `leader` leads, each with two officers who hold its step: the leader
    may give it to either, on dossiers of any age (the rules allow it at every step of processing)."""
    pairs = []
    rows = Dossier.objects.visible_to(leader).filter(status=Status.PROCESSING, current_kind=StepKind.PROCESS)
    for d in rows.select_related("current_agency").order_by("pk")[: n * 3]:
        if not permissions.leader_here(d, leader):
            continue
        holders = sorted(moves.current_step_holders(d), key=lambda u: u.pk)
        if len(holders) >= 2:
            first, second = holders[:2]
            # Start with the officer who does not hold it now, so every move changes the handler.
            pairs.append((d.pk, *((second, first) if d.handler_id == first.pk else (first, second))))
        if len(pairs) >= n:
            break
    return pairs


def moves_per_second(
    leader: object, pairs: list[tuple[int, object, object]], rounds: int
) -> tuple[int, float]:
    """Assign each dossier to one officer, then back to the other, `rounds` times (an even number leaves
    every dossier with its handler of before, so the summary tables stay right even without keeping)."""
    started, done = time.perf_counter(), 0
    for turn in range(rounds):
        for pk, first, second in pairs:
            services.transition(pk, "assign", actor=leader, handler=first if turn % 2 == 0 else second)
            done += 1
    return done, time.perf_counter() - started


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def widget_times(ids: list[int], year: int, repeat: int) -> list[tuple[str, float, float]]:
    """Each read a dashboard is made of, in-process (median, p90 ms)."""
    this_year = period_for("year", year)
    last_year = this_year.previous_year()
    reads = [
        (
            "period figures, year (per agency × procedure × measure)",
            lambda: selectors.day_counts(ids, this_year),
        ),
        ("same period last year (totals)", lambda: selectors.totals(ids, last_year)),
        ("open now, overdue included (agency × procedure × handler)", lambda: selectors.open_counts(ids)),
        ("bottleneck steps, year", lambda: bottlenecks.steps(ids, this_year)),
        ("whole report (all of the above but the steps, folded)", lambda: report.build(agencies, this_year)),
        (
            "counter's view: period figures, year (per counter × agency × procedure × measure)",
            lambda: selectors.counter_counts(ids, this_year),
        ),
        ("counter's view: same period last year (totals)", lambda: selectors.counter_totals(ids, last_year)),
        ("counter's view: waiting to be returned now", lambda: selectors.ready_counts(ids)),
        ("counter's view: whole report", lambda: counter_report.build(agencies, this_year)),
    ]
    agencies = list(Agency.objects.filter(pk__in=ids).order_by("path"))
    out = []
    for label, read in reads:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            read()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out.append((label, statistics.median(times), times[max(int(len(times) * 0.9) - 1, 0)]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--transitions", type=int, default=600, help="moves with, and as many without")
    parser.add_argument("--skip-rebuild", action="store_true", help="keep the summary tables as they are")
    parser.add_argument("--transitions-only", action="store_true", help="only the moves with and without")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    build_world()
    have = Dossier.objects.count()
    if have < args.dossiers:
        started = time.perf_counter()
        demo_bulk.bulk_generate(
            args.dossiers - have,
            chunk=10000,
            seed=have + 1,
            progress=lambda n: (reset_queries(), print(f"  generated {have + n:,}", flush=True)),
        )
        print(f"generation: {args.dossiers - have:,} in {time.perf_counter() - started:.0f} s", flush=True)
        args.skip_rebuild = False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = Dossier.objects.count()
    print(f"\n{total:,} dossiers, {connection.vendor}, {timezone.now():%Y-%m-%d %H:%M %Z}, {load()}\n")

    if not args.skip_rebuild:
        # Wall time and this process's CPU time: on a loaded machine the second says more (the database
        # server's own time is in the first only, for PostgreSQL).
        started, cpu = time.perf_counter(), time.process_time()
        stats_services.rebuild(actor=SystemActor("bench"))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"rebuild_stats: {wall:.1f} s, of which {cpu:.1f} s CPU in Python ({load()})", flush=True)
        started, cpu = time.perf_counter(), time.process_time()
        diffs = recount.differences(recount.recount(), recount.stored())
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"check_stats: {wall:.1f} s, of which {cpu:.1f} s CPU in Python, {len(diffs)} differences")
    rows = ", ".join(f"{name} {model.objects.count():,}" for name, (model, _c) in TABLES.items())
    print(f"summary rows: {rows}", flush=True)
    # What keying by the counter costs in rows: the day and month rows against their keys without it.
    for name in ("day", "month"):
        model, columns = TABLES[name]
        without = model.objects.values(*[c for c in columns if c != "counter"]).distinct().count()
        print(f"{name} rows {model.objects.count():,}, without the counter {without:,}", flush=True)
    print()

    from django.contrib.auth import get_user_model

    User = get_user_model()
    if args.transitions_only:
        transitions(User.objects.get(username="demo.lanhdao"), args.transitions)
        return
    root = Agency.objects.order_by("path").first()
    assert root is not None
    watcher, _ = User.objects.get_or_create(username="bench.thongke", defaults={"full_name": "Bench"})
    RoleGrant.objects.get_or_create(user=watcher, agency=root, role=Role.AUDITOR)
    client = Client()
    client.force_login(watcher)
    anonymous = Client()
    year = timezone.localdate().year
    reference = time_get(anonymous, "/accounts/login/", args.repeat)
    pages = [
        ("dashboard, whole province, this month", client, "/bao-cao/"),
        ("dashboard, whole province, year", client, f"/bao-cao/?period=year&year={year}"),
        ("dashboard, whole province, last year", client, f"/bao-cao/?period=year&year={year - 1}"),
        (
            "dashboard by counter, whole province, year",
            client,
            f"/bao-cao/?period=year&year={year}&view=counter",
        ),
        ("dashboard by counter, this month", client, "/bao-cao/?view=counter"),
        ("bottlenecks, whole province, year", client, f"/bao-cao/diem-nghen/?period=year&year={year}"),
        ("public page, year", anonymous, f"/thong-ke/?period=year&year={year}"),
        ("open data JSON, year", anonymous, f"/api/v1/stats/figures?period=year&year={year}"),
    ]
    print("| request | median ms | p90 ms | queries | status | ÷ reference |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| reference: login page (no query) | {reference[0]:.1f} | {reference[1]:.1f} | 0 | 200 | 1.0 |")
    for label, who, url in pages:
        ms, p90, q, status = time_get(who, url, args.repeat)
        print(f"| {label} | {ms:.1f} | {p90:.1f} | {q} | {status} | {ms / reference[0]:.1f} |", flush=True)
    after = time_get(anonymous, "/accounts/login/", args.repeat)
    print(f"| reference again, after the pages | {after[0]:.1f} | {after[1]:.1f} | 0 | 200 | 1.0 |")

    ids = [a.pk for a in Agency.objects.filter(is_active=True)]
    print(f"\nThe reads of a dashboard, in-process, whole province ({load()}):\n")
    print("| read | median ms | p90 ms |")
    print("|---|---:|---:|")
    for label, ms, p90 in widget_times(ids, year, args.repeat):
        print(f"| {label} | {ms:.1f} | {p90:.1f} |", flush=True)

    transitions(User.objects.get(username="demo.lanhdao"), args.transitions)


def transitions(leader: object, n: int) -> None:
    """Moves per second with and without keeping the summaries (the tables stay right: moves_per_second)."""
    pairs = assign_pairs(leader, max(n // 4, 1))
    if not pairs:
        print("\ntransitions: no dossier being processed with two officers at its step")
        return
    # Alternated, so neither kind has all the cold first moves: with, without, with, without.
    done = {"with": [0, 0.0], "without": [0, 0.0]}
    kept = services.stats
    for kind in ("with", "without", "with", "without"):
        services.stats = kept if kind == "with" else NoKeeping  # type: ignore[assignment]
        try:
            moved, seconds = moves_per_second(leader, pairs, 2)
        finally:
            services.stats = kept
        done[kind][0] += moved
        done[kind][1] += seconds
    (with_done, with_s), (without_done, without_s) = done["with"], done["without"]
    rate_with, rate_without = with_done / max(with_s, 1e-9), without_done / max(without_s, 1e-9)
    print(
        f"\ntransitions (the leader assigns {len(pairs)} dossiers to one officer of the step and back, "
        f"alternating runs with and without, {load()}):\nwith the summaries kept: {with_done} in "
        f"{with_s:.2f} s = {rate_with:,.0f}/s; without: {without_done} in {without_s:.2f} s = "
        f"{rate_without:,.0f}/s; with ÷ without = {rate_with / max(rate_without, 1e-9):.2f}"
    )
    # Every run ends with each dossier at the second officer, as the first run left it: the tables stay right.


if __name__ == "__main__":
    main()
