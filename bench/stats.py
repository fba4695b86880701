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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from dossiers_bench import build_world, time_get  # noqa: E402

from egov.core.audit import SystemActor  # noqa: E402
from egov.dossiers import demo_bulk, selectors, services  # noqa: E402
from egov.dossiers.errors import TransitionRefused  # noqa: E402
from egov.dossiers.models import Dossier  # noqa: E402
from egov.organizations.models import Agency, Role, RoleGrant  # noqa: E402
from egov.stats import keeping, recount  # noqa: E402
from egov.stats import services as stats_services  # noqa: E402
from egov.stats.models import DayFigure, OpenFigure, StepFigure  # noqa: E402


class NoKeeping:
    """Stands in for egov.stats.keeping inside the transition service: the moves without the summaries."""

    @staticmethod
    def snapshot(d: object) -> Counter:
        return Counter()

    @staticmethod
    def apply(before: Counter, after: Counter) -> None:
        return None


def moves_per_second(spec: object, n: int) -> tuple[int, float]:
    free = list(
        selectors.queue(spec, "to_process")
        .filter(handler__isnull=True)
        .values_list("pk", flat=True)[: n // 3]
    )
    started, done = time.perf_counter(), 0
    for pk in free:
        for action, kw in (
            ("assign", {"handler": spec}),
            ("request_supplement", {"reason": "Bổ sung bản sao"}),
            ("supplement_received", {}),
        ):
            try:
                services.transition(pk, action, actor=spec, **kw)
                done += 1
            except TransitionRefused:
                break
    return done, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--transitions", type=int, default=600)
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
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = Dossier.objects.count()
    print(f"\n{total:,} dossiers, {connection.vendor}, {timezone.now():%Y-%m-%d %H:%M}\n")

    started = time.perf_counter()
    stats_services.rebuild(actor=SystemActor("bench"))
    rebuild_s = time.perf_counter() - started
    started = time.perf_counter()
    diffs = recount.differences(recount.recount(), recount.stored())
    check_s = time.perf_counter() - started
    rows = (DayFigure.objects.count(), OpenFigure.objects.count(), StepFigure.objects.count())
    print(f"rebuild_stats: {rebuild_s:.1f} s; check_stats: {check_s:.1f} s, {len(diffs)} differences")
    print(f"summary rows: day {rows[0]:,}, open {rows[1]:,}, step {rows[2]:,}\n")

    from django.contrib.auth import get_user_model

    User = get_user_model()
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
        ("reference: login page (no query)", anonymous, "/accounts/login/"),
        ("dashboard, whole province, this month", client, "/bao-cao/"),
        ("dashboard, whole province, year", client, f"/bao-cao/?period=year&year={year}"),
        ("dashboard, whole province, last year", client, f"/bao-cao/?period=year&year={year - 1}"),
        ("bottlenecks, whole province, year", client, f"/bao-cao/diem-nghen/?period=year&year={year}"),
        ("public page, year", anonymous, f"/thong-ke/?period=year&year={year}"),
        ("open data JSON, year", anonymous, f"/api/v1/stats/figures?period=year&year={year}"),
    ]
    print("| request | median ms | p90 ms | queries | status | ÷ reference |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, who, url in pages:
        ms, p90, q, status = (
            reference if who is anonymous and url == "/accounts/login/" else time_get(who, url, args.repeat)
        )
        print(f"| {label} | {ms:.1f} | {p90:.1f} | {q} | {status} | {ms / reference[0]:.1f} |", flush=True)

    spec = User.objects.get(username="demo.chuyenvien")
    with_done, with_s = moves_per_second(spec, args.transitions)
    kept = services.stats
    services.stats = NoKeeping  # type: ignore[assignment]
    without_done, without_s = moves_per_second(spec, args.transitions)
    services.stats = kept
    print(
        f"\ntransitions with summaries: {with_done} in {with_s:.2f} s "
        f"= {with_done / max(with_s, 1e-9):,.0f}/s; without: {without_done} in {without_s:.2f} s "
        f"= {without_done / max(without_s, 1e-9):,.0f}/s"
    )
    print("(the moves without summaries leave the tables behind: run rebuild_stats after this bench)")
    _ = keeping, settings


if __name__ == "__main__":
    main()
