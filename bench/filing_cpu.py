"""CPU time and queries of one online filing, in-process: through the API and through the pages.

    nice -n 10 .venv/bin/python bench/filing_cpu.py [--data-dir /tmp/egov-filebench/sqlite] [--filings 20]
        [--profile api|upload|submit] [--statements] [--prepare] [--database-url postgres://…]

The data set is bench/filing_http.py's (the demo province; `--prepare` migrates, builds it when it is
missing and collects the static files); each run files into it, so measure on a copy when comparing
versions. One filing is bench/filing_http.py's: the demo procedure 1.014137 at its first receiving
counter, its answers, and two numbered 200 KB PDFs, as a bench citizen (made here if missing).
- API: one `POST /api/v1/filings` (multipart: the filing as JSON and both papers, an Idempotency-Key).
- Pages: on a draft whose question steps are answered through egov.filing.services, the paper page of each
  required line with its file and "Lưu và tiếp tục" (upload), then "Gửi hồ sơ" on the check page (submit).

Each request goes through Django's test client with the whole middleware stack and production settings
(EGOV_DEBUG=0), signed in. `time.process_time()` is this process's CPU time, which other engineers' load does
not inflate the way it inflates wall time; the multipart body is encoded before the clock starts (a
browser's work, not the server's). The login page (middleware, session, one template, no query) is measured
before and after as the reference. Printed: median and p90 CPU ms per request and per filing, the queries of
one request (each statement, BEGIN/SAVEPOINT/COMMIT apart), and the function calls; `--profile` prints the
30 costliest functions (cumulative) of that request over the filings.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from filing_http import PROCEDURE, numbered, pdf_template  # type: ignore[import-not-found]  # noqa: E402


def _settings(data: Path, url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="egov.settings",
        EGOV_DATA_DIR=str(data),
        EGOV_DEBUG="0",
        EGOV_DEMO="1",
        EGOV_ALLOWED_HOSTS="testserver,localhost",
        EGOV_SECRET_KEY="bench-only-secret-key-0123456789abcdef",
    )
    if url:
        os.environ["EGOV_DATABASE_URL"] = url
    else:
        os.environ.pop("EGOV_DATABASE_URL", None)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/egov-filebench/sqlite"))
    parser.add_argument("--database-url", default="", help="a PostgreSQL data set instead of the SQLite one")
    parser.add_argument("--filings", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", default="", choices=["", "api", "upload", "submit"])
    parser.add_argument("--statements", action="store_true", help="print the SQL of one API filing and exit")
    parser.add_argument("--prepare", action="store_true", help="migrate and build the demo if missing")
    args = parser.parse_args()
    _settings(args.data_dir, args.database_url)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    if args.prepare:
        call_command("migrate", "--noinput", verbosity=0)
        from egov.procedures.models import Procedure

        if not Procedure.objects.filter(code=PROCEDURE).exists():
            call_command("demo", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
    Measure(args).run()


class Measure:
    def __init__(self, args: argparse.Namespace) -> None:
        import json

        from django.db import connection
        from django.test import Client
        from django.test.client import encode_multipart

        from egov.citizens import services as accounts
        from egov.filing import selectors
        from egov.procedures import addresses
        from egov.procedures.models import Procedure

        self.args = args
        self.connection = connection
        # A boundary of its own: with the test client's, it would encode the body again itself.
        self.encode = lambda data: encode_multipart("FilingCpuBoundary", data)
        self.content_type = "multipart/form-data; boundary=FilingCpuBoundary"
        self.procedure = Procedure.objects.get(code=PROCEDURE)
        self.lines = [d for d in self.procedure.documents.order_by("sort_order", "id") if d.required][:2]
        self.counter = selectors.receiving_counters(self.procedure)[0]
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username="bench.cpu.01").first()
        if user is None:
            user = accounts.create_citizen(
                actor=None,
                username="bench.cpu.01",
                full_name="Nguyễn Văn Thử",
                password="may-do-cpu-nop-ho-so-2026",
                email="benchcpu01@bench.example",
                id_number="001090099001",
                address="Xã An Bình",
                verified=True,
            )
        self.user = user
        self.client = Client()
        self.client.force_login(user)
        self.anonymous = Client()
        province = addresses.provinces()[0][0]
        ward = addresses.wards(province)[0][0]
        self.filing = json.dumps(
            {
                "procedure": PROCEDURE,
                "agency": self.counter.code,
                "applicant": {"phone": "0912345678"},
                "answers": {
                    "nguoi_yeu_cau": [
                        {
                            "ho_ten": user.full_name,
                            "so_dinh_danh": "001090099001",
                            "noi_cu_tru": {"province": province, "ward": ward, "detail": "Thôn Đông Hòa"},
                            "dien_thoai": "0912345678",
                            "email": "",
                        }
                    ],
                    "noi_kham_ban_dau": "Trạm y tế xã An Bình",
                },
            },
            ensure_ascii=False,
        )
        self.template = pdf_template()
        self.number = int(time.time()) * 1000

    # ------------------------------------------------------------ requests

    def _file(self, name: str) -> object:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.number += 1
        return SimpleUploadedFile(name, numbered(self.template, self.number), "application/pdf")

    def api_request(self) -> Callable[[], None]:
        body = self.encode(
            {
                "filing": self.filing,
                f"paper-{self.lines[0].pk}": self._file("giay-to-1.pdf"),
                f"paper-{self.lines[1].pk}": self._file("giay-to-2.pdf"),
            }
        )
        key = f"cpu-{self.number}"

        def send() -> None:
            answer = self.client.post(
                "/api/v1/filings", body, content_type=self.content_type, headers={"Idempotency-Key": key}
            )
            if answer.status_code != 201:
                raise SystemExit(f"API filing: {answer.status_code} {answer.content[:500]!r}")

        return send

    def page_requests(self) -> list[tuple[str, Callable[[], None]]]:
        """The pages' three requests for a fresh draft whose question steps are answered."""
        draft = self._draft()
        sends: list[tuple[str, Callable[[], None]]] = []
        for number, line in enumerate(self.lines, start=1):
            body = self.encode({"action": "continue", "file": self._file(f"giay-to-{number}.pdf")})
            path = f"/nop-truc-tuyen/{draft}/giay-to/{line.pk}/"
            sends.append(("upload", self._post(path, body, "/")))
        sends.append(
            ("submit", self._post(f"/nop-truc-tuyen/{draft}/kiem-tra/", self.encode({}), "/da-nop/"))
        )
        return sends

    def _post(self, path: str, body: bytes, location: str) -> Callable[[], None]:
        def send() -> None:
            answer = self.client.post(path, body, content_type=self.content_type)
            if answer.status_code != 302 or location not in answer["Location"]:
                raise SystemExit(f"{path}: {answer.status_code} {answer.content[:500]!r}")

        return send

    def _draft(self) -> int:
        from egov.filing import journey, services

        user = self.user
        d = services.start(actor=user, procedure=self.procedure)
        d = services.save_who(actor=user, draft=d, organisation=None)
        d = services.save_applicant(actor=user, draft=d, applicant={"phone": "0912345678"})
        answers = {
            "nguoi_yeu_cau": [
                {
                    "ho_ten": user.full_name,
                    "so_dinh_danh": "001090099001",
                    "noi_cu_tru": {"detail": "Thôn Đông Hòa"},
                    "dien_thoai": "0912345678",
                    "email": user.email,
                }
            ],
            "noi_kham_ban_dau": "Trạm y tế xã An Bình",
        }
        for step in journey.steps_of(d):
            if step.specs:
                names = {s["name"] for s in step.specs}
                d = services.save_answers(
                    actor=user,
                    draft=d,
                    step=step.key,
                    answers={k: v for k, v in answers.items() if k in names},
                )
        d = services.choose_agency(actor=user, draft=d, agency=self.counter)
        return int(d.pk)

    def login_page(self) -> Callable[[], None]:
        def send() -> None:
            if self.anonymous.get("/accounts/login/").status_code != 200:
                raise SystemExit("login page")

        return send

    # ------------------------------------------------------------ measuring

    def cpu(self, send: Callable[[], None]) -> float:
        start = time.process_time()
        send()
        return (time.process_time() - start) * 1000

    def queries(self, send: Callable[[], None]) -> tuple[int, int]:
        found: list[str] = []

        def wrapper(execute, sql, *rest):  # type: ignore[no-untyped-def]
            found.append(sql)
            return execute(sql, *rest)

        with self.connection.execute_wrapper(wrapper):
            send()
        plain = [s for s in found if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN"))]
        return len(plain), len(found)

    def calls(self, send: Callable[[], None]) -> int:
        profile = cProfile.Profile()
        profile.enable()
        send()
        profile.disable()
        return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]

    def run(self) -> None:
        args = self.args
        if args.statements:
            self.api_request()()
            found: list[str] = []
            with self.connection.execute_wrapper(
                lambda execute, sql, *rest: found.append(sql) or execute(sql, *rest)
            ):
                self.api_request()()
            for sql in found:
                print(sql[:300])
            return
        print(f"load average at the start: {os.getloadavg()}; {self.connection.vendor}")
        print("| request | CPU ms p50 | CPU ms p90 | statements (with savepoints) | function calls |")
        print("|---|---:|---:|---:|---:|")
        self.row(
            "login page (reference)", [self.cpu(self.login_page()) for _ in range(args.filings * 2)], None
        )
        for _ in range(args.warmup):
            self.api_request()()
            for _name, send in self.page_requests():
                send()
        api = [self.cpu(self.api_request()) for _ in range(args.filings)]
        pages: dict[str, list[float]] = {"upload": [], "submit": []}
        whole: list[float] = []
        for _ in range(args.filings):
            spent = 0.0
            for name, send in self.page_requests():
                ms = self.cpu(send)
                pages[name].append(ms)
                spent += ms
            whole.append(spent)
        self.row("API: POST /api/v1/filings (one filing)", api, self.api_request)
        uploads = [s for n, s in self.page_requests() if n == "upload"]
        self.row("pages: upload with 'Lưu và tiếp tục'", pages["upload"], lambda: uploads.pop(0))
        self.row("pages: submit ('Gửi hồ sơ')", pages["submit"], lambda: self._submit_of_fresh_draft())
        self.row("pages: one filing (2 uploads + submit)", whole, None)
        self.row(
            "login page (reference, again)",
            [self.cpu(self.login_page()) for _ in range(args.filings * 2)],
            None,
        )
        if args.profile:
            profile = cProfile.Profile()
            for _ in range(args.filings):
                if args.profile == "api":
                    send = self.api_request()
                else:
                    pages = self.page_requests()
                    if args.profile == "submit":
                        for _n, upload in pages[:2]:
                            upload()
                    send = next(s for n, s in pages if n == args.profile)
                profile.enable()
                send()
                profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats("egov/", 45)
        print(f"load average at the end: {os.getloadavg()}")

    def _submit_of_fresh_draft(self) -> None:
        sends = self.page_requests()
        for _name, send in sends[:2]:
            send()
        self._pending = sends[2][1]

    def row(self, name: str, times: list[float], fresh: Callable[[], Callable[[], None]] | None) -> None:
        times = sorted(times)
        statements = calls = ""
        if fresh is not None:
            if name.startswith("pages: submit"):
                fresh()
                plain, every = self.queries(self._pending)
                fresh()
                calls = f"{self.calls(self._pending):,}"
            else:
                plain, every = self.queries(fresh())
                calls = f"{self.calls(fresh()):,}"
            statements = f"{plain} ({every})"
        p90 = times[int(len(times) * 0.9)] if times else float("nan")
        print(f"| {name} | {statistics.median(times):.2f} | {p90:.2f} | {statements} | {calls} |", flush=True)


if __name__ == "__main__":
    main()
