"""Two requests racing on one dossier, in two threads with their own connections, in a child process on
a throw-away database (never the one EGOV_DATABASE_URL names): PostgreSQL when the suite runs on it,
otherwise a fresh SQLite file as the embedded profile runs (WAL, BEGIN IMMEDIATE). See
concurrency_script.py for the scenarios.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest

SCRIPT = Path(__file__).with_name("concurrency_script.py")


def _scratch_postgres(url: str) -> Iterator[tuple[str, str]]:
    import psycopg

    parts = urlsplit(url)
    name = f"{unquote(parts.path.lstrip('/'))}_race_{uuid.uuid4().hex[:8]}"
    admin = {
        "host": parts.hostname,
        "port": parts.port or 5432,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path="/" + name)), name
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def race(tmp_path_factory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("race")
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


def test_the_row_lock_makes_two_unversioned_moves_wait_for_each_other(race):
    # Both requests carry no expected version: only the lock keeps the second from writing over the first.
    lock = race["lock"]
    assert [o.split(" ")[0] for o in lock["outcomes"]] == ["ok", "ok"], lock
    assert lock["version_after"] == lock["version_before"] + 2, lock
    assert lock["assignments"] == 2, lock


def test_two_receipts_with_one_key_make_one_dossier_and_both_answer_with_it(race):
    receipt = race["receipt"]
    assert len(receipt["dossiers"]) == 1, receipt
    assert receipt["outcomes"] == [f"ok {receipt['dossiers'][0]}"] * 2, receipt
