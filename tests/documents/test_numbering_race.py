"""Eight issuers numbering at once (Decree 30/2020 art. 15.1: consecutive, unique), in threads with their own
connections, in a child process on a throw-away database: PostgreSQL when the suite runs on it, otherwise a
fresh SQLite file as the embedded profile runs. See numbering_race_script.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.scratch import run_script

SCRIPT = Path(__file__).with_name("numbering_race_script.py")


@pytest.fixture(scope="module")
def race(tmp_path_factory) -> dict[str, Any]:
    return run_script(SCRIPT, tmp_path_factory.mktemp("numbering-race"))


def test_concurrent_numbering_gives_no_duplicate_and_no_gap_decree_30_art_15_1(race):
    numbers = [n for n in race["numbers"] if isinstance(n, int)]
    assert not [n for n in race["numbers"] if isinstance(n, str) and n.startswith("error")], race
    assert race["numbers"].count("rolled back") == 2
    assert sorted(numbers) == list(range(1, len(numbers) + 1)), race
    assert race["next"] == len(numbers) + 1
