"""Two submits of one linked group draft racing in two threads with their own connections, in a child
process on a throw-away database: PostgreSQL when the suite runs on it, otherwise a fresh SQLite file as the
embedded profile runs it (see group_race_script.py)."""

from __future__ import annotations

from pathlib import Path

from tests.scratch import run_script

SCRIPT = Path(__file__).with_name("group_race_script.py")


def test_two_submits_of_one_group_draft_at_once_make_one_bundle_and_both_answer_with_it(tmp_path):
    race = run_script(SCRIPT, tmp_path)
    assert len(race["bundles"]) == 1, race
    assert race["outcomes"] == [f"ok {race['bundles'][0]}"] * 2, race
    assert race["dossiers"] == 3, race
