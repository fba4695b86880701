"""Two egov deployments exchange a document (issue 13 item 5), each a real process with its own database
and data folder, the other configured as its peer: A issues a document to B's agency, A's outbox worker
POSTs the signed package to B's server, B's clerk registers it, its leader assigns it, its unit completes
it, B's worker sends the status messages back to A's server, and A's document shows "acknowledged" with
each status. Both servers are gunicorn on 127.0.0.1; the steps run as management commands and
tests/exchange/deployment_script.py in each side's environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from tests.ca import CertificateAuthority
from tests.channels.conftest import free_port
from tests.scratch import scratch_postgres

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("deployment_script.py")
SUMMARY = "Quyết định về việc liên thông văn bản giữa hai hệ thống"


@dataclass
class Side:
    name: str
    folder: Path
    port: int
    env: dict[str, str] = field(default_factory=dict)
    server: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/lien-thong/edxml/"

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"{self.name} {args[:2]}: {done.stderr[-3000:]}"
        return done.stdout

    def step(self, step: str, **data: Any) -> dict[str, Any]:
        return json.loads(self.run(str(SCRIPT), step, json.dumps(data)).strip().splitlines()[-1])

    def manage(self, *args: str) -> str:
        return self.run("manage.py", *args)

    def start(self) -> None:
        log = (self.folder / "server.log").open("wb")
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{self.port}",
                "egov.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.endpoint, timeout=2)
            except urllib.error.HTTPError as exc:
                if exc.code == 405:  # up: the endpoint takes POST only
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(
            f"{self.name}'s server did not start: {(self.folder / 'server.log').read_text()[-2000:]}"
        )

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)


@pytest.fixture
def sides(tmp_path: Path) -> Iterator[tuple[Side, Side]]:
    url = os.environ.get("EGOV_DATABASE_URL", "")
    scratches = []
    made = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "PYTEST", "DJANGO_"))}
        env.update(EGOV_DATA_DIR=str(folder), EGOV_DEBUG="1", EGOV_LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")
        env.update(EGOV_SIGNING_TRUST_ROOTS=str(tmp_path / "root.pem"))
        if url.startswith("postgres"):
            scratch = scratch_postgres(url)
            env["EGOV_DATABASE_URL"], env["EGOV_SCRATCH_DATABASE"] = next(scratch)
            scratches.append(scratch)
        else:
            env["EGOV_SCRATCH_DATABASE"] = str(folder / "egov.sqlite3")
        made.append(Side(name, folder, free_port(), env))
    try:
        yield made[0], made[1]
    finally:
        for side in made:
            side.stop()
        for scratch in scratches:
            next(scratch, None)


def test_two_deployments_exchange_a_document_and_its_statuses(tmp_path, sides):
    a, b = sides
    ca = CertificateAuthority.create("egov TEST root CA")
    (tmp_path / "root.pem").write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    for name, common in (("a", "UBND xã An Bình"), ("b", "Sở Tư pháp tỉnh B"), ("signer", "Nguyễn Văn Chủ")):
        (tmp_path / f"{name}.p12").write_bytes(ca.pkcs12(common, b"mat-khau-p12"))
    root = str(tmp_path / "root.pem")
    a.step(
        "setup",
        province="UBND tỉnh A", province_code="000.00.00.H99", name="UBND xã An Bình", code="000.00.31.H99",
        short="UBND", p12=str(tmp_path / "a.p12"), root=root,
        peer_code="000.00.01.H98", peer_name="Sở Tư pháp tỉnh B", peer_endpoint=b.endpoint,
    )  # fmt: skip
    b.step(
        "setup",
        province="UBND tỉnh B", province_code="000.00.00.H98", name="Sở Tư pháp tỉnh B", code="000.00.01.H98",
        short="STP", p12=str(tmp_path / "b.p12"), root=root,
        peer_code="000.00.31.H99", peer_name="UBND xã An Bình", peer_endpoint=a.endpoint,
    )  # fmt: skip
    a.start()
    b.start()

    issued = a.step("issue", code="000.00.31.H99", summary=SUMMARY, peer_name="Sở Tư pháp tỉnh B",
                    signer_p12=str(tmp_path / "signer.p12"))  # fmt: skip
    assert "1 documents" in a.manage("exchange_sync")
    assert "sent 1" in a.manage("deliver_outbox", "--once")

    handled = b.step("handle", summary=SUMMARY)
    assert handled["arrived"]["status"] == "received"
    assert handled["arrived"]["number"] == issued["number"]
    assert "Nguyễn Văn Chủ" in handled["arrived"]["signatures"]  # the PDF's signatures read on arrival
    assert "3 statuses" in b.manage("exchange_sync")
    b.manage("deliver_outbox", "--once")  # "arrived", then received, assigned, completed

    seen = a.step("report", summary=SUMMARY)
    assert seen["recipients"] == [["Sở Tư pháp tỉnh B", "acknowledged"]]
    assert [code for code, _words in seen["statuses"]] == ["01", "03", "04", "06"]
    assert seen["statuses"][-1][1].startswith("Hoàn thành")
    assert b.step("report", summary=SUMMARY)["status"] == "done"
