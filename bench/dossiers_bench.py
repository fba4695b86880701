"""Dossier benchmarks: queue and dossier pages at N dossiers, queries against page size, transitions/s.

    EGOV_DATA_DIR=/tmp/egov-bench-dossiers .venv/bin/python bench/dossiers_bench.py --dossiers 1000000

The first run builds a small province (10 communes with counters, 2 departments
with offices, 20 procedures with versioned workflows, their officers) in its own
SQLite file under EGOV_DATA_DIR and generates the dossiers with
egov.dossiers.demo.bulk_generate; later runs reuse it (--fresh starts again).
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
from decimal import Decimal
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
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from egov.dossiers import demo, services  # noqa: E402
from egov.dossiers.models import Dossier, Status  # noqa: E402
from egov.dossiers.views import queues as queue_views  # noqa: E402
from egov.organizations import services as org  # noqa: E402
from egov.organizations.models import Agency, AgencyKind, Role, Staff  # noqa: E402
from egov.procedures.models import (  # noqa: E402
    Field,
    Procedure,
    PublicationStatus,
    StepKind,
    TimeUnit,
    WorkflowStep,
    WorkflowTemplate,
)


class System:
    is_authenticated = True
    is_superuser = True
    pk = None

    def get_full_name(self) -> str:
        return "bench"


SYSTEM = System()


def build_world() -> None:
    if Agency.objects.exists():
        return
    root = org.create_agency(
        SYSTEM, parent=None, code="000.00.00.H98", name="UBND tỉnh Thử Nghiệm", kind="province"
    )
    depts = []
    for i, name in enumerate(("Sở Tư pháp", "Sở Nông nghiệp và Môi trường"), start=1):
        dept = org.create_agency(
            SYSTEM, parent=root, code=f"000.00.{i:02d}.H98", name=name, kind=AgencyKind.DEPARTMENT
        )
        office = org.create_agency(
            SYSTEM,
            parent=dept,
            code=f"000.{i:02d}.01.H98",
            name=f"Phòng chuyên môn {i}",
            kind=AgencyKind.OFFICE,
        )
        depts.append((dept, office))
        org.create_staff(
            SYSTEM, agency=dept, username=f"lanhdao{i}", full_name=f"Lãnh Đạo {i}", roles=[Role.LEADER]
        )
        for k in range(3):
            org.create_staff(
                SYSTEM,
                agency=office,
                username=f"cv{i}.{k}",
                full_name=f"Chuyên Viên {i}.{k}",
                roles=[Role.SPECIALIST],
            )
    communes = []
    for c in range(1, 11):
        commune = org.create_agency(
            SYSTEM,
            parent=root,
            code=f"000.00.{30 + c}.H98",
            name=f"UBND xã Số {c}",
            kind="commune",
            has_counter=True,
        )
        communes.append(commune)
        for k in range(2):
            org.create_staff(
                SYSTEM,
                agency=commune,
                username=f"motcua{c}.{k}",
                full_name=f"Một Cửa {c}.{k}",
                roles=[Role.DESK_OFFICER],
            )
        org.create_staff(
            SYSTEM,
            agency=commune,
            username=f"cvxa{c}",
            full_name=f"Công Chức Xã {c}",
            roles=[Role.SPECIALIST],
        )
        org.create_staff(
            SYSTEM, agency=commune, username=f"ctxa{c}", full_name=f"Chủ Tịch Xã {c}", roles=[Role.LEADER]
        )
    field = Field.objects.create(code="BENCH", name="Lĩnh vực thử", name_folded="linh vuc thu")
    for p in range(20):
        dept, office = depts[p % 2]
        procedure = Procedure.objects.create(
            code=f"9.{p:06d}",
            name=f"Thủ tục thử số {p}",
            field=field,
            processing_time=Decimal(3 + p % 10),
            time_unit=TimeUnit.WORKING_DAYS,
            status=PublicationStatus.PUBLISHED,
        )
        template = WorkflowTemplate.objects.create(
            procedure=procedure, version=1, status=PublicationStatus.PUBLISHED, published_at=timezone.now()
        )
        if p % 4 == 0:  # a commune procedure
            steps = [
                (StepKind.RECEIVE, Role.DESK_OFFICER, None, 2),
                (StepKind.PROCESS, Role.SPECIALIST, None, 12),
                (StepKind.APPROVE, Role.LEADER, None, 4),
                (StepKind.RETURN, Role.DESK_OFFICER, None, 0),
            ]
        else:
            steps = [
                (StepKind.RECEIVE, Role.DESK_OFFICER, None, 2),
                (StepKind.PROCESS, Role.SPECIALIST, office, 16),
                (StepKind.APPROVE, Role.LEADER, dept, 8),
                (StepKind.RETURN, Role.DESK_OFFICER, None, 0),
            ]
        for pos, (kind, role, agency, hours) in enumerate(steps, start=1):
            WorkflowStep.objects.create(
                template=template,
                position=pos,
                kind=kind,
                name=f"Bước {pos}",
                role=role,
                agency=agency,
                allotted_hours=Decimal(hours),
            )
    del communes


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
        demo.bulk_generate(
            args.dossiers - have,
            chunk=10000,
            seed=have + 1,
            progress=lambda n: print(
                f"  generated {have + n:,} ({n / (time.perf_counter() - started):,.0f}/s)", flush=True
            ),
        )
        gen_seconds = time.perf_counter() - started
        print(f"generation: {args.dossiers - have:,} dossiers in {gen_seconds:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics for the query planner, both engines
    total = Dossier.objects.count()
    print(f"\n{total:,} dossiers, {connection.vendor}, {timezone.now():%Y-%m-%d %H:%M}\n")

    desk = Staff.objects.get(user__username="motcua1.0").user
    spec = Staff.objects.get(user__username="cv1.0").user
    leader = Staff.objects.get(user__username="lanhdao1").user
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
    filtered = [
        ("leader", "overdue", "?applicant=nguyen+van&sort=-received"),
        ("specialist", "to_process", "?code=000.00.31.H98-26&sort=code"),
        ("leader", "to_approve", "?applicant=001090012345"),
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
    justice = Dossier.objects.filter(workflow__steps__agency__code="000.00.01.H98")
    sample = list(justice.filter(status=Status.RETURNED).values_list("pk", flat=True)[:3]) + list(
        justice.filter(status=Status.PROCESSING).values_list("pk", flat=True)[:3]
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

    # Transitions per second: take open dossiers at the Justice office through assign + submit_for_approval.
    open_ids = list(
        Dossier.objects.filter(
            status=Status.PROCESSING,
            current_kind=StepKind.PROCESS,
            current_agency__code="000.01.01.H98",
            handler__isnull=True,
        ).values_list("pk", flat=True)[: args.transitions // 2]
    )
    started = time.perf_counter()
    done = 0
    for pk in open_ids:
        services.transition(pk, "assign", by=spec, handler=spec)
        services.transition(pk, "submit_for_approval", by=spec)
        done += 2
    seconds = time.perf_counter() - started
    print(
        f"\ntransitions: {done} in {seconds:.2f} s = {done / seconds:,.0f}/s (one transaction each, history,"
        f" step visits, outbox and audit rows included)"
    )


if __name__ == "__main__":
    main()
