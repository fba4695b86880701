"""Receipts racing for the sequence of the day (Decree 118/2025 art. 28.2.b), in threads with their own
connections, in a child process on a throw-away database: PostgreSQL when the suite runs on it, otherwise a
fresh SQLite file as the embedded profile runs. See code_sequence_race_script.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dossiers.test_concurrency import _scratch_postgres

SCRIPT = Path(__file__).with_name("code_sequence_race_script.py")


@pytest.fixture(scope="module")
def race(tmp_path_factory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("code-race")
    env = {**os.environ, "EGOV_DATA_DIR": str(folder), "EGOV_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = env.pop("EGOV_DATABASE_URL", "")
    if url.startswith("postgres"):
        scratch = _scratch_postgres(url)
        env["EGOV_DATABASE_URL"], env["EGOV_SCRATCH_DATABASE"] = next(scratch)
    else:
        scratch = iter(())
        env["EGOV_SCRATCH_DATABASE"] = str(folder / "egov.sqlite3")
    try:
        run = subprocess.run(
            [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert run.returncode == 0, run.stderr[-3000:]
        yield json.loads(run.stdout.strip().splitlines()[-1])
    finally:
        next(scratch, None)


def test_racing_receipts_at_two_counters_get_consecutive_codes_of_the_prefix_decree_118_art_28_2_b(race):
    codes = race["codes"]
    assert not [c for c in codes if c.startswith("error")], codes
    assert sorted(codes) == [f"000.00.01.H99-261116-{n:04d}" for n in range(1, len(codes) + 1)], codes
