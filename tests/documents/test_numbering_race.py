"""Eight issuers numbering at once (Decree 30/2020 art. 15.1: consecutive, unique), in threads with their own
connections, in a child process on a throw-away database: PostgreSQL when the suite runs on it, otherwise a
fresh SQLite file as the embedded profile runs. See numbering_race_script.py."""

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

SCRIPT = Path(__file__).with_name("numbering_race_script.py")


@pytest.fixture(scope="module")
def race(tmp_path_factory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("numbering-race")
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


def test_concurrent_numbering_gives_no_duplicate_and_no_gap_decree_30_art_15_1(race):
    numbers = [n for n in race["numbers"] if isinstance(n, int)]
    assert not [n for n in race["numbers"] if isinstance(n, str) and n.startswith("error")], race
    assert race["numbers"].count("rolled back") == 2
    assert sorted(numbers) == list(range(1, len(numbers) + 1)), race
    assert race["next"] == len(numbers) + 1
