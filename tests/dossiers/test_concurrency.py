"""Two officers acting on one dossier at the same moment: one move wins, the other is told and saves nothing.

The threads need their own connections to one database file, as in the embedded profile (SQLite, WAL,
BEGIN IMMEDIATE, busy timeout); the test database is in memory, so the scenario runs in a child process
on a fresh file database (concurrency_script.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("concurrency_script.py")


def test_two_officers_at_once_one_wins_the_other_is_told(tmp_path):
    env = {**os.environ, "EGOV_DATA_DIR": str(tmp_path), "EGOV_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    outcomes = sorted(result["outcomes"].values())
    assert outcomes[0] == "ok", result
    assert outcomes[1].startswith("stale: ") and "vừa được người khác xử lý" in outcomes[1], result
    assert result["version_after"] == result["version_before"] + 1
    assert len(result["events"]) == 3  # receive, forward, and the winner's move only
