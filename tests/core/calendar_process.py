"""Run by test_calendar_processes as a separate process on a shared database (EGOV_DATABASE_URL).

calendar_process.py migrate          build the database
calendar_process.py add-day DATE     add a province day off through the back office's service
calendar_process.py reader           read commands on stdin, one per line, and print a due date for each:
    request   as a web request does: Django's request_started signal, then the computation
    compute   as a worker does between requests: the computation alone
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_started  # noqa: E402

from egov.core import calendar  # noqa: E402

#: A Monday at 10:00: with one working day allowed, due on Tuesday 10:00 unless Tuesday is off.
RECEIVED = dt.datetime(2030, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def main(command: str, *args: str) -> None:
    if command == "migrate":
        call_command("migrate", verbosity=0)
    elif command == "add-day":
        from egov.backoffice.calendar import services
        from egov.core.audit import SystemActor

        day = dt.date.fromisoformat(args[0])
        services.create_province_day(SystemActor(), date=day, kind="day_off", name="Ngày nghỉ của tỉnh")
    elif command == "reader":
        for line in sys.stdin:
            if line.strip() == "request":
                request_started.send(sender=None)
            print(calendar.due_at(RECEIVED, 1).isoformat(), flush=True)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
