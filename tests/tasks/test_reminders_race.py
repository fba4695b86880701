"""Four daily runs of `task_reminders` at once, in threads with their own connections, in a child process on
a throw-away database (PostgreSQL when the suite runs on it, otherwise a fresh SQLite file): the late
reminder goes out once. See reminders_race_script.py."""

from __future__ import annotations

from pathlib import Path

from tests.scratch import run_script

SCRIPT = Path(__file__).with_name("reminders_race_script.py")


def test_concurrent_runs_send_one_late_reminder_decree_30_art_24_1(tmp_path):
    race = run_script(SCRIPT, tmp_path)
    assert not [s for s in race["sent"] if isinstance(s, str)], race
    assert sum(race["sent"]) == 1, race
    assert race["emails"] == 2 and race["events"] == 1, race
