"""The same callback delivered twice at the same moment, by two threads with their own connections in a
child process, on a throw-away database (PostgreSQL when the suite runs on it, otherwise a fresh SQLite
file): it credits once. See callback_race_script.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.dossiers.test_concurrency import _scratch_postgres

SCRIPT = Path(__file__).with_name("callback_race_script.py")


def test_a_callback_delivered_twice_at_once_credits_once(tmp_path) -> None:
    env = {**os.environ, "EGOV_DATA_DIR": str(tmp_path), "EGOV_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = env.pop("EGOV_DATABASE_URL", "")
    if url.startswith("postgres"):
        scratch = _scratch_postgres(url)
        env["EGOV_DATABASE_URL"], env["EGOV_SCRATCH_DATABASE"] = next(scratch)
    else:
        scratch = iter(())
        env["EGOV_SCRATCH_DATABASE"] = str(tmp_path / "egov.sqlite3")
    try:
        run = subprocess.run(
            [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert run.returncode == 0, run.stderr[-3000:]
        race = json.loads(run.stdout.strip().splitlines()[-1])
    finally:
        next(scratch, None)
    assert race["outcomes"] == ["already_done", "confirmed"], race
    assert (race["payments"], race["history"], race["unpaid"]) == (1, 1, 0), race
    assert race["messages"] == 2, race  # one SMS and one email, once
