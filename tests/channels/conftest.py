"""A real SMTP server on 127.0.0.1 and a real database that worker processes share.

`smtp_server` runs aiosmtpd in a thread and records what it accepts; an
address starting "refused" is answered 550 at RCPT, "busy" 450; a subject starting "rejected"
is answered 554 after DATA. `worker_db` is
a fresh, migrated database (a SQLite file, or a new PostgreSQL database when the
suite runs on PostgreSQL) that `manage.py deliver_outbox` subprocesses use.
"""

from __future__ import annotations

import asyncio
import email
import email.message
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("outbox_script.py")


@dataclass
class Recorder:
    """The aiosmtpd handler: what the server accepted, in order."""

    delay: float = 0.0
    subjects: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    messages: list[email.message.Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    receiving: threading.Event = field(default_factory=threading.Event)  # a message's DATA has begun
    peers: list[Any] = field(default_factory=list)  # each message's client (address, port): its connection
    # hold_at = n: the n-th DATA waits unanswered until `let_go` is set, then is refused (its sender is gone).
    hold_at: int = 0
    held: threading.Event = field(default_factory=threading.Event)
    let_go: threading.Event = field(default_factory=threading.Event)
    data_count: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("refused"):
            return "550 5.1.1 no such mailbox"
        if address.startswith("busy"):
            return "450 4.2.1 mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.receiving.set()
        self.data_count += 1
        if self.data_count == self.hold_at:
            self.held.set()
            while not self.let_go.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 aborted"
        await asyncio.sleep(self.delay)  # a slow server, so that two workers overlap
        message = email.message_from_bytes(envelope.content)
        if str(message["Subject"]).startswith("rejected"):
            return "554 5.7.1 message refused"
        with self.lock:
            self.subjects.append(str(message["Subject"]))
            self.recipients.extend(envelope.rcpt_tos)
            self.messages.append(message)
            self.peers.append(session.peer)
        return "250 accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Recorder]]:
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, recorder
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings: Any, smtp_server: tuple[Controller, Recorder]) -> Recorder:
    """This process's Django sends through the real SMTP server."""
    controller, recorder = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return recorder


@dataclass
class WorkerDB:
    """A migrated database outside the test's own, and the environment a child process needs for it."""

    url: str

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "PYTEST", "DJANGO_"))}
        env.update(EGOV_DATABASE_URL=self.url, EGOV_DEMO="1", PYTHONUNBUFFERED="1", EGOV_LOG_LEVEL="WARNING")
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def script(self, *args: str) -> str:
        run = subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        return run.stdout

    def sql(self, statement: str) -> list[tuple[Any, ...]]:
        """Run one statement on the database with its own driver (not Django: this process's Django
        is connected to the test database)."""
        parts = urlsplit(self.url)
        if parts.scheme == "sqlite":
            with sqlite3.connect(parts.path) as db:
                return db.execute(statement).fetchall()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as db:
            cursor = db.execute(statement)  # type: ignore[call-overload]
            return cursor.fetchall() if cursor.description else []


def _postgres_url() -> str | None:
    url = os.environ.get("EGOV_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(params=["sqlite", "postgres"])
def worker_db(request: Any, tmp_path: Path) -> Iterator[WorkerDB]:
    if request.param == "sqlite":
        db = WorkerDB(f"sqlite:///{tmp_path / 'egov.sqlite3'}")
        drop = None
    else:
        base = _postgres_url()
        if base is None:
            pytest.skip("PostgreSQL runs only when the suite runs with EGOV_DATABASE_URL=postgres://...")
        import psycopg

        parts = urlsplit(base)
        name = f"{parts.path.lstrip('/')}_workers_{os.getpid()}"
        admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')  # type: ignore[arg-type]
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        db = WorkerDB(parts._replace(path=f"/{name}").geturl())

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]

    migrated = db.manage("migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    try:
        yield db
    finally:
        if drop:
            drop()
