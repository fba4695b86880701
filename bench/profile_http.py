"""Where a page's time goes in a real gunicorn worker under wrk: py-spy samples the worker while wrk drives
the page, and the samples are summed by function, by itself and with what it calls.

    .venv/bin/pip install py-spy     # a profiler for this script only, not a dependency of the project
    .venv/bin/python bench/profile_http.py --data-dir /work/bench-data/postgres-1000000 \\
        --database-url postgres://bench@127.0.0.1:<port>/egov --user demo.chuyenvien \\
        --paths /work/bench-data/postgres-1000000/postgres-dossiers.txt --seconds 20

The data set is one bench/http_load.py built (its folder, and on PostgreSQL its cluster started by hand:
`PGWORK=<folder>/pg bash ../shared/reference-bench/pg_cluster.sh start`, the port the last `port =` of
`<folder>/pg/data/postgresql.conf`). One sync worker, one wrk connection: each sample is the request's
own work or its wait for the database, never a wait for a core taken by another worker. py-spy runs
`--nonblocking` (it does not stop the worker to read its stack), so the request rate it prints is close
to the rate without it.

Why this and not cProfile: cProfile adds a cost to every call, so pages of many small calls (templates)
looked costlier than they are and the database's waits looked smaller (docs/performance.md, "The dossier
page's reads in one round trip"). `--native` adds C frames (SQLite's, psycopg's); py-spy then stops the
worker for each sample.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import http_load

#: Frames of the request itself (the worker's loop and gunicorn's own accept are left out).
REQUEST_FRAME = "handle_request"
#: Where a frame's path is cut: a library's from its package, egov's from `egov/`, the standard library's
#: from its module (the first that matches).
CUTS = [
    (re.compile(r" \([^()]*/site-packages/"), " ("),
    (re.compile(r" \([^()]*/egov/"), " (egov/"),
    (re.compile(r" \([^()]*/python3\.\d+/"), " ("),
]


def _frame(text: str, *, line: bool) -> str:
    """`function (path:line)` with the path cut to the package, and without the line unless asked."""
    for pattern, replacement in CUTS:
        short, cut = pattern.subn(replacement, text, count=1)
        if cut:
            break
    else:
        short = text
    return short if line else re.sub(r":\d+\)$", ")", short)


def summarise(raw: Path, top: int, pattern: str, *, line: bool = False) -> str:
    """py-spy's raw output (one stack and its count a line) summed: each function's own share of the
    request's samples, then its share with its callees (`pattern`, a regular expression, keeps only the
    functions whose text it finds)."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for text in raw.read_text(errors="replace").splitlines():
        stack, _, count = text.rpartition(" ")
        if not count.isdigit() or REQUEST_FRAME not in stack:
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        own[_frame(frames[-1], line=line)] += n
        for name in {_frame(f, line=line) for f in frames}:
            inclusive[name] += n
    if not total:
        return "no samples inside a request: did wrk reach the worker?"
    wanted = re.compile(pattern) if pattern else None
    out = [f"{total} samples inside requests", "", "own time:"]
    out += [f"{n / total * 100:6.1f}%  {name}" for name, n in own.most_common(top)]
    out += ["", "with what it calls" + (f" (matching {pattern!r})" if pattern else "") + ":"]
    rows = [(name, n) for name, n in inclusive.most_common() if wanted is None or wanted.search(name)]
    out += [f"{n / total * 100:6.1f}%  {name}" for name, n in rows[:top]]
    return "\n".join(out)


def _wrk(port: int, paths: Path, cookie: str, seconds: int) -> str:
    env = dict(os.environ, WRK_PATHS=str(paths), WRK_COOKIE=cookie)
    command = ["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", "-s", str(http_load.LUA)]
    result = subprocess.run([*command, f"http://127.0.0.1:{port}"], env=env, capture_output=True, text=True)
    return result.stdout


def _worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise SystemExit(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True, help="a data set's folder (EGOV_DATA_DIR)")
    parser.add_argument("--database-url", default="", help="its PostgreSQL database; SQLite when empty")
    parser.add_argument("--user", default="", help="a demo persona to sign in as; anonymous when empty")
    parser.add_argument("--paths", type=Path, required=True, help="a file of paths, one a line (wrk draws)")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rate", type=int, default=400, help="py-spy's samples per second")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", default="", help="only these functions in the inclusive list (regex)")
    parser.add_argument("--lines", action="store_true", help="tell the lines of a function apart")
    parser.add_argument("--native", action="store_true", help="C frames too (stops the worker to sample)")
    parser.add_argument("--raw", type=Path, help="keep py-spy's raw samples here")
    args = parser.parse_args()
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        raise SystemExit(f"py-spy is not installed: {spy.parent}/pip install py-spy")

    env = http_load.egov_environment("sqlite", args.data_dir, None)
    if args.database_url:
        env["EGOV_DATABASE_URL"] = args.database_url
    port = http_load.free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    flags = ["--workers", "1", "--worker-class", "sync", "--log-level", "warning"]
    master = subprocess.Popen(
        [gunicorn, "egov.wsgi:application", "--bind", f"127.0.0.1:{port}", *flags],
        cwd=http_load.ROOT,
        env=env,
        start_new_session=True,
    )
    raw = args.raw or Path(tempfile.mkdtemp(prefix="egov-profile-")) / "samples.raw"
    try:
        http_load.wait_for(port)
        cookie = http_load.sign_in(port, args.user) if args.user else ""
        _wrk(port, args.paths, cookie, 3)  # warm-up: the worker's first visits are not what we ask
        spy_command = [str(spy), "record", "-p", str(_worker_pid(master.pid)), "-d", str(args.seconds)]
        spy_command += ["-r", str(args.rate), "-f", "raw", "-o", str(raw)]
        spy_command += ["--native"] if args.native else ["--nonblocking"]
        sampler = subprocess.Popen(spy_command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        report = _wrk(port, args.paths, cookie, args.seconds)
        sampler.wait(timeout=args.seconds + 60)
    finally:
        os.killpg(master.pid, signal.SIGTERM)
        master.wait(timeout=30)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    p50 = re.search(r"50%\s+(\S+)", report)
    print(f"{rate.group(1) if rate else '?'} requests/s, p50 {p50.group(1) if p50 else '?'} (one connection)")
    print(summarise(raw, args.top, args.match, line=args.lines))


if __name__ == "__main__":
    main()
