"""nginx in front of gunicorn for bench/lookup_flood.py --nginx, with the look-up's per-address limit read
from the shipped site (deploy/nginx/egov.conf), so the bench measures the deployment as documented, not a
copy of its figures that could drift from it."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.http_load import wait_for

SITE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "egov.conf"


def shipped_limits() -> tuple[str, str, str]:
    """The site's `limit_req_zone` and `limit_req_status` lines, and the look-up location's `limit_req`."""
    text = SITE.read_text()
    zone = re.search(r"^limit_req_zone .*;$", text, re.M)
    status = re.search(r"^limit_req_status .*;$", text, re.M)
    lookup = re.search(r"location ~ \^/\(tra-cuu/[^{]*\{\s*(limit_req [^;]*;)", text)
    if not (zone and status and lookup):
        raise SystemExit(f"{SITE}: the look-up's limit_req lines were not found")
    return zone.group(0), status.group(0), lookup.group(1)


def config(listen: int, upstream: int, prefix: Path) -> str:
    zone, status, limit = shipped_limits()
    return f"""
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    {zone}
    {status}
    upstream egov_app {{ server 127.0.0.1:{upstream}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{listen};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $remote_addr;
        location ~ ^/(tra-cuu/|api/v1/dossiers/lookup|api/v1/lookup/) {{
            {limit}
            proxy_pass http://egov_app;
        }}
        location / {{ proxy_pass http://egov_app; }}
    }}
}}
"""


@contextmanager
def nginx(listen: int, upstream: int) -> Iterator[None]:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory(prefix="egov-flood-nginx-") as folder:
        prefix = Path(folder)
        conf = prefix / "nginx.conf"
        conf.write_text(config(listen, upstream, prefix))
        process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"])
        try:
            wait_for(listen)
            yield
        finally:
            process.send_signal(signal.SIGQUIT)
            process.wait(timeout=30)
