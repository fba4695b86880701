"""Online filing under HTTP load: egov's citizen path against the reference kit's `/submit`, in one run.

    nice -n 10 .venv/bin/python bench/filing_http.py [--database sqlite|postgres] [--runs 3] [--duration 10]
        [--paths api,browser]

One *filing* is the same work on both sides: a form and two 200 KB PDF files accepted and stored, one
application made.
- The reference kit (../shared/reference-bench): one multipart POST `/submit` with four form fields and the
  two files (answer 201).
- egov through its API (`--paths api`, the headline): one multipart POST `/api/v1/filings` with the filing
  as JSON, both papers, the citizen's session cookie, the CSRF token in X-CSRFToken and an Idempotency-Key
  of its own (answer 201).
- egov through its pages (`--paths browser`): the requests a citizen's browser sends for it, each with the
  citizen's session cookie and CSRF token: the paper page of the first required line with file 1 and "Lưu và
  tiếp tục" (upload, checked by content, hashed, stored, recorded), the same for the second line, then "Gửi hồ
  sơ" on the check page (the dossier made by `intake.submit_online`). Each must answer 302; wrk would count a
  200 (the page again with an error) as a success, so the Lua script checks every answer itself. The redirects
  are not followed, as the reference's JSON answer has no page after it. The drafts' question steps (who,
  applicant, online form, counter) are answered beforehand through egov.filing.services, so only the upload
  and the submission are timed.

Both run under gunicorn with the same flags (2 sync workers), on SQLite (default) or, with --database
postgres, both in one private PostgreSQL cluster started and stopped by the script. N citizen accounts are
made through egov.citizens.services and signed in through the real login form; each wrk connection (one
wrk thread each, so a thread is a connection) files its own citizen's drafts one after the other. Drafts are
made for each run from the rate of the warm-up, three times an even share per connection and six more.

It prints, per connection count, the median over the runs of filings/s, requests/s, p50/p90/p99 of the
requests, refusals and errors, the ratio to the reference (to the slower of its before and after figures,
and to the faster), and then checks every accepted file: present in storage, its SHA-256 equal to the one
recorded, and its bytes exactly those sent (each request sends a numbered PDF that the check rebuilds).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# The reference kit sits beside the checkout (../shared) or, from a worktree, one level further up.
for _up in (Path(__file__).resolve().parents[2], Path(__file__).resolve().parents[3]):
    if (_up / "shared" / "reference-bench").is_dir():
        os.environ.setdefault("EGOV_REFERENCE_BENCH", str(_up / "shared" / "reference-bench"))
        break

from filing_snippets import (  # type: ignore[import-not-found]  # noqa: E402
    API_CHECK_SNIPPET,
    API_SETUP_SNIPPET,
    DRAFTS_SNIPPET,
    EGOV_CHECK_SNIPPET,
    REFERENCE_CHECK_SNIPPET,
    REFERENCE_RESET_SNIPPET,
    SIGN_IN_SNIPPET,
)

# Helpers of the hot-paths bench, imported as they are: processes, the private cluster, environments.
from http_load import (  # type: ignore[import-not-found]  # noqa: E402
    REFERENCE,
    ROOT,
    egov_environment,
    free_port,
    gunicorn,
    manage,
    postgres_cluster,
    reference_environment,
)

LUA = ROOT / "bench" / "filing.lua"
PASSWORD = "bench-filing-2026"
PROCEDURE = "1.014137"  # the demo's health-insurance card: a one-page form and two required papers
FILE_SIZE = 200 * 1024
PLACEHOLDER = b"BENCH" + b"0" * 16


def pdf_template() -> bytes:
    """A valid one-page PDF of exactly 200 KB: a comment with the 16-digit placeholder, and a content stream
    padded with a grey fill so its length comes out right. The placeholder's width is fixed, so the
    cross-reference offsets hold for every number put in it."""
    header = b"%PDF-1.4\n%" + PLACEHOLDER + b"\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]

    def build(padding: int) -> bytes:
        stream = b"0.5 g 0 0 595 842 re f\n" + b"%" + b"x" * padding + b"\n"
        body = [*objects, b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream"]
        out = bytearray(header)
        offsets = []
        for number, obj in enumerate(body, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
        return bytes(out)

    first = build(0)
    padding = FILE_SIZE - len(first)
    # The stream's /Length grows by a digit or so with the padding: settle it in a few rounds.
    for _ in range(5):
        candidate = build(padding)
        if len(candidate) == FILE_SIZE:
            return candidate
        padding += FILE_SIZE - len(candidate)
    raise RuntimeError("could not size the PDF")


def snippet_output(raw: str) -> dict:
    return json.loads(raw[raw.index("FILEBENCH") + len("FILEBENCH") :])


@dataclass
class Citizen:
    email: str
    cookie: str = ""
    token: str = ""


def sign_in(port: int, email: str, draft: int) -> Citizen:
    """Through the citizens' login form, then the CSRF token of a page the citizen's browser would hold."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"

    def token_of(page: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if match is None:
            raise SystemExit("no CSRF token on the page")
        return match.group(1)

    page = opener.open(f"{base}/cong-dan/dang-nhap/", timeout=60).read().decode()
    body = {"identifier": email, "password": PASSWORD, "csrfmiddlewaretoken": token_of(page)}
    request = urllib.request.Request(
        f"{base}/cong-dan/dang-nhap/", data=urllib.parse.urlencode(body).encode(), headers={"Referer": base}
    )
    opener.open(request, timeout=60).read()
    if "sessionid" not in {c.name for c in jar}:
        raise SystemExit(f"{email} could not sign in")
    page = opener.open(f"{base}/nop-truc-tuyen/{draft}/kiem-tra/", timeout=60).read().decode()
    cookie = ";".join(f"{c.name}={c.value}" for c in jar)  # no space: the plan file splits on spaces
    return Citizen(email, cookie, token_of(page))


def numbered(template: bytes, number: int) -> bytes:
    """The file one request sends: the template with `number` in its placeholder (as filing.lua does it)."""
    return template.replace(PLACEHOLDER, b"BENCH" + b"%016d" % number, 1)


# ---------------------------------------------------------------- wrk


@dataclass
class Run:
    rps: float
    filings_per_s: float
    p50: float
    p90: float
    p99: float
    non2xx: int
    socket: str
    filings: int
    uploads: int
    refused: int
    errors: int
    ran_out: int


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return {"us": value / 1000, "ms": value, "s": value * 1000, "m": value * 60000}[unit]


SALT = [int(time.time()) % 1000 * 10]


def wrk(
    port: int,
    mode: str,
    connections: int,
    seconds: int,
    pdf: Path,
    plan: Path | None,
    filing: Path | None = None,
) -> Run:
    SALT[0] += 1  # every run's files numbered apart from every other run's
    env = dict(
        os.environ,
        WRK_MODE=mode,
        WRK_PDF=str(pdf),
        WRK_PLAN=str(plan or ""),
        WRK_FILING=str(filing or ""),
        WRK_SALT=str(SALT[0]),
    )
    command = [
        "wrk", f"-t{connections}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency",
        "-s", str(LUA), f"http://127.0.0.1:{port}",
    ]  # fmt: skip
    out = subprocess.run(command, env=env, text=True, capture_output=True, check=True).stdout
    counts = dict(re.findall(r"(\w+)=(\d+)", out[out.index("FILEBENCH") :]))
    match = re.search(r"requests in ([\d.]+)(ms|s|m)", out)
    elapsed = _ms(f"{match.group(1)}{match.group(2)}") / 1000 if match else float(seconds)
    latency = {}
    for p in ("50", "90", "99"):
        found = re.search(rf"^\s+{p}(?:\.0+)?%\s+(\S+)", out, re.M)
        latency[p] = _ms(found.group(1)) if found else float("nan")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return Run(
        rps=float(rps.group(1)) if rps else 0.0,
        filings_per_s=int(counts["filings"]) / elapsed,
        p50=latency["50"],
        p90=latency["90"],
        p99=latency["99"],
        non2xx=int(non2xx.group(1)) if non2xx else 0,
        socket=socket_errors.group(1).strip() if socket_errors else "",
        filings=int(counts["filings"]),
        uploads=int(counts["uploads"]),
        refused=int(counts["refused"]),
        errors=int(counts["errors"]),
        ran_out=int(counts["ran_out"]),
    )


@dataclass
class Figure:
    runs: list[Run] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(getattr(r, name) for r in self.runs) if self.runs else float("nan")

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.runs)


# ---------------------------------------------------------------- one pass


class Bench:
    def __init__(self, args: argparse.Namespace, data: Path, pg_port: int | None) -> None:
        self.args = args
        self.data = data
        self.egov_env = egov_environment(args.database, data, pg_port)
        # The sign-in limit (EGOV_LOGIN_LIMIT: 30 per address in 10 minutes) guards accounts from a guesser;
        # every bench citizen signs in from 127.0.0.1, so the bench lifts it as it lifts the look-up limit.
        self.egov_env["EGOV_LOGIN_LIMIT"] = "100000"
        self.ref_env = reference_environment(args.database, data, pg_port)
        self.ref_env["BENCH_MEDIA_ROOT"] = str(data / "reference-media")
        self.pdf = data / "paper.pdf"
        self.pdf.write_bytes(pdf_template())
        self.citizens: list[Citizen] = []
        self.signed_in: dict[str, Citizen] = {}
        self.lines: list[int] = []
        self.drafts: list[int] = []  # every draft made by this pass, for the check afterwards
        self.filing = data / "filing.json"
        self.api_since: dict | None = None  # the last dossier before the API's filings, and the filing sent

    def prepare(self) -> None:
        """Migrate egov and build the demo province once; empty the reference kit's submissions."""
        env = self.egov_env
        manage(env, "migrate", "--noinput", "-v0")
        count = f"from egov.procedures.models import Procedure as P; print('FILEBENCH', P.objects.filter(code='{PROCEDURE}').count())"  # noqa: E501
        raw = manage(env, "shell", "-c", count, capture=True)
        if raw.split("FILEBENCH")[-1].strip() == "0":
            manage(env, "demo", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        shutil.rmtree(self.data / "reference-media", ignore_errors=True)
        subprocess.run(
            [sys.executable, "-c", REFERENCE_RESET_SNIPPET], cwd=REFERENCE, env=self.ref_env, check=True
        )

    def make_drafts(self, per_connection: int, connections: int) -> list[list[int]]:
        env = dict(
            self.egov_env,
            FILEBENCH_COUNTS=json.dumps([per_connection] * connections),
            FILEBENCH_PROCEDURE=PROCEDURE,
            FILEBENCH_PASSWORD=PASSWORD,
        )
        started = time.monotonic()
        out = snippet_output(manage(env, "shell", "-c", DRAFTS_SNIPPET, capture=True))
        self.lines = out["lines"]
        made = [out["citizens"][c] for c in sorted(out["citizens"])]
        self.drafts += [d for drafts in made for d in drafts]
        print(
            f"  {per_connection * connections} drafts made in {time.monotonic() - started:.0f} s", flush=True
        )
        return made

    def plan(self, drafts: list[list[int]], name: str) -> Path:
        path = self.data / f"plan-{name}.txt"
        rows = []
        for conn, (citizen, own) in enumerate(zip(self.citizens, drafts, strict=False), start=1):
            rows += [
                f"{conn} {citizen.cookie} {citizen.token} {d} {self.lines[0]} {self.lines[1]}" for d in own
            ]
        path.write_text("\n".join(rows) + "\n")
        return path

    def reference(self, port: int, connections: int, warm_up: bool) -> Figure:
        args = self.args
        if warm_up:
            wrk(port, "reference", connections, args.warmup, self.pdf, None)
        figure = Figure()
        for _ in range(args.runs):
            figure.runs.append(wrk(port, "reference", connections, args.duration, self.pdf, None))
        return figure

    def egov(self, port: int, connections: int) -> Figure:
        args = self.args
        per = max(3, math.ceil(args.expect * args.warmup * 2 / connections))
        drafts = self.make_drafts(per, connections)
        self.sign_in(port, connections)
        warm = wrk(port, "egov", connections, args.warmup, self.pdf, self.plan(drafts, "warm-up"))
        rate = max(warm.filings_per_s, 1.0)
        # Connections are not served evenly (gunicorn's sync workers take one at a time): room for three
        # times the average connection's share, and a few more.
        per = math.ceil(rate * args.duration * 3 / connections) + 6
        figure = Figure()
        for number in range(args.runs):
            drafts = self.make_drafts(per, connections)
            run = wrk(port, "egov", connections, args.duration, self.pdf, self.plan(drafts, f"run-{number}"))
            figure.runs.append(run)
        return figure

    def api(self, port: int, connections: int) -> Figure:
        """One POST /api/v1/filings per filing, each connection as its own citizen."""
        args = self.args
        self.make_drafts(1, connections)  # the page each citizen's CSRF token is read from
        self.sign_in(port, connections)
        plan = self.data / "plan-api.txt"
        plan.write_text(
            "".join(
                f"{conn} {c.cookie} {c.token} 0 {self.lines[0]} {self.lines[1]}\n"
                for conn, c in enumerate(self.citizens, start=1)
            )
        )
        if self.api_since is None:
            self.api_since = snippet_output(
                manage(self.egov_env, "shell", "-c", API_SETUP_SNIPPET, capture=True)
            )
            self.filing.write_text(json.dumps(self.api_since.pop("filing"), ensure_ascii=False))
        wrk(port, "api", connections, args.warmup, self.pdf, plan, self.filing)
        figure = Figure()
        for _ in range(args.runs):
            figure.runs.append(wrk(port, "api", connections, args.duration, self.pdf, plan, self.filing))
        return figure

    def check_api(self) -> dict:
        if self.api_since is None:
            return {"files": 0, "missing": [], "bad": [], "dossiers": 0}
        env = dict(
            self.egov_env,
            FILEBENCH_SINCE=str(self.api_since["since"]),
            FILEBENCH_PDF=str(self.pdf),
            FILEBENCH_LINES=json.dumps(self.lines),
        )
        return snippet_output(manage(env, "shell", "-c", API_CHECK_SNIPPET, capture=True))

    def sign_in(self, port: int, connections: int) -> None:
        raw = manage(self.egov_env, "shell", "-c", SIGN_IN_SNIPPET % connections, capture=True)
        first = snippet_output(raw)
        # Each citizen signs in once per pass: its session and token serve every later run.
        for email, draft in sorted(first.items()):
            if email not in self.signed_in:
                self.signed_in[email] = sign_in(port, email, draft)
        self.citizens = [self.signed_in[email] for email in sorted(first)]

    def check_egov(self) -> dict:
        ids = self.data / "drafts.json"
        ids.write_text(json.dumps(self.drafts))
        env = dict(self.egov_env, FILEBENCH_IDS=str(ids), FILEBENCH_PDF=str(self.pdf))
        return snippet_output(manage(env, "shell", "-c", EGOV_CHECK_SNIPPET, capture=True))

    def check_reference(self) -> dict:
        env = dict(self.ref_env, FILEBENCH_PDF=str(self.pdf))
        raw = subprocess.run(
            [sys.executable, "-c", REFERENCE_CHECK_SNIPPET],
            cwd=REFERENCE,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return snippet_output(raw)


def run_pass(args: argparse.Namespace, data: Path, pg_port: int | None) -> None:
    bench = Bench(args, data, pg_port)
    bench.prepare()
    rows: list[tuple[str, int, Figure]] = []
    egov_port, ref_port = free_port(), free_port()
    with (
        gunicorn("egov.wsgi:application", egov_port, bench.egov_env, ROOT),
        gunicorn("benchproj.wsgi:application", ref_port, bench.ref_env, REFERENCE),
    ):
        for connections in args.connections:
            print(f"[{args.database}] {connections} connection(s): reference, egov, reference", flush=True)
            rows.append(
                ("reference /submit (before)", connections, bench.reference(ref_port, connections, True))
            )
            if "api" in args.paths:
                rows.append(("egov POST /api/v1/filings", connections, bench.api(egov_port, connections)))
            if "browser" in args.paths:
                rows.append(("egov upload, upload, submit", connections, bench.egov(egov_port, connections)))
            rows.append(
                ("reference /submit (after)", connections, bench.reference(ref_port, connections, False))
            )
    report(args, rows, bench.check_egov(), bench.check_api(), bench.check_reference())


def report(
    args: argparse.Namespace, rows: list[tuple[str, int, Figure]], egov: dict, api: dict, ref: dict
) -> None:
    load = os.getloadavg()[0]
    print(f"\n### {args.database} — {time.strftime('%Y-%m-%d %H:%M')} UTC, load {load:.2f}\n")
    print(
        "| what | conns | filings/s | req/s | p50 ms | p90 ms | p99 ms | refused | 5xx/errors "
        "| non-2xx/3xx | × reference (slower; faster) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    reference: dict[int, float] = {}
    faster: dict[int, float] = {}
    for name, conns, figure in rows:
        if name.startswith("reference"):
            rate = figure.median("filings_per_s")
            reference[conns] = min(reference.get(conns, rate), rate)  # the slower of before and after
            faster[conns] = max(faster.get(conns, rate), rate)
    ran_out = 0
    for name, conns, figure in rows:
        rate = figure.median("filings_per_s")
        ratio = (
            ""
            if name.startswith("reference")
            else f"{rate / reference[conns]:.2f}; {rate / faster[conns]:.2f}"
        )
        sockets = "; ".join(sorted({r.socket for r in figure.runs if r.socket}))
        ran_out += figure.total("ran_out")
        print(
            f"| {name} | {conns} | {rate:,.1f} | {figure.median('rps'):,.1f} | {figure.median('p50'):.0f} | "
            f"{figure.median('p90'):.0f} | {figure.median('p99'):.0f} | {figure.total('refused')} | "
            f"{figure.total('errors')}{f' ({sockets})' if sockets else ''} | {figure.total('non2xx')} "
            f"| {ratio} |"
        )
    print()
    for name, result in (("egov pages", egov), ("egov API", api), ("reference", ref)):
        print(
            f"{name}: {result['files']} accepted files checked, {len(result['missing'])} missing, "
            f"{len(result['bad'])} not as sent or not as recorded; {result['dossiers']} applications made"
        )
    if ran_out:
        print(f"WARNING: {ran_out} connection(s) ran out of drafts: raise --expect and run again")
    if any(r["missing"] or r["bad"] for r in (egov, api, ref)):
        raise SystemExit("some accepted files are missing or changed")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/egov-filebench"))
    parser.add_argument("--connections", default="1,16", help="wrk connection counts (default 1,16)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up (default 3)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--expect", type=float, default=20, help="filings/s guessed for the warm-up's drafts")
    parser.add_argument("--fresh", action="store_true", help="delete the data set and build it again")
    parser.add_argument(
        "--paths",
        default="api,browser",
        help="egov's paths: api (one request), browser (three); both by default",
    )
    args = parser.parse_args()
    args.connections = [int(c) for c in args.connections.split(",")]
    args.paths = set(args.paths.split(","))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    data = args.data_dir / args.database
    if args.fresh and data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True, exist_ok=True)
    if args.database == "postgres":
        with postgres_cluster(data) as port:
            run_pass(args, data, port)
    else:
        run_pass(args, data, None)


if __name__ == "__main__":
    main()
