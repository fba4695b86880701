"""Real worker processes (`manage.py deliver_outbox`) on a shared database (a SQLite file, and
PostgreSQL when the suite runs on it), sending to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.channels.conftest import ROOT, WorkerDB

MESSAGES = 40
TABLE = "channels_outboxmessage"


class Worker:
    """One `manage.py deliver_outbox` in loop mode; its stdout lines are collected as they come."""

    def __init__(self, db: WorkerDB, **env: str) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "deliver_outbox", "--sleep", "0.2", "--limit", "10"],
            cwd=ROOT,
            env=db.env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.strip())

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, self.process.stderr.read() if self.process.stderr else ""
            assert time.monotonic() < deadline, f"no {text!r} from the worker: {self.lines}"
            time.sleep(0.05)

    def stop(self) -> int:
        """SIGTERM, as systemd stops the unit; the worker must leave by itself, cleanly."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self.reader.join(timeout=10)
        return code

    def sent(self) -> int:
        last = self.lines[-1]
        assert last.startswith("deliver_outbox: stopped; sent "), self.lines
        return int(last.split("sent ")[1].split(",")[0])


def test_two_workers_send_every_message_exactly_once(worker_db, smtp_server):
    controller, recorder = smtp_server
    recorder.delay = 0.02  # each message takes a moment, so both workers are busy at once
    smtp = {"EGOV_EMAIL_HOST": "127.0.0.1", "EGOV_EMAIL_PORT": str(controller.port), "EGOV_EMAIL_TLS": "0"}
    workers = [Worker(worker_db, **smtp), Worker(worker_db, **smtp)]
    try:
        for worker in workers:
            worker.wait_for("deliver_outbox: started")
        worker_db.script("enqueue-email", str(MESSAGES), "two-workers")
        deadline = time.monotonic() + 120
        while len(recorder.subjects) < MESSAGES and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)  # room for a second copy to arrive, were one sent
    finally:
        codes = [worker.stop() for worker in workers]
    assert codes == [0, 0], [w.lines for w in workers]
    assert sorted(recorder.subjects) == sorted(f"two-workers-{i}" for i in range(MESSAGES))
    sent = [worker.sent() for worker in workers]
    assert min(sent) > 0 and sum(sent) == MESSAGES, sent  # both took part, and nothing was sent twice
    rows = worker_db.sql(f"SELECT attempts, sent_at IS NOT NULL, failed_at IS NULL FROM {TABLE}")
    assert [(attempts, bool(sent), bool(ok)) for attempts, sent, ok in rows] == [(1, True, True)] * MESSAGES


def test_sigterm_lets_the_worker_finish_the_message_in_hand(worker_db, smtp_server):
    controller, recorder = smtp_server
    recorder.delay = 2.0  # the server takes its time over the message
    smtp = {"EGOV_EMAIL_HOST": "127.0.0.1", "EGOV_EMAIL_PORT": str(controller.port), "EGOV_EMAIL_TLS": "0"}
    worker = Worker(worker_db, **smtp)
    try:
        worker.wait_for("deliver_outbox: started")
        worker_db.script("enqueue-email", "1", "in-hand")
        assert recorder.receiving.wait(timeout=60)
    finally:
        worker.process.send_signal(signal.SIGTERM)  # while the server is still reading the message
        code = worker.stop()
    assert code == 0 and worker.sent() == 1, worker.lines
    assert recorder.subjects == ["in-hand-0"]
    rows = worker_db.sql(f"SELECT attempts, sent_at IS NOT NULL, lease_until FROM {TABLE}")
    assert [(attempts, bool(sent), lease) for attempts, sent, lease in rows] == [(1, True, None)]


def test_a_message_that_kills_its_worker_fails_after_the_maximum_attempts(worker_db, tmp_path: Path):
    from egov.channels.outbox import MAX_ATTEMPTS

    calls = tmp_path / "calls.txt"
    dying = {"EGOV_SMS_TRANSPORT": "tests.channels.dying.DyingSMS", "EGOV_TEST_DYING_LOG": str(calls)}
    worker_db.script("enqueue-sms", "1")
    row = f"SELECT attempts, sent_at, failed_at, lease_until IS NOT NULL, last_error FROM {TABLE}"
    for attempt in range(1, MAX_ATTEMPTS + 1):
        run = worker_db.manage("deliver_outbox", "--once", **dying)
        assert run.returncode == 70, run.stderr[-2000:]  # died mid-send: nothing recorded but the claim
        assert worker_db.sql(row) == [(attempt, None, None, 1 if "sqlite" in worker_db.url else True, "")]
        if attempt == 1:
            # While the lease lasts, no other worker takes the message.
            run = worker_db.manage("deliver_outbox", "--once", **dying)
            assert run.returncode == 0 and "sent 0, failed 0, retried 0" in run.stdout, run.stderr[-2000:]
        # Time passes beyond the lease, as when the dead worker's lease runs out.
        worker_db.sql(f"UPDATE {TABLE} SET lease_until = '2000-01-01 00:00:00'")
    run = worker_db.manage("deliver_outbox", "--once", **dying)
    assert run.returncode == 0 and "failed 1" in run.stdout, run.stderr[-2000:]
    assert calls.read_text().splitlines() == ["0900000000"] * MAX_ATTEMPTS  # never tried a sixth time
    ((attempts, sent_at, failed_at, _leased, error),) = worker_db.sql(row)
    assert attempts == MAX_ATTEMPTS and sent_at is None and failed_at is not None
    assert "the worker stopped while sending it" in error


def test_postgresql_workers_skip_a_locked_message_instead_of_waiting_for_it(worker_db, smtp_server):
    """SELECT ... FOR UPDATE SKIP LOCKED: while another transaction holds the first message's row, a worker
    sends the second at once. A worker claiming by UPDATE alone would wait on that row lock."""
    if "sqlite" in worker_db.url:
        import pytest

        pytest.skip("SQLite has no row locks: its workers claim by a conditional UPDATE (the test above)")
    import psycopg

    controller, recorder = smtp_server
    smtp = {"EGOV_EMAIL_HOST": "127.0.0.1", "EGOV_EMAIL_PORT": str(controller.port), "EGOV_EMAIL_TLS": "0"}
    worker_db.script("enqueue-email", "2", "locked")
    with psycopg.connect(worker_db.url.replace("postgres://", "postgresql://", 1)) as holder:
        holder.execute(f"SELECT id FROM {TABLE} ORDER BY id LIMIT 1 FOR UPDATE")  # type: ignore[call-overload]
        started = time.monotonic()
        run = worker_db.manage("deliver_outbox", "--once", timeout=60, **smtp)
        took = time.monotonic() - started
        holder.rollback()
    assert run.returncode == 0 and "sent 1," in run.stdout, run.stderr[-2000:]
    assert recorder.subjects == ["locked-1"] and took < 30


def test_a_worker_killed_mid_batch_leaves_its_batch_to_its_lease(worker_db, smtp_server):
    """Worker A claims a batch of 10 (its --limit), has sent 12 messages in all (the first 10 recorded
    together, MARK_EVERY) and is in the middle of the 13th when it is killed (SIGKILL: nothing runs after).
    Worker B sends everything else but leaves A's batch alone while A's lease lasts. Once the lease has
    run out, B sends A's batch: the 13th, which the server never accepted from A, once; the 11th and 12th,
    which left A but were not recorded yet, a second time with the same Message-ID (the documented
    window); nothing else twice."""
    from egov.channels.outbox import MARK_EVERY

    assert MARK_EVERY == 10  # the counts below follow from it
    controller, recorder = smtp_server
    recorder.hold_at = 13
    smtp = {"EGOV_EMAIL_HOST": "127.0.0.1", "EGOV_EMAIL_PORT": str(controller.port), "EGOV_EMAIL_TLS": "0"}
    worker_db.script("enqueue-email", str(MESSAGES), "killed")
    first = Worker(worker_db, **smtp)
    second = None
    try:
        assert recorder.held.wait(timeout=60), first.lines
        first.process.kill()
        first.process.wait(timeout=30)
        second = Worker(worker_db, **smtp)
        deadline = time.monotonic() + 120
        while len(recorder.subjects) < MESSAGES - 8 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)  # time for B to take A's batch, were it allowed to
        batch = [f"killed-{i}" for i in range(10, 20)]
        assert not set(batch[2:]) & set(recorder.subjects), "B took A's leased batch"
        assert len(recorder.subjects) == MESSAGES - 8, recorder.subjects
        # Time passes beyond A's lease.
        worker_db.sql(f"UPDATE {TABLE} SET lease_until = '2000-01-01 00:00:00' WHERE sent_at IS NULL")
        while len(recorder.subjects) < MESSAGES + 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)  # room for a third copy, were one sent
    finally:
        if first.process.poll() is None:
            first.process.kill()  # the test failed before killing it
        recorder.let_go.set()
        assert second is None or second.stop() == 0
    counts = {subject: recorder.subjects.count(subject) for subject in set(recorder.subjects)}
    assert counts == {f"killed-{i}": 2 if i in (10, 11) else 1 for i in range(MESSAGES)}, counts
    ids = [str(m["Message-ID"]) for m in recorder.messages if m["Subject"] == "killed-10"]
    assert len(ids) == 2 and ids[0] == ids[1]
    rows = worker_db.sql(f"SELECT attempts, sent_at IS NOT NULL FROM {TABLE} ORDER BY id")
    assert [(attempts, bool(sent)) for attempts, sent in rows] == [
        (2 if 10 <= i < 20 else 1, True) for i in range(MESSAGES)
    ]
