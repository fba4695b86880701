"""Races run in a child process on a throw-away database: PostgreSQL when the suite runs on it (a database
made for the run and dropped after it), otherwise a fresh SQLite file as the embedded profile runs.

The test side calls `run_script(script, folder)`; the script (a `*_script.py` beside its test) starts with

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.scratch import start_child
    start_child()

and prints its findings as JSON on its last line. `start_child` refuses any database but the one the test
made, so a script run by hand never touches a real one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit


def scratch_postgres(url: str) -> Iterator[tuple[str, str]]:
    """Yield (the URL of a new database beside the one in `url`, its name); drop it when resumed."""
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


def run_script(script: Path, folder: Path, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run `script` on a scratch database with its data in `folder`; the JSON of its last line. Fails the
    test with the end of its stderr when it exits with an error."""
    child = {**os.environ, "EGOV_DATA_DIR": str(folder), "EGOV_DEBUG": "1", **(env or {})}
    child.pop("DJANGO_SETTINGS_MODULE", None)
    url = child.pop("EGOV_DATABASE_URL", "")
    scratch: Iterator[tuple[str, str]] = iter(())
    if url.startswith("postgres"):
        scratch = scratch_postgres(url)
        child["EGOV_DATABASE_URL"], child["EGOV_SCRATCH_DATABASE"] = next(scratch)
    else:
        child["EGOV_SCRATCH_DATABASE"] = str(folder / "egov.sqlite3")
    try:
        run = subprocess.run(
            [sys.executable, str(script)], env=child, capture_output=True, text=True, timeout=300, check=False
        )
    finally:
        next(scratch, None)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def start_child() -> None:
    """In the script: set Django up, refuse any database but the scratch one, and migrate it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if str(connection.settings_dict["NAME"]) != os.environ.get("EGOV_SCRATCH_DATABASE"):
        sys.exit(f"refusing to run on {connection.settings_dict['NAME']}: not the scratch database")
    call_command("migrate", verbosity=0)


def slowed(module: Any, name: str, seconds: float, when: Any = None) -> None:
    """In the script: make `module.name` sleep `seconds` after it runs (when `when(result)` holds, if
    given) — a slow request between its read and its write, so two at once overlap where a lock must hold."""
    import time

    original = getattr(module, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if when is None or when(result):
            time.sleep(seconds)
        return result

    setattr(module, name, slow)


def race(*calls: Any, describe: Any = str) -> list[str]:
    """In the script: run the calls at once, each in its own thread and connection, started together by a
    barrier; each outcome is "ok " + describe(result), or the error it raised."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(index: int, call: Any) -> None:
        try:
            barrier.wait()
            outcomes[index] = "ok " + describe(call())
        except Exception as exc:
            outcomes[index] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes
