"""Two submits of one draft racing in two threads with their own connections, in a child process on a
throw-away database: PostgreSQL when the suite runs on it, otherwise a fresh SQLite file as the embedded
profile runs it (see submit_race_script.py)."""

from __future__ import annotations

from pathlib import Path

from tests.scratch import run_script

SCRIPT = Path(__file__).with_name("submit_race_script.py")


def test_two_submits_of_one_draft_at_once_make_one_dossier_and_both_answer_with_it(tmp_path):
    race = run_script(SCRIPT, tmp_path)
    assert len(race["dossiers"]) == 1, race
    assert race["outcomes"] == [f"ok {race['dossiers'][0]}"] * 2, race
    assert race["submits"] == 1, race
