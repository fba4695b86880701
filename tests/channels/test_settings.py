"""The worker's timeouts come from EGOV_* variables, and a lease too short for them stops start-up."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.channels.conftest import ROOT

SHOW = "import egov.settings as s; print(s.EMAIL_TIMEOUT, s.EGOV_SMS_TIMEOUT, s.EGOV_OUTBOX_LEASE)"


def start(**egov: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "DJANGO_"))}
    env.update({f"EGOV_{k}": v for k, v in {"SECRET_KEY": "k" * 50, **egov}.items()})
    env["EGOV_DATA_DIR"] = "/tmp/egov-settings-test"
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_send_timeouts_and_lease_come_from_the_environment():
    run = start()
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["20", "20", "600"]  # Django's own EMAIL_TIMEOUT default waits for ever
    run = start(EMAIL_TIMEOUT="7", SMS_TIMEOUT="9", OUTBOX_LEASE="90")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["7", "9", "90"]


def test_a_lease_shorter_than_ten_send_timeouts_stops_start_up():
    for variables in ({"EMAIL_TIMEOUT": "30", "OUTBOX_LEASE": "120"}, {"SMS_TIMEOUT": "61"}):
        run = start(**variables)
        assert run.returncode != 0
        assert "EGOV_OUTBOX_LEASE must be at least 10 times" in run.stderr
