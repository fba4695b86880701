"""Dossier benchmarks: queue and dossier pages at N dossiers, queries against page size, transitions/s.

    EGOV_DATA_DIR=/tmp/egov-bench-dossiers .venv/bin/python bench/dossiers_bench.py --dossiers 1000000

The first run builds the demo province (`manage.py demo`: 34 communes, 20
departments, 535 officers) and the demo catalogue (45 real procedures with
their workflows) in its own SQLite file under EGOV_DATA_DIR, then generates the
dossiers with egov.dossiers.demo_bulk.bulk_generate; later runs reuse it and top it
up (--fresh starts again).
Pages are requested in-process through Django's test client with the full
middleware stack, so "server time" is the whole request inside Django. Each
figure is the median (and p90) of --repeat requests, beside a reference request
in the same run (the login page: middleware, session, one template, no query) so
a slow moment of this noisy machine shows up in both. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("EGOV_DATA_DIR", "/tmp/egov-bench-dossiers")
os.environ.setdefault("EGOV_DEBUG", "1")  # static files from the finders, no manifest needed
os.environ.setdefault("EGOV_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("EGOV_SECRET_KEY", "bench-only-secret-key-0123456789abcdef")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from egov.dossiers import (  # noqa: E402
    demo_bulk,
    selectors,
    services,
)
from egov.dossiers.models import Dossier, Status  # noqa: E402
from egov.dossiers.views import queues as queue_views  # noqa: E402
from egov.organizations.models import Agency  # noqa: E402
from egov.procedures.models import PublicationStatus, WorkflowTemplate  # noqa: E402


def build_world() -> None:
    """The demo province (34 communes, 20 departments, 535 officers) and catalogue (45 procedures)."""
    if not Agency.objects.exists():
        call_command("demo", verbosity=0)
    if not WorkflowTemplate.objects.filter(status=PublicationStatus.PUBLISHED).exists():
        from egov.procedures.demo import load_demo_catalogue

        load_demo_catalogue()


def time_get(client: Client, url: str, repeat: int) -> tuple[float, float, int, int]:
    """Median and p90 milliseconds, query count, status."""
    times = []
    queries = 0
    status = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx)
        status = response.status_code
    times.sort()
    return (
        statistics.median(times),
        times[int(len(times) * 0.9) - 1 if len(times) > 1 else 0],
        queries,
        status,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--transitions", type=int, default=1000)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()

    db = Path(settings.DATABASES["default"]["NAME"])
    if args.fresh and db.exists():
        db.unlink()
    call_command("migrate", verbosity=0)
    build_world()
    have = Dossier.objects.count()
    if have < args.dossiers:
        started = time.perf_counter()
        demo_bulk.bulk_generate(
            args.dossiers - have,
            chunk=10000,
            seed=have + 1,
            progress=lambda n: (
                reset_queries(),  # DEBUG keeps a log of queries; keep it from growing
                print(f"  generated {have + n:,} ({n / (time.perf_counter() - started):,.0f}/s)", flush=True),
            ),
        )
        gen_seconds = time.perf_counter() - started
        print(f"generation: {args.dossiers - have:,} dossiers in {gen_seconds:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics for the query planner, both engines
    total = Dossier.objects.count()
    print(f"\n{total:,} dossiers, {connection.vendor}, {timezone.now():%Y-%m-%d %H:%M}\n")

    User = get_user_model()
    desk = User.objects.get(username="demo.motcua")  # desk officer, commune An Bình
    # Commune An Bình's specialist and leader: the demo catalogue's commune procedures run there.
    spec = User.objects.get(username="demo.chuyenvien")
    leader = User.objects.get(username="demo.lanhdao")
    clients = {}
    for name, user in (("desk officer", desk), ("specialist", spec), ("leader", leader)):
        c = Client()
        c.force_login(user)
        clients[name] = c
    anonymous = Client()
    reference = time_get(anonymous, "/accounts/login/", args.repeat)

    rows = [("reference: login page (no query)", "/accounts/login/", *reference)]
    pages = [
        ("desk officer", "to_process"),
        ("desk officer", "to_return"),
        ("desk officer", "overdue"),
        ("desk officer", "returned_today"),
        ("specialist", "to_process"),
        ("specialist", "due_soon"),
        ("leader", "to_approve"),
        ("leader", "overdue"),
        ("leader", "supplement"),
    ]
    for who, key in pages:
        url = f"/ho-so/hang-doi/{key}/"
        rows.append((f"{who}: queue {key}", url, *time_get(clients[who], url, args.repeat)))
    some = (
        Dossier.objects.filter(receiving_agency__has_counter=True)
        .order_by("-id")
        .values_list("code", "applicant_id_number")[0]
    )
    filtered = [
        ("leader", "overdue", "?applicant=nguyen+van&sort=-received"),
        ("desk officer", "to_process", f"?code={some[0][:-5]}&sort=code"),
        ("leader", "to_approve", f"?applicant={some[1]}"),
    ]
    for who, key, query in filtered:
        url = f"/ho-so/hang-doi/{key}/{query}"
        rows.append((f"{who}: queue {key} filtered", url, *time_get(clients[who], url, args.repeat)))
    # The same queue at three page sizes: the query count must not change.
    sizes = []
    for size in (10, 25, 100):
        queue_views.PAGE_SIZE = size
        ms, p90, q, status = time_get(clients["leader"], "/ho-so/hang-doi/overdue/", args.repeat)
        sizes.append((size, ms, q))
    queue_views.PAGE_SIZE = 25
    visible = Dossier.objects.visible_to(leader)
    sample = list(visible.filter(status=Status.RETURNED).values_list("pk", flat=True)[:3]) + list(
        visible.filter(status=Status.PROCESSING).values_list("pk", flat=True)[:3]
    )
    for pk in sample:
        url = f"/ho-so/{pk}/"
        rows.append((f"leader: dossier page #{pk}", url, *time_get(clients["leader"], url, args.repeat)))
    code = Dossier.objects.filter(pk=sample[0]).values_list("code", flat=True).get()
    rows.append(
        (
            "public look-up by code",
            f"/tra-cuu/{code}/",
            *time_get(anonymous, f"/tra-cuu/{code}/", args.repeat),
        )
    )

    print("| request | median ms | p90 ms | queries | status | ÷ reference |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, _url, ms, p90, q, status in rows:
        print(f"| {label} | {ms:.1f} | {p90:.1f} | {q} | {status} | {ms / reference[0]:.1f} |")
    print("\n| page size (leader, overdue) | median ms | queries |\n|---:|---:|---:|")
    for size, ms, q in sizes:
        print(f"| {size} | {ms:.1f} | {q} |")

    # Transitions per second: the specialist takes free dossiers of the to-process queue, asks for a
    # supplement and receives it: three real moves each, one transaction each.
    free = list(
        selectors.queue(spec, "to_process")
        .filter(handler__isnull=True)
        .values_list("pk", flat=True)[: args.transitions // 3]
    )
    started = time.perf_counter()
    done = 0
    for pk in free:
        services.transition(pk, "assign", actor=spec, handler=spec)
        services.transition(pk, "request_supplement", actor=spec, reason="Bổ sung bản sao")
        services.transition(pk, "supplement_received", actor=spec)
        done += 3
    seconds = time.perf_counter() - started
    print(
        f"\ntransitions: {done} in {seconds:.2f} s = {done / max(seconds, 1e-9):,.0f}/s"
        " (one transaction each; history, step visits, outbox and audit rows included)"
    )


if __name__ == "__main__":
    main()
