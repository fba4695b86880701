"""Receipts racing for the sequence of the day (Decree 118/2025 art. 28.2.b), in threads with their own
connections, in a child process on a throw-away database: PostgreSQL when the suite runs on it, otherwise a
fresh SQLite file as the embedded profile runs. See code_sequence_race_script.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scratch import run_script

SCRIPT = Path(__file__).with_name("code_sequence_race_script.py")


@pytest.fixture(scope="module")
def race(tmp_path_factory) -> dict[str, Any]:
    return run_script(SCRIPT, tmp_path_factory.mktemp("code-race"))


def test_racing_receipts_at_two_counters_get_consecutive_codes_of_the_prefix_decree_118_art_28_2_b(race):
    codes = race["codes"]
    assert not [c for c in codes if c.startswith("error")], codes
    assert sorted(codes) == [f"000.00.01.H99-261116-{n:04d}" for n in range(1, len(codes) + 1)], codes
