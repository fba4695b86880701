"""The hot paths under real HTTP load, beside a Django hello and the reference kit, in one pass.

    .venv/bin/python bench/http_load.py --dossiers 1000000 --db sqlite,postgres

For each database it builds (or reuses, and tops up to N) a data set in its own folder under --data-dir:
the demo province through `manage.py demo`, then N dossiers with their history through the demo's bulk
generator; on PostgreSQL it first starts a private cluster on a free loopback port (the reference kit's
pg_cluster.sh) and stops it at the end. The reference kit (../shared/reference-bench, or
EGOV_REFERENCE_BENCH) gets the same N rows in the same database engine.

Then egov and the reference kit run under gunicorn with the same flags (2 sync workers, no access log),
the personas sign in through the real login form, and wrk drives each endpoint at 1 and 16 connections:
a warm-up, then --runs runs of --duration seconds, each request a random path from the data (random
dossiers the persona may open, random codes, random searches). The Django hello of the reference kit is
measured before and after the egov endpoints, so a slow moment of this noisy machine shows in both.

It prints, per endpoint and connection count, the median req/s over the runs, p50/p90/p99 in ms, the
non-2xx responses and socket errors, and the ratio to hello (and, for the look-up, to the reference's
own ORM look-up `/status/<code>`; for the public statistics and their open data, to the reference's small
page `/status-page/<code>`) — the figures the targets in docs/performance.md are written in.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/reference-bench beside the checkout (or beside the folder of worktrees), or EGOV_REFERENCE_BENCH.
REFERENCE = Path(
    os.environ.get("EGOV_REFERENCE_BENCH")
    or next(
        (
            p
            for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared")
            if (p / "reference-bench").is_dir()
        ),
        ROOT.parent / "shared",
    )
    / "reference-bench"
)
LUA = ROOT / "bench" / "paths.lua"
PASSWORD = "egov-demo-2026"  # the demo personas' password (README)
SECRET = "bench-only-secret-key-0123456789abcdef0123"
GUNICORN_FLAGS = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]


# ---------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise SystemExit(f"nothing answers on 127.0.0.1:{port} after {seconds:.0f} s")


@contextmanager
def gunicorn(app: str, port: int, env: dict[str, str], cwd: Path) -> Iterator[None]:
    """A gunicorn master with its workers, stopped (and waited for) on the way out."""
    binary = str(Path(sys.executable).with_name("gunicorn"))
    command = [binary, app, "--bind", f"127.0.0.1:{port}", *GUNICORN_FLAGS]
    process = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True)
    try:
        wait_for(port)
        yield
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def postgres_cluster(work: Path) -> Iterator[int]:
    """A private PostgreSQL on a free loopback port (user `bench`, trust on loopback), stopped at the end."""
    port = free_port()
    env = dict(os.environ, PGWORK=str(work / "pg"), PGPORT=str(port))
    script = REFERENCE / "pg_cluster.sh"
    # pg_cluster.sh writes the port into postgresql.conf only when it creates the cluster: keep it in step.
    conf = work / "pg" / "data" / "postgresql.conf"
    if conf.exists():
        text = re.sub(r"^port = \d+$", f"port = {port}", conf.read_text(), flags=re.M)
        conf.write_text(text)
    subprocess.run(["bash", str(script), "start"], env=env, check=True)
    try:
        for name in ("egov", "bench"):
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "bench", name],
                stderr=subprocess.DEVNULL,
                check=False,  # already there on a reused cluster
            )
        yield port
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, check=False)


# ---------------------------------------------------------------- the two applications


@dataclass
class Target:
    """One database's pair of applications and their data."""

    db: str
    data: Path
    egov_env: dict[str, str]
    ref_env: dict[str, str]
    n: int


def egov_environment(db: str, data: Path, pg_port: int | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        EGOV_DATA_DIR=str(data),
        EGOV_SECRET_KEY=SECRET,
        EGOV_ALLOWED_HOSTS="127.0.0.1,localhost",
        EGOV_DEMO="1",
        EGOV_DEBUG="0",
        # The look-up's per-client limit protects the public from one abuser; wrk is one client by
        # design, so the bench lifts the limit rather than measure 429 pages.
        EGOV_LOOKUP_LIMIT="100000",
        EGOV_LOOKUP_WINDOW="1",
    )
    if pg_port is not None:
        env["EGOV_DATABASE_URL"] = f"postgres://bench@127.0.0.1:{pg_port}/egov"
    else:
        env.pop("EGOV_DATABASE_URL", None)
    return env


def reference_environment(db: str, data: Path, pg_port: int | None) -> dict[str, str]:
    env = dict(os.environ, BENCH_MW="default", PYTHONPATH=str(REFERENCE))
    env["BENCH_MEDIA_ROOT"] = str(data / "reference-media")
    if pg_port is not None:
        env.update(BENCH_DB="postgres", BENCH_PGPORT=str(pg_port), BENCH_PGHOST="127.0.0.1")
    else:
        env.update(BENCH_DB="sqlite", BENCH_SQLITE_PATH=str(data / "reference.sqlite3"))
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def prepare(target: Target) -> None:
    """Migrate, build the demo, top the dossiers up to N, collect static files; fill the reference kit."""
    env = target.egov_env
    manage(env, "migrate", "--noinput", "-v0")
    have = int(manage(env, "shell", "-c", COUNT_SNIPPET, capture=True).strip().splitlines()[-1])
    if have == 0:
        manage(env, "demo", "-v0")
        have = int(manage(env, "shell", "-c", COUNT_SNIPPET, capture=True).strip().splitlines()[-1])
    if have < target.n:
        print(f"[{target.db}] generating {target.n - have:,} dossiers (have {have:,})", flush=True)
        manage(env, "demo", "--dossiers", str(target.n - have))
    manage(env, "collectstatic", "--noinput", "-v0")
    marker = target.data / f"reference-{target.n}.done"
    if not marker.exists():
        subprocess.run(
            [sys.executable, str(REFERENCE / "populate_lookup.py"), str(target.n)],
            cwd=REFERENCE,
            env=target.ref_env,
            check=True,
        )
        marker.write_text("ok\n")


COUNT_SNIPPET = "from egov.dossiers.models import Dossier; print(Dossier.objects.count())"

# Run inside egov (manage.py shell) to write the path files wrk picks from.
PATHS_SNIPPET = r"""
import json, random, sys
from django.contrib.auth import get_user_model
from egov.dossiers.models import Dossier
rng = random.Random(7)
User = get_user_model()
result = {}
for username in ("demo.chuyenvien", "demo.motcua", "demo.lanhdao"):
    user = User.objects.get(username=username)
    ids = list(Dossier.objects.visible_to(user).order_by("?").values_list("id", flat=True)[:5000])
    result[username] = ids
top = Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0
picks = sorted({rng.randint(1, top) for _ in range(20000)}) if top else []
codes = list(Dossier.objects.filter(id__in=picks).values_list("code", flat=True)[:5000])
result["codes"] = codes
print("PATHS" + json.dumps(result))
"""

SEARCHES = [
    "khai sinh",
    "khai tu",
    "đăng ký kết hôn",
    "giay phep xay dung",
    "chứng thực",
    "hộ kinh doanh",
    "lý lịch tư pháp",
    "cấp đổi",
    "đất đai",
    "1.001193",
]

DESK, SPECIALIST, LEADER = "demo.motcua", "demo.chuyenvien", "demo.lanhdao"
# Every queue of each persona who holds it (egov.dossiers.selectors.QUEUES); the personas of one commune.
QUEUE_KEYS = {
    DESK: (
        "to_receive",
        "to_process",
        "due_soon",
        "overdue",
        "supplement",
        "to_return",
        "returned_today",
        "papers_to_send",
    ),
    SPECIALIST: ("to_process", "due_soon", "overdue", "supplement"),
    LEADER: ("to_approve", "due_soon", "overdue", "supplement", "returned_today"),
}
ROLE_NAMES = {DESK: "desk", SPECIALIST: "specialist", LEADER: "leader"}

# (name, persona or "" for anonymous, a fixed path or "@kind" of random paths written by path_files()).
ENDPOINTS: list[tuple[str, str, str]] = [
    *(
        (f"queue {key} ({ROLE_NAMES[persona]})", persona, f"/ho-so/hang-doi/{key}/")
        for persona, keys in QUEUE_KEYS.items()
        for key in keys
    ),
    ("dossier page (specialist)", SPECIALIST, "@dossiers"),
    ("leader home", LEADER, "/"),
    ("procedure search", "", "@search"),
    ("public look-up (HTML)", "", "@lookup"),
    ("public look-up (JSON)", "", "@lookup_json"),
    # Issue 12: the public statistics page and its open data "under wrk against the reference kit's small
    # page in the same run" (the reference's /status-page/<code>): the default period (the last 30 days)
    # and this year, the whole province, as a visitor opens them.
    ("public statistics, 30 days", "", "/thong-ke/"),
    ("public statistics, year", "", "@stats_year"),
    ("open data JSON, year", "", "@stats_year_json"),
]

# The targets (docs/performance.md): (words of the endpoint's name, minimum × hello, minimum ×
# reference /status/<code>, maximum p99 / p50).
TARGETS: list[tuple[str, float, float, float]] = [
    ("queue", 0.05, 0.0, 3.0),
    ("dossier page", 0.1, 0.0, 0.0),
    ("look-up", 0.0, 0.8, 0.0),
    ("procedure search", 0.1, 0.0, 0.0),
    ("leader home", 0.05, 0.0, 0.0),
]


def path_files(target: Target, out: Path) -> dict[str, Path]:
    raw = manage(target.egov_env, "shell", "-c", PATHS_SNIPPET, capture=True)
    data = json.loads(raw[raw.index("PATHS") + 5 :])
    files: dict[str, list[str]] = {
        "@dossiers": [f"/ho-so/{pk}/" for pk in data["demo.chuyenvien"]],
        "@lookup": [f"/tra-cuu/{urllib.parse.quote(code)}/" for code in data["codes"]],
        "@lookup_json": [
            "POST /api/v1/dossiers/lookup " + json.dumps({"code": code}, ensure_ascii=True)
            for code in data["codes"]
        ],
        "@search": [f"/thu-tuc/?q={urllib.parse.quote(q)}" for q in SEARCHES],
        "@ref_status": [f"/status/H56-{random.randint(1, target.n):08d}" for _ in range(5000)],
        "@ref_status_page": [f"/status-page/H56-{random.randint(1, target.n):08d}" for _ in range(5000)],
        "@ref_hello": ["/hello"],
        "@stats_year": [f"/thong-ke/?period=year&year={time.gmtime().tm_year}"],
        "@stats_year_json": [f"/api/v1/stats/figures?period=year&year={time.gmtime().tm_year}"],
    }
    written = {}
    for kind, paths in files.items():
        if not paths:
            raise SystemExit(f"[{target.db}] no paths for {kind}: is the data set empty?")
        path = out / f"{target.db}-{kind[1:]}.txt"
        path.write_text("\n".join(paths) + "\n")
        written[kind] = path
    return written


def sign_in(port: int, username: str) -> str:
    """Sign in through the real login form; return the Cookie header wrk sends."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("the login page has no CSRF token")
    body = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=body, headers={"Referer": base + "/"})
    opener.open(request, timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"{username} could not sign in (wrong password, or locked out?)")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def check_answers(port: int, line: str, cookie: str) -> None:
    """wrk counts a redirect as success: make sure the persona really gets the page (200), not the login."""
    opener = urllib.request.build_opener(_NoRedirect)
    headers = {"Cookie": cookie}
    body = None
    path = line
    if line.startswith("POST "):
        _, path, text = line.split(" ", 2)
        body = text.encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers=headers)
    try:
        # Long: after a 16-connection run the workers first drain the requests wrk left in their queue.
        status = opener.open(request, timeout=300).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{path} answers {status}, not 200: the bench would measure the wrong page")


# ---------------------------------------------------------------- wrk


@dataclass
class Figure:
    rps: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p90: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    non2xx: int = 0
    socket_errors: set[str] = field(default_factory=set)

    def median(self, name: str) -> float:
        values = getattr(self, name)
        return statistics.median(values) if values else float("nan")


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return {"us": value / 1000, "ms": value, "s": value * 1000, "m": value * 60000}[unit]


def wrk(port: int, paths: Path, cookie: str, connections: int, seconds: int) -> dict[str, object]:
    threads = min(connections, 2)
    env = dict(os.environ, WRK_PATHS=str(paths), WRK_COOKIE=cookie)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(LUA)]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}"], env=env, text=True, capture_output=True, check=True
    ).stdout
    result: dict[str, object] = {}
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    result["rps"] = float(match.group(1)) if match else 0.0
    for p in ("50", "90", "99"):
        match = re.search(rf"^\s+{p}(?:\.0+)?%\s+(\S+)", out, re.M)
        result[p] = _ms(match.group(1)) if match else float("nan")
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: (.*)", out)
    result["socket"] = match.group(1).strip() if match else ""
    return result


def measure(port: int, paths: Path, cookie: str, connections: int, args: argparse.Namespace) -> Figure:
    wrk(port, paths, cookie, connections, args.warmup)
    figure = Figure()
    for _ in range(args.runs):
        r = wrk(port, paths, cookie, connections, args.duration)
        figure.rps.append(float(r["rps"]))  # type: ignore[arg-type]
        figure.p50.append(float(r["50"]))  # type: ignore[arg-type]
        figure.p90.append(float(r["90"]))  # type: ignore[arg-type]
        figure.p99.append(float(r["99"]))  # type: ignore[arg-type]
        figure.non2xx += int(r["non2xx"])  # type: ignore[call-overload]
        if r["socket"]:
            figure.socket_errors.add(str(r["socket"]))
    return figure


# ---------------------------------------------------------------- one pass


def run_pass(target: Target, args: argparse.Namespace) -> list[tuple[str, int, Figure]]:
    egov_port, ref_port = free_port(), free_port()
    rows: list[tuple[str, int, Figure]] = []
    files = path_files(target, target.data)
    with (
        gunicorn("egov.wsgi:application", egov_port, target.egov_env, ROOT),
        gunicorn("benchproj.wsgi:application", ref_port, target.ref_env, REFERENCE),
    ):
        cookies = {p: sign_in(egov_port, p) for p in {p for _, p, _ in ENDPOINTS if p}}
        cookies[""] = ""
        for connections in args.connections:
            rows.append(
                ("hello (before)", connections, measure(ref_port, files["@ref_hello"], "", connections, args))
            )
            print(
                f"[{target.db}] hello (before) at {connections}: {rows[-1][2].median('rps'):,.1f} req/s",
                flush=True,
            )
            for name, kind in (
                ("reference /status/<code>", "@ref_status"),
                ("reference /status-page/<code>", "@ref_status_page"),
            ):
                rows.append((name, connections, measure(ref_port, files[kind], "", connections, args)))
            for name, persona, kind in ENDPOINTS:
                if args.only and not any(word in name for word in args.only):
                    continue
                if kind.startswith("@"):
                    paths = files[kind]
                else:
                    slug = re.sub(r"[^a-z0-9]+", "-", kind).strip("-") or "root"
                    paths = target.data / f"{target.db}-fixed-{slug}.txt"
                    paths.write_text(kind + "\n")
                print(f"[{target.db}] {name} at {connections} connection(s)", flush=True)
                try:
                    check_answers(egov_port, paths.read_text().split("\n", 1)[0], cookies[persona])
                    figure = measure(egov_port, paths, cookies[persona], connections, args)
                except (OSError, subprocess.CalledProcessError) as error:
                    # One endpoint that times out must not cost the figures of the others.
                    print(f"[{target.db}] {name}: not measured ({error})", flush=True)
                    figure = Figure()
                print(
                    f"[{target.db}]   {figure.median('rps'):,.1f} req/s, p50 {figure.median('p50'):.1f} ms, "
                    f"p99 {figure.median('p99'):.1f} ms",
                    flush=True,
                )
                rows.append((name, connections, figure))
            rows.append(
                ("hello (after)", connections, measure(ref_port, files["@ref_hello"], "", connections, args))
            )
            print(
                f"[{target.db}] hello (after) at {connections}: {rows[-1][2].median('rps'):,.1f} req/s",
                flush=True,
            )
    return rows


def verdict(name: str, figure: Figure, ratio_hello: float, ratio_ref: float) -> str:
    """The issue's target for this endpoint, met or missed, in words."""
    for words, min_hello, min_ref, max_spread in TARGETS:
        if words not in name:
            continue
        missed = []
        if min_hello and not ratio_hello >= min_hello:
            missed.append(f"< {min_hello} × hello")
        if min_ref and not ratio_ref >= min_ref:
            missed.append(f"< {min_ref} × reference")
        p50 = figure.median("p50")
        spread = figure.median("p99") / p50 if p50 else float("inf")
        if max_spread and not spread <= max_spread:
            missed.append(f"p99 {spread:.1f} × p50")
        return "met" if not missed else "MISSED: " + ", ".join(missed)
    return ""


def report(db: str, n: int, rows: list[tuple[str, int, Figure]]) -> None:
    print(f"\n### {db}, {n:,} dossiers — {time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.2f}\n")
    print(
        "| endpoint | conns | req/s | p50 ms | p90 ms | p99 ms | non-2xx | × hello | × reference | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    hello: dict[int, float] = {}
    reference: dict[int, float] = {}
    small_page: dict[int, float] = {}  # the reference kit's small page, beside the statistics
    for name, conns, figure in rows:
        if name.startswith("hello"):
            hello.setdefault(conns, figure.median("rps"))
            # The slower of before and after is the fair denominator for a noisy machine.
            hello[conns] = min(hello[conns], figure.median("rps"))
        if name == "reference /status/<code>":
            reference[conns] = figure.median("rps")
        if name == "reference /status-page/<code>":
            small_page[conns] = figure.median("rps")
    for name, conns, figure in rows:
        rps = figure.median("rps")
        ratio_hello = rps / hello[conns] if hello.get(conns) else float("nan")
        ratio_ref = rps / reference[conns] if "look-up" in name and reference.get(conns) else float("nan")
        if ("statistics" in name or "open data" in name) and small_page.get(conns):
            ratio_ref = rps / small_page[conns]
        errors = f"{figure.non2xx}" + (
            f" ({'; '.join(sorted(figure.socket_errors))})" if figure.socket_errors else ""
        )
        print(
            f"| {name} | {conns} | {rps:,.0f} | {figure.median('p50'):.1f} | {figure.median('p90'):.1f} | "
            f"{figure.median('p99'):.1f} | {errors} | {ratio_hello:.3f} | "
            f"{'' if math.isnan(ratio_ref) else f'{ratio_ref:.3f}'} | "
            f"{verdict(name, figure, ratio_hello, ratio_ref)} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--dossiers", type=int, default=100_000, help="dossiers in the data set (default 100000)"
    )
    parser.add_argument(
        "--db", "--database", dest="db", default="sqlite", help="sqlite, postgres or sqlite,postgres"
    )
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/egov-http-bench"))
    parser.add_argument("--connections", default="1,16", help="wrk connection counts (default 1,16)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per endpoint (default 3)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated words: only endpoints whose name has one")
    parser.add_argument("--fresh", action="store_true", help="delete the data set and build it again")
    parser.add_argument(
        "--prepare-only", action="store_true", help="build or top up the data set, measure nothing"
    )
    args = parser.parse_args()
    args.connections = [int(c) for c in args.connections.split(",")]
    args.only = [w for w in args.only.split(",") if w]
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    for db in args.db.split(","):
        data = args.data_dir / f"{db}-{args.dossiers}"
        if args.fresh and data.exists():
            shutil.rmtree(data)
        data.mkdir(parents=True, exist_ok=True)
        if db == "postgres":
            with postgres_cluster(data) as port:
                target = Target(
                    db,
                    data,
                    egov_environment(db, data, port),
                    reference_environment(db, data, port),
                    args.dossiers,
                )
                prepare(target)
                if not args.prepare_only:
                    report(db, args.dossiers, run_pass(target, args))
        elif db == "sqlite":
            target = Target(
                db,
                data,
                egov_environment(db, data, None),
                reference_environment(db, data, None),
                args.dossiers,
            )
            prepare(target)
            if not args.prepare_only:
                report(db, args.dossiers, run_pass(target, args))
        else:
            raise SystemExit(f"unknown database {db!r}: sqlite or postgres")


if __name__ == "__main__":
    main()
