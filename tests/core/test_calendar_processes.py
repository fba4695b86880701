"""The calendar each process caches follows a change made by another process (several gunicorn workers).

Real processes on one database: a file SQLite database, or a fresh PostgreSQL database on the server of
EGOV_DATABASE_URL when the suite runs on PostgreSQL. Process B computes a due date, process A adds a day
off, and B's next computation sees it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from egov.core import calendar

SCRIPT = Path(__file__).with_name("calendar_process.py")
TUESDAY_DUE = "2030-03-05T10:00:00+07:00"
WEDNESDAY_DUE = "2030-03-06T10:00:00+07:00"


def _run(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def shared_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    env = {**os.environ, "EGOV_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = os.environ.get("EGOV_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = f"egov_calendar_{uuid.uuid4().hex[:10]}"
        server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["EGOV_DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        try:
            _run(env, "migrate")
            yield env
        finally:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["EGOV_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('calendar')}/egov.sqlite3"
        _run(env, "migrate")
        yield env


class Reader:
    """Process B: a long-lived process that keeps its cached calendar between computations."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(SCRIPT), "reader"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def due(self, how: str) -> str:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(how + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline().strip()
        assert line, self.process.stderr.read() if self.process.stderr else "reader died"
        return line

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def reader(shared_env: dict[str, str]) -> Iterator[Reader]:
    process = Reader(shared_env)
    yield process
    process.close()


def test_a_web_process_sees_another_process_s_new_day_off_at_its_next_request(shared_env, reader):
    assert reader.due("request") == TUESDAY_DUE
    assert reader.due("request") == TUESDAY_DUE  # cached, and still right
    _run(shared_env, "add-day", "2030-03-05")
    assert reader.due("request") == WEDNESDAY_DUE


def test_a_worker_process_sees_another_process_s_change_within_the_recheck_interval(shared_env, reader):
    before = reader.due("compute")
    assert before in (TUESDAY_DUE, WEDNESDAY_DUE)  # the other test may have run first in this database
    _run(shared_env, "add-day", before[:10])
    time.sleep(calendar.RECHECK_SECONDS + 0.2)
    after = reader.due("compute")
    assert dt.datetime.fromisoformat(after) - dt.datetime.fromisoformat(before) == dt.timedelta(days=1)
