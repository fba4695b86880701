"""One client floods the public look-up; do the others still get served? (docs/performance.md, "Flood")

    .venv/bin/python bench/lookup_flood.py --seconds 20

egov runs under gunicorn (2 sync workers, as in http_load.py) on the demo data set in its own SQLite folder,
with the look-up's default limit (30 per 600 s per client) and 127.0.0.1 as a trusted proxy, so that each
client is named by the X-Forwarded-For header it sends (nginx would set it). A "normal" client looks up one
code at a time at about --rate requests/s, each request from a new address (many citizens, each under the
limit), first alone, then while wrk floods from one address with --connections connections, at about
--flood-rate requests/s (the issue's flood is 500 a second or more; 0: as fast as the server answers).
It prints the flooder's request rate and how many of its answers were 429, and the normal client's
p50/p90/p99 alone and under the flood, and their ratio (target: p99 under 3× the unflooded p99, nothing
but 200s for the normal client, no socket errors).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.flood_nginx import nginx
from bench.http_load import COUNT_SNIPPET, ROOT, egov_environment, free_port, gunicorn, manage

CODES_SNIPPET = (
    "from egov.dossiers.models import Dossier; "
    "print(' '.join(Dossier.objects.order_by('pk').values_list('code', flat=True)[:50]))"
)
FLOODER = "203.0.113.66"


def normal_client(
    port: int, codes: list[str], seconds: float, rate: float, *, by_source: bool = False
) -> tuple[list[float], int]:
    """Sequential look-ups from ever-new addresses; their latencies in ms and how many were not 200. Each
    address is an X-Forwarded-For header, or with `by_source` (behind nginx, which overwrites that header
    with the connection's address) the connection's own source address in 127.0.0.0/8."""
    latencies, bad, n = [], 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        n += 1
        path = f"/tra-cuu/{codes[n % len(codes)]}/"
        started = time.perf_counter()
        try:
            if by_source:
                source = f"127.{n // 65536 % 256 or 1}.{n // 256 % 256}.{n % 254 + 1}"
                connection = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=30, source_address=(source, 0)
                )
                connection.request("GET", path)
                answer = connection.getresponse()
                answer.read()
                ok = answer.status == 200
                connection.close()
            else:
                address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-For": address}
                )
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    ok = response.status == 200
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            ok = False
        took = time.perf_counter() - started
        latencies.append(took * 1000)
        bad += not ok
        time.sleep(max(0.0, 1 / rate - took))
    return latencies, bad


def percentiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[89], q[98]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rate", type=float, default=10.0, help="the normal client's requests per second")
    parser.add_argument("--connections", type=int, default=16, help="the flooder's wrk connections")
    parser.add_argument(
        "--flood-rate", type=float, default=600.0,
        help="the flooder's pace in requests/s over all its connections (0: as fast as answered)",
    )  # fmt: skip
    parser.add_argument(
        "--nginx", action="store_true",
        help="nginx in front with the shipped site's look-up limit (deploy/nginx/egov.conf), as deployed",
    )  # fmt: skip
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "egov-flood-bench")
    args = parser.parse_args()

    env = egov_environment("sqlite", args.data_dir, None)
    # The defaults of a real deployment: this bench measures the limit, not around it.
    env.update(EGOV_LOOKUP_LIMIT="30", EGOV_LOOKUP_WINDOW="600", EGOV_TRUSTED_PROXIES="127.0.0.1")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    if int(manage(env, "shell", "-c", COUNT_SNIPPET, capture=True).split()[-1]) == 0:
        manage(env, "demo", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    codes = manage(env, "shell", "-c", CODES_SNIPPET, capture=True).strip().splitlines()[-1].split()
    app_port = free_port()
    port = free_port() if args.nginx else app_port
    with gunicorn("egov.wsgi", app_port, env, ROOT), nginx(port, app_port) if args.nginx else nullcontext():
        normal_client(port, codes, 3, args.rate, by_source=args.nginx)  # warm-up
        alone, alone_bad = normal_client(port, codes, args.seconds, args.rate, by_source=args.nginx)
        flood: dict[str, str] = {}

        def run_wrk() -> None:
            pause = args.connections * 1000 / args.flood_rate if args.flood_rate else 0
            result = subprocess.run(
                ["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.seconds + 2}s", "--latency",
                 "-s", str(Path(__file__).with_name("flood.lua")), f"http://127.0.0.1:{port}/tra-cuu/{codes[0]}/"],
                capture_output=True, text=True, check=True,
                env={**os.environ, "FLOOD_DELAY_MS": f"{pause:.3f}", "FLOOD_ADDRESS": FLOODER},
            )  # fmt: skip
            flood["out"] = result.stdout

        flooder = threading.Thread(target=run_wrk)
        flooder.start()
        time.sleep(1)
        during, during_bad = normal_client(port, codes, args.seconds, args.rate, by_source=args.nginx)
        flooder.join()
    out = flood["out"]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*", out)
    a, d = percentiles(alone), percentiles(during)
    pace = f"paced at {args.flood_rate:.0f}/s" if args.flood_rate else "unpaced"
    who = "127.0.0.1 through nginx" if args.nginx else FLOODER
    print(f"flooder ({who}, {args.connections} connections, {pace}): {rps:.0f} req/s, {total} requests, "
          f"{int(non2xx.group(1)) if non2xx else 0} answered 429 (limit 30 per 600 s); "
          f"{errors.group(0) if errors else 'no socket errors'}")  # fmt: skip
    print(f"normal client alone:  {len(alone)} requests, p50 {a[0]:.1f} ms, p90 {a[1]:.1f} ms, "
          f"p99 {a[2]:.1f} ms, not 200: {alone_bad}")  # fmt: skip
    print(f"normal client flooded: {len(during)} requests, p50 {d[0]:.1f} ms, p90 {d[1]:.1f} ms, "
          f"p99 {d[2]:.1f} ms, not 200: {during_bad}")  # fmt: skip
    print(f"p99 flooded / alone: {d[2] / a[2]:.2f} (target < 3)")


if __name__ == "__main__":
    main()
