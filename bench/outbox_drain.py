"""The outbox drained by two real workers against a local SMTP server (issue 11's bench: ≥ 200 messages/s,
no message sent twice), beside the ceiling of raw smtplib measured in the same run.

    nice -n 10 .venv/bin/python bench/outbox_drain.py [--messages 3000] [--sms 0] [--workers 2]
        [--database sqlite | --database postgres | --database-url postgres://…] [--profile DIR]

It builds a throw-away database (a SQLite file in a temporary folder; `--database postgres` starts a private
cluster on a free loopback port as http_load.py does; `--database-url` makes a scratch database beside the
given one and drops it afterwards), migrates it, and enqueues N emails the way a transition does: through
`channels.notifications.send.notify` with the shipped "receive" template, one transaction per 100 messages.
With `--sms M` and Kannel installed, M SMS go too, through a Kannel the script starts (bearerbox, smsbox and
kannel-extras' fake SMSC, as the tests do); without Kannel it says so and sends email only.

An aiosmtpd server in this process counts what it accepts by Message-ID. First the reference: one process
sends the same N emails with raw smtplib over one connection (the ceiling for this server on this
machine). Then the workers: `manage.py deliver_outbox` × --workers, started together; the drain is timed
from the first worker's "started" line to the last message accepted. Then the reference again. It prints
messages/s, the time to drain, duplicates (Message-IDs accepted more than once: must be 0), failures (the
outbox's failed rows and anything left unsent), the workers' own tallies and the load average at the start
and the end. `--profile DIR` runs each worker under cProfile and prints the first one's top functions.
"""

from __future__ import annotations

import argparse
import collections
import os
import pstats
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller

from bench.http_load import ROOT, free_port, postgres_cluster
from tests.channels import kannel as kannel_harness
from tests.scratch import scratch_postgres

SECRET = "bench-only-secret-key-0123456789abcdef0123"
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.I | re.M)

ENQUEUE = """
import datetime as dt
from django.db import transaction
from django.utils import timezone
from egov.channels.notifications.send import Recipient, notify

emails, sms = {emails}, {sms}
values = {{"procedure": "Đăng ký khai sinh", "agency": "UBND xã Hòa Bình", "applicant": "Nguyễn Văn An",
          "link": "https://dichvucong.example.vn/tra-cuu/", "due": "16:30 20/12/2026"}}
now = timezone.now()
for start in range(0, emails + sms, 100):
    with transaction.atomic():  # as a transition does: the rows commit with the move
        for i in range(start, min(start + 100, emails + sms)):
            code = f"000.00.31.H99-261205-{{i:06d}}"
            if i < emails:
                who = Recipient(email=f"citizen{{i}}@example.vn", chosen=["email"])
            else:
                who = Recipient(phone=f"09{{i:08d}}", chosen=["sms"])
            notify("receive", {{**values, "code": code}}, who, subject=None, now=now)
print("enqueued")
"""

# The ceiling: the same rows' emails, built with the standard library and sent over one SMTP connection.
REFERENCE = """
import smtplib, time
from email.message import EmailMessage
from egov.channels.models import OutboxMessage

rows = list(OutboxMessage.objects.filter(topic="email").order_by("id").values_list("id", "payload"))
started = time.monotonic()
with smtplib.SMTP("127.0.0.1", {port}, timeout=20) as smtp:
    for pk, payload in rows:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "egov@localhost", payload["to"], payload["subject"]
        mail["Message-ID"] = f"<reference.{{pk}}@bench>"
        mail.set_content(payload["body"])
        smtp.send_message(mail)
print(len(rows), time.monotonic() - started)
"""


class Counter:
    """The aiosmtpd handler: how many times each Message-ID was accepted, and when the last one came."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.seen: collections.Counter[bytes] = collections.Counter()
            self.last = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.seen[found.group(1) if found else b"(none)"] += 1
            self.last = time.monotonic()
        return "250 accepted"

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.seen) < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def duplicates(self) -> int:
        return sum(n - 1 for n in self.seen.values())


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def manage(env: dict[str, str], *args: str) -> str:
    run = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if run.returncode:
        raise SystemExit(f"manage.py {' '.join(args[:2])} failed:\n{run.stderr[-3000:]}")
    return run.stdout


@contextmanager
def database(args: argparse.Namespace, work: Path) -> Iterator[tuple[str, str]]:
    """(EGOV_DATABASE_URL, a name for the report) of a throw-away database."""
    if args.database_url:
        scratch = scratch_postgres(args.database_url)
        url, name = next(scratch)
        try:
            yield url, f"PostgreSQL (scratch database {name})"
        finally:
            next(scratch, None)
    elif args.database == "postgres":
        with postgres_cluster(work) as port:
            yield f"postgres://bench@127.0.0.1:{port}/egov", f"PostgreSQL (private cluster, port {port})"
    else:
        yield f"sqlite:///{work / 'egov.sqlite3'}", "SQLite (WAL, one file)"


def environment(url: str, work: Path, smtp_port: int, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "DJANGO_"))}
    env.update(
        EGOV_DATABASE_URL=url,
        EGOV_DATA_DIR=str(work / "data"),
        EGOV_SECRET_KEY=SECRET,
        EGOV_DEBUG="0",
        EGOV_DEMO="1",
        EGOV_LOG_LEVEL="WARNING",
        EGOV_EMAIL_HOST="127.0.0.1",
        EGOV_EMAIL_PORT=str(smtp_port),
        EGOV_EMAIL_TLS="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class Worker:
    """One `manage.py deliver_outbox` in loop mode, its stdout lines collected as they come."""

    def __init__(self, env: dict[str, str], args: argparse.Namespace, index: int) -> None:
        command = [sys.executable]
        if args.profile:
            command += ["-m", "cProfile", "-o", str(Path(args.profile) / f"worker{index}.prof")]
        command += ["manage.py", "deliver_outbox", "--sleep", str(args.sleep), "--limit", str(args.limit)]
        command += ["--mark-every", str(args.mark_every)] if args.mark_every else []
        self.lines: list[tuple[float, str]] = []
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.errors: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.monotonic(), line.strip()))

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        self.errors.extend(line.rstrip() for line in self.process.stderr)

    def started(self, timeout: float = 120) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for when, line in self.lines:
                if line == "deliver_outbox: started":
                    return when
            if self.process.poll() is not None:
                raise SystemExit("a worker stopped:\n" + "\n".join(self.errors[-30:]))
            time.sleep(0.01)
        raise SystemExit("a worker did not start")

    def stop(self) -> str:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=120)
        time.sleep(0.1)  # the reader thread takes the last line
        return self.lines[-1][1] if self.lines else "(nothing printed)"


def reference(env: dict[str, str], counter: Counter, expected: int) -> float:
    counter.reset()
    out = manage(env, "shell", "-c", REFERENCE.format(port=env["EGOV_EMAIL_PORT"]))
    sent, seconds = out.strip().splitlines()[-1].split()
    assert int(sent) == expected and counter.wait_for(expected, 30), (sent, len(counter.seen))
    return expected / float(seconds)


def start_sms(stack: ExitStack, work: Path, sms: int) -> tuple[dict[str, str], Any]:
    """The workers' settings for a Kannel started here, and the Kannel; ({}, None) without SMS."""
    if not sms:
        return {}, None
    why = kannel_harness.missing()
    if why:
        print(f"SMS skipped: {why}")
        return {}, None
    (work / "kannel").mkdir()
    # Delivery reports would call egov back; no egov web server runs here, so they go to a closed port.
    gateway = kannel_harness.start_kannel(work / "kannel", f"http://127.0.0.1:{free_port()}")
    stack.callback(gateway.stop)
    settings = {
        "EGOV_SMS_TRANSPORT": "egov.channels.gateways.kannel.KannelGateway",
        "EGOV_KANNEL_SENDSMS_URL": gateway.sendsms_url,
        "EGOV_KANNEL_USERNAME": kannel_harness.USERNAME,
        "EGOV_KANNEL_PASSWORD": kannel_harness.PASSWORD,
        "EGOV_KANNEL_CALLBACK_SECRET": kannel_harness.SECRET,
        "EGOV_KANNEL_SENDER": kannel_harness.SHORT_NUMBER,
    }
    return settings, gateway


def sms_figures(gateway: Any, expected: int, timeout: float) -> str:
    if gateway is None:
        return "SMS: none sent"
    deadline = time.monotonic() + timeout
    while len(gateway.received()) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    texts = collections.Counter(text for _from, _to, text in gateway.received())
    twice = sum(n - 1 for n in texts.values())
    return f"SMS: {len(texts)} of {expected} reached the fake SMSC, {twice} duplicates"


def outbox_state(env: dict[str, str]) -> dict[str, int]:
    out = manage(env, "outbox_status")
    return {line.split()[0]: int(line.split()[1]) for line in out.splitlines()[:5]}


def print_profile(folder: str) -> None:
    path = Path(folder) / "worker0.prof"
    if path.exists():
        # The sending loop only (start-up imports and the idle sleep would crowd it out), by cumulative time.
        print(f"\nworker 0's profile ({path}), the sending path by cumulative time:")
        where = r"egov/channels|smtplib|django/core/mail|django/template/loader|sqlite3/base|psycopg"
        pstats.Stats(str(path)).sort_stats("cumulative").print_stats(where, 24)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=3000, help="emails to enqueue")
    parser.add_argument(
        "--sms", type=int, default=0, help="SMS to enqueue (sent through Kannel if installed)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=100, help="the workers' --limit")
    parser.add_argument("--sleep", type=float, default=10.0, help="the workers' --sleep (the unit's value)")
    parser.add_argument("--mark-every", type=int, default=0, help="the workers' --mark-every")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server to make a scratch database on"
    )
    parser.add_argument("--profile", default="", help="a folder for the workers' cProfile output")
    parser.add_argument(
        "--timeout", type=float, default=600, help="give up the drain after this many seconds"
    )
    args = parser.parse_args()
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)
    print(f"outbox drain: {args.messages} emails, {args.sms} SMS, {args.workers} workers; load {load()}")
    counter = Counter()
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="egov-drain-")))
        url, name = stack.enter_context(database(args, work))
        controller = Controller(counter, hostname="127.0.0.1", port=free_port())
        controller.start()
        stack.callback(controller.stop)
        sms_settings, gateway = start_sms(stack, work, args.sms)
        env = environment(url, work, controller.port, sms_settings)
        manage(env, "migrate", "--noinput", "-v0")
        sms = args.sms if gateway else 0
        manage(env, "shell", "-c", ENQUEUE.format(emails=args.messages, sms=sms))
        print(f"database: {name}; enqueued {outbox_state(env)['due']} messages")

        before = reference(env, counter, args.messages)
        print(f"reference before: raw smtplib, one process, one connection: {before:,.0f} messages/s")
        counter.reset()
        workers = [Worker(env, args, i) for i in range(args.workers)]
        try:
            start = min(worker.started() for worker in workers)
            drained = counter.wait_for(args.messages, args.timeout)
            end = counter.last
            sms_line = sms_figures(gateway, sms, 60)
            time.sleep(1.0)  # room for a second copy to arrive, were one sent
        finally:
            tallies = [worker.stop() for worker in workers]
        duplicates = counter.duplicates()
        seconds = end - start
        state = outbox_state(env)
        after = reference(env, counter, args.messages)

    print(f"reference after: {after:,.0f} messages/s")
    rate = args.messages / seconds
    print(
        f"workers: {len(counter.seen)} emails of {args.messages} in {seconds:.2f} s "
        f"= {rate:,.0f} messages/s ({rate / min(before, after):.2f} × the slower reference)"
    )
    print(
        f"duplicates: {duplicates}; failed: {state['failed']}; "
        f"left unsent: {state['due'] + state['leased'] + state['waiting']}"
    )
    print(sms_line)
    for i, line in enumerate(tallies):
        print(f"worker {i}: {line}")
    for worker in workers:
        for line in worker.errors[-5:]:
            print(f"  stderr: {line}")
    print(f"load average at the end: {load()}")
    if args.profile:
        print_profile(args.profile)
    ok = drained and duplicates == 0 and state["failed"] == 0 and rate >= 200
    print("target (≥ 200 messages/s, no duplicate, no failure):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
