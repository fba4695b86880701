"""Document search over 100,000 documents and numbering under 8 concurrent issuers, on SQLite and PostgreSQL.

    nice -n 10 .venv/bin/python bench/documents.py [--database sqlite,postgres] [--documents 100000]
        [--rounds 5] [--requests 100] [--data-dir /tmp/egov-docbench] [--fresh]

For each database it builds (or reuses) a data set in `--data-dir/<db>-<N>`: a province with 20 communes,
their clerks, and N documents written by the bulk path (`bulk_create` of documents, their files' extracted
words and their search entries; the SQLite FTS5 index fills through its triggers, PostgreSQL's tsvector is
a generated column), each with a Vietnamese summary and a ~120-word text drawn from a fixed vocabulary, so
common words match thousands of documents and rare ones a few. PostgreSQL: a database `egov_docbench` on
`--pg-url` (kept between runs).

Then, in one run, beside the reference (../shared/reference-bench: the ORM status look-up by code in a
subprocess, as bench/procedures_search.py), and an ORM primary-key read of one document on the same
database: the search selector (`egov.documents.search.search`, top 20) for a number typed three ways, for
ranked queries typed with and without marks (checking the two give identical ids), as the province's clerk
(every document) and a commune's clerk (its own); and the search page through Django's test client. Each
figure is the median over rounds of each round's p50/p95, in milliseconds.

Numbering: 8 processes take numbers in one register at once (`numbering.take_number`, each number in its own
transaction, one in five rolled back on purpose); afterwards the committed numbers must be exactly 1..n:
no duplicate, no gap.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCABULARY = """
kế hoạch triển khai thực hiện nhiệm vụ cải cách hành chính chuyển đổi số quản lý văn bản điện tử đất đai
xây dựng nông thôn mới giáo dục y tế an sinh xã hội phòng chống thiên tai lụt bão tài chính ngân sách
đầu tư công thủ tục hồ sơ trực tuyến dịch vụ công cấp giấy chứng nhận quyền sử dụng báo cáo tổng kết
năm quý tháng đôn đốc kiểm tra giám sát thanh tra khiếu nại tố cáo tiếp công dân đường giao thông
trường học trạm y tế môi trường rác thải nước sạch điện chiếu sáng công cộng văn hóa thể thao du lịch
lao động việc làm quốc phòng an ninh trật tự dân số gia đình trẻ em người cao tuổi hộ nghèo
"""
WORDS = VOCABULARY.split()
RARE = ["ngũ", "sứa", "đèo", "khoáng", "mưa đá", "voọc", "chè", "tiêu", "điều", "quế"]
SUMMARIES = [
    "V/v triển khai Kế hoạch chuyển đổi số năm {y}",
    "Kế hoạch cải cách hành chính năm {y}",
    "Báo cáo kết quả giải quyết thủ tục hành chính quý {q}",
    "Quyết định phê duyệt dự án xây dựng đường giao thông nông thôn",
    "Thông báo kết luận về công tác phòng chống lụt bão",
    "V/v đôn đốc cấp giấy chứng nhận quyền sử dụng đất đai",
    "Giấy mời dự hội nghị tổng kết công tác văn thư lưu trữ",
    "V/v tăng cường quản lý môi trường và rác thải",
]
TYPES = ["CV", "QĐ", "KH", "BC", "TB", "GM"]
RANKED = [
    ("chuyển đổi số", "chuyen doi so"),
    ("cải cách hành chính", "cai cach hanh chinh"),
    ("đất đai", "dat dai"),
    ("phòng chống lụt bão", "phong chong lut bao"),
    ("quản lý văn bản điện tử", "quan ly van ban dien tu"),
    ("voọc", "vooc"),
    ("mưa đá đèo", "mua da deo"),
]
COMMUNES = 20
ISSUERS = 8
PER_ISSUER = 50


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        q: ordered[min(len(ordered) - 1, int(f * len(ordered)))] for q, f in (("p50", 0.5), ("p95", 0.95))
    }


def summarise(rounds: list[list[float]]) -> dict[str, float]:
    per = [percentiles(r) for r in rounds]
    return {k: round(statistics.median(p[k] for p in per), 2) for k in ("p50", "p95")}


def setup_django(db: str, data: Path, pg_url: str) -> None:
    data.mkdir(parents=True, exist_ok=True)
    os.environ["EGOV_DATA_DIR"] = str(data)
    os.environ["EGOV_DEBUG"] = "0"
    os.environ.setdefault("EGOV_SECRET_KEY", "bench-" + "x" * 40)
    os.environ["EGOV_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "egov.settings"
    if db == "postgres":
        os.environ["EGOV_DATABASE_URL"] = pg_url
    else:
        os.environ.pop("EGOV_DATABASE_URL", None)
    import django

    django.setup()


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.002:
        words.insert(rng.randrange(n), rng.choice(RARE))
    return " ".join(words)


def build(n: int) -> None:
    """The province, its communes and clerks, and N documents with their search entries (bulk path)."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from egov.core.text import search_words
    from egov.documents import numbering, search_index
    from egov.documents.models import Document, ExtractedText, SearchEntry
    from egov.organizations.models import Agency, AgencyKind, Role
    from tests.factories import make_agency, make_staff

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest storage needs it
    if Agency.objects.filter(code="000.00.00.B01").exists():
        have = Document.objects.count()
    else:
        root = make_agency("UBND tỉnh Bench", AgencyKind.PROVINCE, code="000.00.00.B01")
        make_staff("bench.vanthu.tinh", root, (Role.CLERK,), "Văn Thư Tỉnh")
        for i in range(1, COMMUNES + 1):
            commune = make_agency(f"UBND xã Bench {i}", AgencyKind.COMMUNE, root, code=f"000.{i:02d}.31.B01")
            make_staff(f"bench.vanthu.{i:02d}", commune, (Role.CLERK,), f"Văn Thư {i}")
        have = 0
    communes = list(Agency.objects.filter(code__endswith=".31.B01").order_by("code"))
    rng = random.Random(have)
    started = time.perf_counter()
    batch = 5000
    now = timezone.now()
    while have < n:
        size = min(batch, n - have)
        docs, bodies = [], []
        for i in range(have + 1, have + size + 1):
            agency = communes[i % len(communes)]
            doc_type = TYPES[i % len(TYPES)]
            number_symbol = f"{i}/{doc_type}-UBND"
            summary = rng.choice(SUMMARIES).format(y=2020 + i % 7, q=1 + i % 4) + " " + _text(rng, 6)
            docs.append(
                Document(
                    direction="incoming" if i % 2 else "outgoing",
                    agency=agency,
                    status="registered" if i % 2 else "issued",
                    doc_type=doc_type,
                    issuer_name="UBND tỉnh Bench" if i % 3 else agency.name,
                    number_symbol=number_symbol,
                    number_symbol_key=numbering.lookup_key(number_symbol),
                    issued_on=dt.date(2020, 1, 1) + dt.timedelta(days=i % 2500),
                    summary=summary[:500],
                    signer_name=rng.choice(
                        ["Nguyễn Văn An", "Trần Thị Bình", "Đặng Đức Đông", "Lê Hữu Hạnh"]
                    ),
                    created_at=now,
                )
            )
            bodies.append(_text(rng, 120))
        with transaction.atomic():
            made = Document.objects.bulk_create(docs)
            texts = {}
            for doc, body in zip(made, bodies, strict=True):
                texts[str(doc.pk)] = " ".join(search_words(body))
            ExtractedText.objects.bulk_create(
                [ExtractedText(sha256=f"bench-{k}", words=v, extracted_at=now) for k, v in texts.items()]
            )
            entries = []
            for doc in made:
                entry = search_index.entry_for(doc, {})
                entry.body = texts[str(doc.pk)]
                entries.append(entry)
            SearchEntry.objects.bulk_create(entries)
        have += size
        rate = have / max(time.perf_counter() - started, 1e-6)
        print(f"  {have:,} documents ({rate:,.0f}/s)", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE documents_searchentry")


def timed(fn: Any, args_list: list[Any], requests: int) -> list[float]:
    samples = []
    for i in range(requests):
        start = time.perf_counter()
        fn(args_list[i % len(args_list)])
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure(rounds: int, requests: int) -> tuple[dict[str, dict[str, float]], list[str]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from egov.documents import search
    from egov.documents.models import Document

    users = get_user_model().objects
    province, commune = users.get(username="bench.vanthu.tinh"), users.get(username="bench.vanthu.01")
    total = Document.objects.count()
    rng = random.Random(7)
    picks = [rng.randrange(1, total) for _ in range(50)]
    numbers = []
    for i in picks:
        t = TYPES[i % len(TYPES)]
        numbers += [f"{i}/{t}-UBND", f"{i}/{t.replace('Đ', 'D')}-UBND", f"{i} {t.lower()} ubnd"]
    problems = []

    def run(user: Any, **kw: Any) -> list[int]:
        return [d.pk for d in search.search(user, search.Criteria(**kw), limit=20).documents]

    for marked, plain in RANKED:
        for user in (province, commune):
            if run(user, text=marked) != run(user, text=plain):
                problems.append(f"{marked!r} and {plain!r} differ for {user.username}")
    for i in picks[:10]:
        t = TYPES[i % len(TYPES)]
        found = {
            tuple(run(province, number=v))
            for v in (f"{i}/{t}-UBND", f"{i} {t} ubnd", f"{i}/{t.lower()}-ubnd")
        }
        if len(found) != 1 or len(next(iter(found))) != 1:
            problems.append(f"number {i}/{t}-UBND: {found}")
    client = Client()
    client.force_login(province)
    pk_ids = [d for d in Document.objects.values_list("pk", flat=True)[:200]]
    paths: dict[str, tuple[Any, list[Any]]] = {
        "reference: ORM read of one document by pk": (
            lambda pk: Document.objects.filter(pk=pk).first(),
            pk_ids,
        ),
        "number (3 spellings), province clerk": (lambda v: run(province, number=v), numbers),
        "number typed in the words box": (lambda v: run(province, text=v), numbers),
    }
    for label, index in (("with marks", 0), ("without marks", 1)):
        queries = [q[index] for q in RANKED]
        paths[f"ranked top 20 {label}, province clerk"] = (lambda v: run(province, text=v), queries)
        paths[f"ranked top 20 {label}, commune clerk"] = (lambda v: run(commune, text=v), queries)
    paths["search page (HTML, test client), ranked"] = (
        lambda v: client.get("/van-ban/tim-kiem/", {"q": v}),
        [q[1] for q in RANKED],
    )
    results: dict[str, list[list[float]]] = {name: [] for name in paths}
    for _round in range(rounds):
        for name, (fn, values) in paths.items():
            fn(values[0])  # warm
            results[name].append(timed(fn, values, requests))
    return {name: summarise(r) for name, r in results.items()}, problems


# ---------------------------------------------------------------- numbering under concurrent issuers


def issuer(index: int) -> None:
    """A child process: take PER_ISSUER numbers, each in its own transaction, one in five rolled back."""
    from django.db import transaction
    from django.utils import timezone

    from egov.documents import numbering
    from egov.organizations.models import Agency

    agency = Agency.objects.get(code="000.00.00.B01")
    kept, failed = [], 0
    for i in range(PER_ISSUER):
        try:
            with transaction.atomic():
                _register, number = numbering.take_number(agency, "outgoing", "bench-race", timezone.now())
                if (index + i) % 5 == 4:
                    raise RuntimeError("rolled back on purpose")
            kept.append(number)
        except RuntimeError:
            pass
        except Exception as exc:  # a lock timeout: counted, never hidden
            failed += 1
            print(f"issuer {index}: {exc!r}", file=sys.stderr)
    print(json.dumps({"kept": kept, "failed": failed}))


def race(db: str, data: Path, pg_url: str) -> str:
    from egov.documents.models import Register

    Register.objects.filter(series="bench-race").delete()
    from django.db import connection

    connection.close()
    started = time.perf_counter()

    def child(i: int) -> subprocess.Popen[str]:
        flags = ["--issuer", str(i), "--database", db, "--pg-url", pg_url, "--child-data", str(data)]
        return subprocess.Popen([sys.executable, __file__, *flags], stdout=subprocess.PIPE, text=True)

    children = [child(i) for i in range(ISSUERS)]
    outs = [json.loads(c.communicate(timeout=600)[0].splitlines()[-1]) for c in children]
    seconds = time.perf_counter() - started
    numbers = sorted(n for o in outs for n in o["kept"])
    failed = sum(o["failed"] for o in outs)
    duplicates = len(numbers) - len(set(numbers))
    gaps = sorted(set(range(1, (numbers[-1] if numbers else 0) + 1)) - set(numbers))
    ok = not duplicates and not gaps and numbers == list(range(1, len(numbers) + 1))
    return (
        f"{ISSUERS} processes × {PER_ISSUER} attempts: {len(numbers)} numbers kept, {failed} errors, "
        f"{duplicates} duplicates, {len(gaps)} gaps, 1..{numbers[-1] if numbers else 0} "
        f"{'consecutive' if ok else 'NOT consecutive'}; {len(numbers) / seconds:.0f} kept numbers/s "
        f"(processes' start included)"
    )


def reference(rounds: int, requests: int, work: Path) -> dict[str, Any]:
    from bench.procedures_search import bench_reference

    return bench_reference(rounds, requests, work)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="sqlite,postgres")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/egov-docbench"))
    parser.add_argument("--pg-url", default="postgres://egov:egov@127.0.0.1:54329/egov_docbench")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--issuer", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.issuer is not None:
        setup_django(args.database, args.child_data, args.pg_url)
        issuer(args.issuer)
        return
    databases = args.database.split(",")
    if len(databases) > 1:  # one process per database: Django is set up once per process
        for one in databases:
            rest = [*_without(sys.argv[1:], "--database"), "--database", one]
            subprocess.run([sys.executable, __file__, *rest], check=True)
        return
    db = databases[0]
    data = args.data_dir / f"{db}-{args.documents}"
    if args.fresh and db == "sqlite" and data.exists():
        import shutil

        shutil.rmtree(data)
    if db == "postgres":
        server, name = args.pg_url.rsplit("/", 1)
        maintenance = ["--maintenance-db", server + "/postgres"]
        if args.fresh:
            subprocess.run(["dropdb", "--if-exists", *maintenance, name], check=False)
        subprocess.run(["createdb", *maintenance, name], stderr=subprocess.DEVNULL, check=False)
    setup_django(db, data, args.pg_url)
    load = os.getloadavg()
    print(f"== {db}, {args.documents:,} documents, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
          f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    started = time.perf_counter()
    build(args.documents)
    print(f"data set ready in {time.perf_counter() - started:.1f} s")
    ref_before = reference(args.rounds, args.requests, data)
    figures, problems = measure(args.rounds, args.requests)
    ref_after = reference(args.rounds, args.requests, data)
    print("identical with and without marks, numbers typed any way:", problems or "yes")
    print(f"\n{'path':50} {'p50 ms':>8} {'p95 ms':>8}")
    for name, f in figures.items():
        print(f"{name:50} {f['p50']:8.2f} {f['p95']:8.2f}")
    for label, ref in (("before", ref_before), ("after", ref_after)):
        for name, f in ref.items():
            if isinstance(f, dict):
                print(f"reference kit {label}: {name:34} {f['p50']:8.2f} {f.get('p90', 0):8.2f} (p50, p90)")
            else:
                print(f"reference kit {label}: {name} {f}")
    print("numbering:", race(db, data, args.pg_url))
    load = os.getloadavg()
    print(f"load at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def _without(argv: list[str], flag: str) -> list[str]:
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == flag:
            skip = True
            continue
        out.append(a)
    return out


if __name__ == "__main__":
    main()
