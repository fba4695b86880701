"""The same callback delivered twice at the same moment, by two threads with their own connections in a
child process, on a throw-away database (PostgreSQL when the suite runs on it, otherwise a fresh SQLite
file): it credits once. See callback_race_script.py."""

from __future__ import annotations

from pathlib import Path

from tests.scratch import run_script

SCRIPT = Path(__file__).with_name("callback_race_script.py")


def test_a_callback_delivered_twice_at_once_credits_once(tmp_path) -> None:
    race = run_script(SCRIPT, tmp_path)
    assert race["outcomes"] == ["already_done", "confirmed"], race
    assert (race["payments"], race["history"], race["unpaid"]) == (1, 1, 0), race
    assert race["messages"] == 2, race  # one SMS and one email, once
