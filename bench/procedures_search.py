"""Catalogue search and autocomplete with 2,000 procedures, beside the reference look-up, in one run.

    EGOV_DEBUG=0 .venv/bin/python bench/procedures_search.py [--rounds 5] [--requests 200]

What it does:
1. Builds a throw-away SQLite catalogue of 2,000 published procedures: the bundled demo catalogue
   (real procedures, egov/procedures/data/demo_catalogue.json) imported through the importer, then
   synthetic variants of those names (clearly numbered "biến thể N") with codes 9.000001….
2. Times, through Django's test client (the whole middleware stack, no network), the autocomplete
   JSON endpoint, the public search page (top 20, HTML) and a code look-up, each query typed with
   and without marks; it checks the two spellings return identical results.
3. Times the reference kit (../shared/reference-bench, Django hello and the ORM status look-up by
   code, default middleware, SQLite) in a subprocess the same way, in the same run.
Each figure is the median over rounds of that round's p50/p90/p99, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(os.environ.get("EGOV_REFERENCE_BENCH", ROOT.parent / "shared" / "reference-bench"))
TOTAL = 2000

AUTOCOMPLETE = [
    ("đăng ký kh", "dang ky kh"),
    ("chứng thực", "chung thuc"),
    ("giấy phép xây", "giay phep xay"),
    ("hộ kinh doanh", "ho kinh doanh"),
    ("đất đai", "dat dai"),
    ("1.0011", "1.0011"),
]
SEARCH = [("đăng ký đất đai", "dang ky dat dai"), ("cấp giấy phép xây dựng", "cap giay phep xay dung"),
          ("chứng thực bản sao", "chung thuc ban sao"), ("trợ cấp xã hội", "tro cap xa hoi")]  # fmt: skip
CODES = ["1.001193", "9.001234", "9.000007"]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"p50": at(0.50), "p90": at(0.90), "p99": at(0.99)}


def time_requests(client: Any, urls: list[str], requests: int) -> list[float]:
    samples = []
    for i in range(requests):
        url = urls[i % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def summarise(rounds: list[list[float]]) -> dict[str, float]:
    per_round = [percentiles(r) for r in rounds]
    return {k: round(statistics.median(p[k] for p in per_round), 2) for k in ("p50", "p90", "p99")}


# --- egov ---------------------------------------------------------------------------------------------------


def setup_egov(workdir: Path) -> None:
    os.environ["EGOV_DATA_DIR"] = str(workdir)
    os.environ["EGOV_DEBUG"] = "0"  # production settings: cached templates, no query log
    os.environ.setdefault("EGOV_SECRET_KEY", os.urandom(24).hex())
    os.environ["EGOV_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "egov.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest storage needs it


def populate(catalogue: Path) -> int:
    from decimal import Decimal

    from egov.procedures.demo import load_demo_catalogue
    from egov.procedures.models import Field, Procedure
    from egov.procedures.services import catalogue as services

    if catalogue.exists():
        load_demo_catalogue(path=catalogue)
    if not Field.objects.exists():
        services.save_field(_System(), code="HT", name="Hộ tịch")
    bases = list(Procedure.objects.select_related("field")) or []
    if not bases:
        raise SystemExit("no demo catalogue: cannot build realistic names")
    rows = []
    for i in range(1, TOTAL - len(bases) + 1):
        base = bases[i % len(bases)]
        p = Procedure(
            code=f"9.{i:06d}",
            name=f"{base.name} (biến thể {i})",
            field=base.field,
            levels=base.levels,
            processing_time=base.processing_time or Decimal(1),
            time_unit=base.time_unit,
            applicant_types=base.applicant_types,
            channels=base.channels,
            service_level=base.service_level,
            status="published",
        )
        services.reindex(p)
        rows.append(p)
    Procedure.objects.bulk_create(rows, batch_size=500)
    return Procedure.objects.published().count()


class _System:
    is_authenticated = True
    is_superuser = True
    pk = None

    def get_full_name(self) -> str:
        return "system"


def check_identical() -> list[str]:
    from egov.procedures import selectors

    problems = []
    for marked, plain in SEARCH + AUTOCOMPLETE:
        a = [p.code for p in selectors.search(selectors.Query(text=marked))]
        b = [p.code for p in selectors.search(selectors.Query(text=plain))]
        if a != b or not a:
            problems.append(f"{marked!r} / {plain!r}: {len(a)} vs {len(b)}")
    for code in CODES:
        if [p.code for p in selectors.search(selectors.Query(text=code))][:1] != [code]:
            problems.append(f"code {code} not found first")
    return problems


def bench_egov(rounds: int, requests: int) -> dict[str, Any]:
    from urllib.parse import quote

    from django.test import Client

    client = Client()
    targets = {
        "autocomplete (JSON)": [f"/thu-tuc/goi-y/?q={quote(q)}" for pair in AUTOCOMPLETE for q in pair],
        "search page, top 20 (HTML)": [f"/thu-tuc/?q={quote(q)}" for pair in SEARCH for q in pair],
        "code search (HTML)": [f"/thu-tuc/?q={quote(c)}" for c in CODES],
        "procedure page (HTML)": ["/thu-tuc/9.000007/", "/thu-tuc/9.001234/"],
    }
    for urls in targets.values():  # warm up templates, caches and the SQLite page cache
        time_requests(client, urls, len(urls) * 3)
    results: dict[str, list[list[float]]] = {name: [] for name in targets}
    for _round in range(rounds):
        for name, urls in targets.items():
            results[name].append(time_requests(client, urls, requests))
    return {name: summarise(r) for name, r in results.items()}


# --- reference ---------------------------------------------------------------------------------------------


REFERENCE_SCRIPT = r"""
import json, os, sys, time
sys.path.insert(0, os.environ["REF_DIR"])
os.environ["DJANGO_SETTINGS_MODULE"] = "benchproj.settings"
os.environ["BENCH_MW"] = "default"
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
with connection.cursor() as c:
    c.execute("DELETE FROM lookup_dossier")
    c.execute('''WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < 2000)
        INSERT INTO lookup_dossier(id, code, agency_id, procedure_name, applicant_name, status,
                                   received_at, due_at, finished_at)
        SELECT i, printf('H56-%08d', i), i % 50, 'Cấp giấy phép xây dựng số ' || i, 'Nguyễn Văn ' || i,
               i % 8, datetime('2025-01-01'), datetime('2025-01-10'), NULL FROM s''')
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
rounds, requests = int(sys.argv[1]), int(sys.argv[2])
targets = {
    "reference hello": ["/hello"],
    "reference status look-up (ORM)": ["/status/H56-%08d" % i for i in (7, 1234, 1999)],
}
out = {}
for name, urls in targets.items():
    for u in urls * 3:
        client.get(u)
    rs = []
    for _ in range(rounds):
        s = []
        for i in range(requests):
            t = time.perf_counter()
            r = client.get(urls[i % len(urls)])
            s.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
        rs.append(s)
    out[name] = rs
print(json.dumps(out))
"""


def bench_reference(rounds: int, requests: int, workdir: Path) -> dict[str, Any]:
    if not (REFERENCE / "benchproj").exists():
        return {"reference": "not found at " + str(REFERENCE)}
    env = {**os.environ, "REF_DIR": str(REFERENCE), "BENCH_SQLITE_PATH": str(workdir / "ref.sqlite3")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    output = subprocess.run(
        [sys.executable, "-c", REFERENCE_SCRIPT, str(rounds), str(requests)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {name: summarise(r) for name, r in json.loads(output.splitlines()[-1]).items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=ROOT / "egov" / "procedures" / "data" / "demo_catalogue.json",
        help="the real procedures the 2,000 are built from",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="egov-bench-") as tmp:
        workdir = Path(tmp)
        setup_egov(workdir)
        started = time.perf_counter()
        count = populate(args.catalogue)
        print(f"catalogue: {count} published procedures, built in {time.perf_counter() - started:.1f} s")
        problems = check_identical()
        print("identical with and without marks, codes found first:", problems or "yes")
        reference_before = bench_reference(args.rounds, args.requests, workdir)
        ours = bench_egov(args.rounds, args.requests)
        reference_after = bench_reference(args.rounds, args.requests, workdir)
    print(f"\n{'path':38} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}")
    for name, figures in {**ours, **reference_before}.items():
        if isinstance(figures, dict):
            print(f"{name:38} {figures['p50']:8.2f} {figures['p90']:8.2f} {figures['p99']:8.2f}")
    ref_name = "reference status look-up (ORM)"
    if ref_name in reference_before:
        ref = statistics.mean([reference_before[ref_name]["p50"], reference_after[ref_name]["p50"]])
        print(f"\nreference ORM look-up p50, before/after: {reference_before[ref_name]['p50']:.2f} / "
              f"{reference_after[ref_name]['p50']:.2f} ms")  # fmt: skip
        for name, figures in ours.items():
            print(f"{name:38} p50 = {figures['p50'] / ref:5.2f} × the reference look-up")


if __name__ == "__main__":
    main()
