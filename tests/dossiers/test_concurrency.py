"""Two requests racing on one dossier, in two threads with their own connections, in a child process on
a throw-away database (never the one EGOV_DATABASE_URL names): PostgreSQL when the suite runs on it,
otherwise a fresh SQLite file as the embedded profile runs (WAL, BEGIN IMMEDIATE). See
concurrency_script.py for the scenarios.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scratch import run_script

SCRIPT = Path(__file__).with_name("concurrency_script.py")


@pytest.fixture(scope="module")
def race(tmp_path_factory) -> dict[str, Any]:
    return run_script(SCRIPT, tmp_path_factory.mktemp("race"))


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
