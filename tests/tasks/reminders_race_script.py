"""Run by test_reminders_race in its own process, on a throw-away database (a fresh SQLite file, or a fresh
PostgreSQL database the test creates and drops). Four daily runs of the task reminders start together from
threads with their own connections, on the day after a task's deadline; prints how many late reminders each
run sent and how many emails and history rows exist afterwards, as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.scratch import start_child

start_child()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from egov.channels.models import OutboxMessage  # noqa: E402
from egov.organizations.models import AgencyKind, Role  # noqa: E402
from egov.tasks import reminders, services  # noqa: E402
from egov.tasks.models import TaskEvent  # noqa: E402
from tests.factories import make_agency, make_staff  # noqa: E402

RUNS = 4
commune = make_agency("UBND xã", AgencyKind.COMMUNE, code="000.00.31.H99")
office = make_agency("Văn phòng", AgencyKind.OFFICE, commune, code="000.31.01.H99")
leader = make_staff("lanhdao", commune, (Role.LEADER,), "Lãnh Đạo", email="lanhdao@xa.example")
make_staff("chuyenvien", office, (Role.SPECIALIST,), "Chuyên Viên", email="chuyenvien@xa.example")
assigned_at = timezone.make_aware(dt.datetime(2026, 6, 1, 9, 0))
spec = services.Assignment(title="Việc", lead_unit=office, due_on=dt.date(2026, 6, 5))
services.assign(actor=leader.user, agency=commune, task=spec, now=assigned_at)
before = OutboxMessage.objects.count()
connection.close()

barrier = threading.Barrier(RUNS)
outcomes: list[Any] = [None] * RUNS
late_day = timezone.make_aware(dt.datetime(2026, 6, 8, 7, 0))


def run(index: int) -> None:
    try:
        barrier.wait()
        outcomes[index] = reminders.send_due(late_day)["late"]
    except Exception as exc:
        outcomes[index] = f"error: {exc!r}"
    finally:
        connection.close()


threads = [threading.Thread(target=run, args=(i,)) for i in range(RUNS)]
for t in threads:
    t.start()
for t in threads:
    t.join(120)
print(
    json.dumps(
        {
            "sent": outcomes,
            "emails": OutboxMessage.objects.count() - before,
            "events": TaskEvent.objects.filter(action="remind").count(),
        }
    )
)
