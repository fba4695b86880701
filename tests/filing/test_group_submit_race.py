"""Two submits of one linked group draft racing in two threads with their own connections, in a child
process on a throw-away database: PostgreSQL when the suite runs on it, otherwise a fresh SQLite file as the
embedded profile runs it (see group_race_script.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.dossiers.test_concurrency import _scratch_postgres

SCRIPT = Path(__file__).with_name("group_race_script.py")


def test_two_submits_of_one_group_draft_at_once_make_one_bundle_and_both_answer_with_it(tmp_path):
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
    finally:
        next(scratch, None)
    assert run.returncode == 0, run.stderr[-3000:]
    race = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(race["bundles"]) == 1, race
    assert race["outcomes"] == [f"ok {race['bundles'][0]}"] * 2, race
    assert race["dossiers"] == 3, race
